// The console's notification outbox: every message with its kind, audience, case, status (a word
// and a symbol, never colour alone) and each channel's attempts and last error; a status filter;
// and a retry by hand for a message that failed. Refreshed every few seconds.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyMessage } from '../../main/contract/notify-api';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';
import { useFormat } from '../format';

type Status = NotifyMessage['status'];
const statuses: Status[] = ['pending', 'delivered', 'failed'];
const REFRESH_MS = 2000;

/** The symbol that goes with each status word. */
export const statusMark: Record<Status, string> = { pending: '○', delivered: '✔', failed: '✘' };

function StatusWord({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span className={`notify-status notify-${status}`}>
      <span aria-hidden="true">{statusMark[status]} </span>
      {t(`staff.notify.status.${status}`)}
    </span>
  );
}

export function Notifications() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { session, fail } = useStaff();
  const token = session.token;
  const [filter, setFilter] = useState<Status | null>(null);
  const [messages, setMessages] = useState<NotifyMessage[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    () => api['notify.messages']({ token, limit: 100, ...(filter ? { status: filter } : {}) }).then(setMessages, fail),
    [token, filter, fail],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const retry = (id: number) =>
    api['notify.retry']({ token, id }).then(() => {
      setNotice(t('staff.notify.retried', { id }));
      return load();
    }, fail);

  return (
    <div className="staff-panel">
      <h2 id="notify-title">{t('staff.notify.title')}</h2>
      <div className="actions notify-filter" role="group" aria-label={t('staff.notify.filter')}>
        <button type="button" className="tab" aria-pressed={filter === null} onClick={() => setFilter(null)}>
          {t('staff.notify.all')}
        </button>
        {statuses.map((s) => (
          <button key={s} type="button" className="tab" aria-pressed={filter === s} onClick={() => setFilter(s)}>
            <span aria-hidden="true">{statusMark[s]} </span>
            {t(`staff.notify.status.${s}`)}
          </button>
        ))}
        <button type="button" className="small-button" onClick={() => void load()}>
          {t('staff.notify.refresh')}
        </button>
      </div>
      {notice && (
        <p role="status" className="ok-text">
          {notice}
        </p>
      )}
      {messages.length === 0 ? (
        <EmptyState>{t('staff.notify.none')}</EmptyState>
      ) : (
        <table className="staff-table notify-table" aria-labelledby="notify-title">
          <thead>
            <tr>
              <th scope="col">{t('staff.notify.created')}</th>
              <th scope="col">{t('staff.notify.kind')}</th>
              <th scope="col">{t('staff.notify.audience')}</th>
              <th scope="col">{t('staff.notify.reference')}</th>
              <th scope="col">{t('staff.notify.statusCol')}</th>
              <th scope="col">{t('staff.notify.deliveries')}</th>
              <th scope="col">{t('staff.notify.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id} data-testid={`message-${m.id}`}>
                <td>{fmt.dateTime(m.createdAt)}</td>
                <td>{t(`staff.notify.kinds.${m.kind}`, { defaultValue: m.kind })}</td>
                <td>{t(`staff.notify.audiences.${m.audience}`)}</td>
                <td>{m.reference ?? '—'}</td>
                <td>
                  <StatusWord status={m.status} />
                </td>
                <td className="notify-channels">
                  {m.deliveries.length === 0 ? (
                    <span className="note">{t('staff.notify.noDelivery')}</span>
                  ) : (
                    <ul className="notify-deliveries">
                      {m.deliveries.map((d) => (
                        <li key={d.channel}>
                          <strong>{d.channel}</strong>: <StatusWord status={d.status} /> · {t('staff.notify.attempts', { count: d.attempts })}
                          {d.lastError && <div className="error-inline">{t('staff.notify.lastError', { error: d.lastError })}</div>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {m.status === 'failed' && (
                    <button type="button" className="small-button" aria-label={t('staff.notify.retryLabel', { id: m.id })} onClick={() => void retry(m.id)}>
                      {t('staff.notify.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
