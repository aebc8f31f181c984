// One cabinet: its health, its cases, and for an admin the pushes (signed commands) and their answers.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Session } from '../api';
import { chinaTime, useLoad } from '../hooks';
import type { Cabinet, CaseRow, Meta } from '../types';
import { CaseTable, Status } from './parts';

interface Detail {
  cabinet: Cabinet;
  cases: CaseRow[];
  commands: { id: string; type: string; issuedAt: number; issuedBy: string; state: string }[];
}

export function CabinetPage({ id, session, meta }: { id: string; session: Session; meta: Meta | null }) {
  const { t } = useTranslation();
  const detail = useLoad<Detail>(`/api/cabinets/${encodeURIComponent(id)}`);
  const d = detail.data;
  return (
    <>
      <h1>{t('cabinet.heading', { id })}</h1>
      <Status loaded={detail} />
      {d && (
        <>
          <dl className="facts">
            <dt>{t('overview.presence')}</dt>
            <dd>{t(`presence.${d.cabinet.presence}`)}</dd>
            <dt>{t('cabinet.lastHeartbeat')}</dt>
            <dd>{chinaTime(d.cabinet.lastHeartbeatAt)}</dd>
          </dl>
          <CaseTable cases={d.cases} meta={meta} caption={t('cabinet.cases')} />
          {session.role === 'admin' && <Push cabinet={id} onPushed={detail.reload} />}
          {session.role === 'admin' && d.commands.length > 0 && (
            <table>
              <caption>{t('cabinet.commands')}</caption>
              <thead><tr><th scope="col">ID</th><th scope="col">{t('cabinet.pushType')}</th><th scope="col">{t('cases.at')}</th><th scope="col">{t('cabinet.commandState')}</th></tr></thead>
              <tbody>
                {d.commands.map((c) => (
                  <tr key={c.id}><td className="mono">{c.id}</td><td>{t(`cabinet.types.${c.type}`, { defaultValue: c.type })}</td><td>{chinaTime(c.issuedAt)}</td><td data-testid={`command-${c.id}`}>{t(`cabinet.commandStates.${c.state}`, { defaultValue: c.state })}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

const TYPES = ['holidays.push', 'matters.push', 'config.push', 'accounts.push'] as const;
/** The pushes whose content the admin gives as JSON; the others send the district's own tables. */
const JSON_FIELD = { 'config.push': 'config', 'accounts.push': 'accounts' } as const;

function Push({ cabinet, onPushed }: { cabinet: string; onPushed: () => void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<(typeof TYPES)[number]>('holidays.push');
  const [config, setConfig] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let body: Record<string, unknown> = {};
    if (type === 'config.push' || type === 'accounts.push') {
      try {
        body = { [JSON_FIELD[type]]: JSON.parse(config) as unknown };
      } catch {
        return setSaid({ ok: false, text: t('cabinet.badJson') });
      }
    }
    try {
      const r = await post<{ id: string }>(`/api/cabinets/${encodeURIComponent(cabinet)}/push`, { type, body });
      setSaid({ ok: true, text: t('cabinet.pushed', { id: r.id }) });
      onPushed();
    } catch (error) {
      setSaid({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('cabinet.push')}</h2>
      <label htmlFor="push-type">{t('cabinet.pushType')}</label>
      <select id="push-type" value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
        {TYPES.map((x) => <option key={x} value={x}>{t(`cabinet.types.${x}`)}</option>)}
      </select>
      {(type === 'config.push' || type === 'accounts.push') && (
        <>
          <label htmlFor="push-config">{t(type === 'config.push' ? 'cabinet.pushConfig' : 'cabinet.pushAccounts')}</label>
          <textarea id="push-config" rows={8} className="mono" value={config} onChange={(e) => setConfig(e.target.value)} />
        </>
      )}
      {said && <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'ok' : 'alert'}>{said.text}</p>}
      <button type="submit" className="primary">{t('cabinet.pushSubmit')}</button>
    </form>
  );
}
