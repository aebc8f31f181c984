// A department's queue: its open cases, overdue first, and its open follow-ups.
import { useTranslation } from 'react-i18next';
import { chinaTime, useLoad, useNames } from '../hooks';
import type { CaseRow, Followup, Meta } from '../types';
import { CaseTable, Status, reference } from './parts';

export function QueuePage({ id, meta }: { id: string; meta: Meta | null }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const queue = useLoad<{ cases: CaseRow[]; followups: Followup[] }>(`/api/departments/${encodeURIComponent(id)}/queue`);
  const name = names.department(id === '-' ? null : id);
  return (
    <>
      <h1>{t('queue.heading', { name })}</h1>
      <Status loaded={queue} />
      {queue.data && (
        <>
          <CaseTable cases={queue.data.cases} meta={meta} caption={t('queue.heading', { name })} />
          <h2>{t('queue.followups')}</h2>
          {queue.data.followups.length === 0 ? (
            <p>{t('followups.none')}</p>
          ) : (
            <ul>
              {queue.data.followups.map((f) => (
                <li key={f.id}>
                  <a href="#/followups">{reference(f.reference)}</a> · {t('followups.level')} {f.level} · {chinaTime(f.openedAt)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
