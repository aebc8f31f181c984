// Pieces several pages share: a loading/error line, the case table, flags as words.
import { useTranslation } from 'react-i18next';
import { formatReference } from '../../../main/contract/format';
import { chinaTime, useNames, type Loaded } from '../hooks';
import type { CaseRow, Meta } from '../types';

export function Status<T>({ loaded }: { loaded: Loaded<T> }) {
  const { t } = useTranslation();
  if (loaded.error)
    return (
      <p role="alert" className="alert">
        {t('app.error', { message: loaded.error })}{' '}
        <button type="button" onClick={loaded.reload}>{t('app.retry')}</button>
      </p>
    );
  return loaded.data ? null : <p role="status">{t('app.loading')}</p>;
}

export const reference = (r: string | null) => (r ? formatReference(r) : '—');

export function Flags({ flags }: { flags: string[] }) {
  const { t } = useTranslation();
  const shown = flags.filter((f) => f !== 'escalated-supervisor' || !flags.includes('escalated-lead'));
  return (
    <>
      {shown.map((f) => (
        <span key={f} className={`flag flag-${f}`}>⚠ {t(`flags.${f}`)}</span>
      ))}
    </>
  );
}

export function CaseTable({ cases, meta, caption }: { cases: CaseRow[]; meta: Meta | null; caption: string }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  if (cases.length === 0) return <p>{t('overview.noCases')}</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {['reference', 'matter', 'department', 'cabinet', 'state', 'due', 'flags'].map((k) => <th key={k} scope="col">{t(`cases.${k}`)}</th>)}
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} className={c.flags.includes('overdue') ? 'late' : undefined}>
            <td><a href={`#/cases/${c.id}`} className="mono">{reference(c.reference)}</a></td>
            <td>{names.matter(c.matterId)}</td>
            <td>{names.department(c.departmentId)}</td>
            <td><a href={`#/cabinets/${encodeURIComponent(c.cabinet)}`}>{c.cabinet}</a></td>
            <td>{t(`states.${c.state}`)}</td>
            <td className="mono">{c.dueDate ?? '—'}</td>
            <td><Flags flags={c.flags} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export { chinaTime };
