// Which page the hash route shows.
import type { Session } from '../api';
import type { Meta } from '../types';
import { Accounts } from './Accounts';
import { Audit } from './Audit';
import { CabinetPage } from './CabinetPage';
import { CasePage } from './CasePage';
import { Followups } from './Followups';
import { Overview } from './Overview';
import { QueuePage } from './QueuePage';
import { Reports } from './Reports';

export function Page({ route, session, meta }: { route: string[]; session: Session; meta: Meta | null }) {
  const [page, id] = route;
  if (page === 'cabinets' && id) return <CabinetPage id={id} session={session} meta={meta} />;
  if (page === 'departments' && id) return <QueuePage id={id} meta={meta} />;
  if (page === 'cases' && id) return <CasePage id={id} session={session} meta={meta} />;
  if (page === 'followups') return <Followups meta={meta} />;
  if (page === 'reports') return <Reports meta={meta} />;
  if (page === 'audit') return <Audit />;
  if (page === 'accounts' && session.role === 'admin') return <Accounts meta={meta} />;
  return <Overview meta={meta} />;
}
