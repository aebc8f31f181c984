// The console's audit trail, newest first (supervisors and admins).
import { useTranslation } from 'react-i18next';
import { chinaTime, useLoad } from '../hooks';
import type { AuditEntry } from '../types';
import { Status, reference } from './parts';

export function Audit() {
  const { t } = useTranslation();
  const audit = useLoad<{ entries: AuditEntry[] }>('/api/audit');
  return (
    <>
      <h1>{t('audit.heading')}</h1>
      <Status loaded={audit} />
      {audit.data && (
        <table>
          <caption>{t('audit.heading')}</caption>
          <thead>
            <tr>{['cases.at', 'audit.actor', 'audit.action', 'audit.outcome', 'audit.case'].map((k) => <th key={k} scope="col">{t(k)}</th>)}</tr>
          </thead>
          <tbody>
            {audit.data.entries.map((e) => (
              <tr key={e.id}>
                <td className="mono">{chinaTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.outcome}</td>
                <td className="mono">{e.reference ? reference(e.reference) : (e.cabinet ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
