// Compartments under check: a door may have opened unseen, so each may hold someone's documents.
// Staff open it on site (by override or at night retrieval) and say what they found.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';

type Pending = Awaited<ReturnType<(typeof api)['check.list']>>[number];

export function CheckPanel({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [pending, setPending] = useState<Pending[]>([]);
  const load = useCallback(() => {
    api['check.list']({ token }).then(setPending, fail);
  }, [token, fail]);
  useEffect(load, [load, refreshKey]);
  const clear = (label: string, found: 'empty' | 'documents') => api['check.clear']({ token, label, found }).then(load, fail);

  return (
    <section aria-labelledby="check-title">
      <h2 id="check-title">{t('staff.checkTitle')}</h2>
      {pending.length === 0 && <EmptyState>{t('staff.empty.checks')}</EmptyState>}
      {pending.length > 0 && <p className="note">{t('staff.checkHint')}</p>}
      {pending.length > 0 && (
      <table className="staff-table" aria-labelledby="check-title">
        <thead>
          <tr>
            <th scope="col">{t('staff.compartment')}</th>
            <th scope="col">{t('staff.reference')}</th>
            <th scope="col">{t('staff.checkFound')}</th>
          </tr>
        </thead>
        <tbody>
          {pending.map((p) => (
            <tr key={p.label}>
              <td>{p.label}</td>
              <td>{p.reference ?? '—'}</td>
              <td>
                <button type="button" className="small-button" onClick={() => clear(p.label, 'empty')}>
                  {t('staff.checkEmpty', { label: p.label })}
                </button>
                <button type="button" className="small-button" onClick={() => clear(p.label, 'documents')}>
                  {t('staff.checkDocuments', { label: p.label })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
    </section>
  );
}
