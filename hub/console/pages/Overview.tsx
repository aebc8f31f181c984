// The district board: every cabinet's health, cases by department and state, open cases overdue first.
import { useTranslation } from 'react-i18next';
import { useLoad, useNames, chinaTime } from '../hooks';
import type { Cabinet, CaseRow, CaseState, Meta } from '../types';
import { CaseTable, Status } from './parts';

interface Board {
  cabinets: Cabinet[];
  counts: { departmentId: string | null; state: CaseState; count: number }[];
  cases: CaseRow[];
  followups: number;
  today: string;
}
const STATES: CaseState[] = ['accepted', 'in-progress', 'correction', 'completed', 'rejected'];

export function Overview({ meta }: { meta: Meta | null }) {
  const { t } = useTranslation();
  const board = useLoad<Board>('/api/overview');
  const b = board.data;
  return (
    <>
      <h1>{t('overview.heading')}</h1>
      <Status loaded={board} />
      {b && (
        <>
          <p>{t('overview.today', { day: b.today })} · <a href="#/followups">{t('overview.followupsOpen', { count: b.followups })}</a></p>
          <CabinetTable cabinets={b.cabinets} />
          <CountsTable counts={b.counts} meta={meta} />
          <CaseTable cases={b.cases} meta={meta} caption={t('overview.cases')} />
        </>
      )}
    </>
  );
}

function CabinetTable({ cabinets }: { cabinets: Cabinet[] }) {
  const { t } = useTranslation();
  return (
    <table>
      <caption>{t('overview.cabinets')}</caption>
      <thead>
        <tr>{['cabinet', 'presence', 'faults', 'paper', 'backlog', 'fullness'].map((k) => <th key={k} scope="col" className={k === 'backlog' || k === 'fullness' ? 'num' : undefined}>{t(`overview.${k}`)}</th>)}</tr>
      </thead>
      <tbody>
        {cabinets.map((c) => {
          const faults = c.health?.doorFaults?.length ?? 0;
          const paperFault = Boolean(c.health?.printer?.lastFailureAt);
          const fill = c.health?.compartments;
          return (
            <tr key={c.id} className={c.presence !== 'online' || c.alerts.length > 0 ? 'late' : undefined}>
              <td><a href={`#/cabinets/${encodeURIComponent(c.id)}`}>{c.id}</a></td>
              <td>{t(`presence.${c.presence}`)}{c.alerts.includes('silent') ? ` · ⚠ ${t('overview.silent')}` : ''} <span className="muted">{chinaTime(c.lastHeartbeatAt)}</span></td>
              <td>{faults > 0 ? `⚠ ${t('overview.faultCount', { count: faults })}` : t('overview.none')}</td>
              <td>{paperFault ? `⚠ ${t('overview.paperFault')}` : t('overview.paperOk')}</td>
              <td className="num">{c.health?.backlog?.events ?? '—'}</td>
              <td className="num">{fill ? `${fill.total - fill.free} / ${fill.total}` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CountsTable({ counts, meta }: { counts: Board['counts']; meta: Meta | null }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const depts = [...new Set(counts.map((c) => c.departmentId))];
  const n = (d: string | null, s: CaseState) => counts.find((c) => c.departmentId === d && c.state === s)?.count ?? 0;
  return (
    <table>
      <caption>{t('overview.byDepartment')}</caption>
      <thead>
        <tr><th scope="col">{t('overview.department')}</th>{STATES.map((s) => <th key={s} scope="col" className="num">{t(`states.${s}`)}</th>)}</tr>
      </thead>
      <tbody>
        {depts.map((d) => (
          <tr key={d ?? '-'}>
            <th scope="row"><a href={`#/departments/${d ?? '-'}`}>{names.department(d)}</a></th>
            {STATES.map((s) => <td key={s} className="num">{n(d, s)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
