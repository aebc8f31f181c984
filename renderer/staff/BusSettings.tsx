// Bus settings for the technician: port (from the ports found), protocol, baud, and each board's
// address, channels, status bytes, byte order and polarity; a scan fills in what answers. Saved
// to the configuration after the core validates the whole of it; applied by the restart offered
// right after saving (ADR 0012: the whole application restarts, never while a door is open).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RotateCcw } from 'lucide-react';
import { api, download, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';
import { TouchField } from './TouchKeyboard';

type Bus = Awaited<ReturnType<(typeof api)['diagnostics.buses']>>[number];
interface BoardForm {
  address: number;
  channels: number;
  statusBytes: number | null;
  statusByteOrder: string;
  polarity: string;
}

export function BusSettings({ buses }: { buses: Bus[] }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [ports, setPorts] = useState<{ path: string; description: string }[]>([]);
  const [form, setForm] = useState<Bus | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api['diagnostics.ports']({ token }).then(setPorts, fail);
  }, [token, fail]);
  useEffect(() => {
    if (!form && buses[0]) setForm(buses[0]);
  }, [buses, form]);
  if (!form) return null;

  const setBoard = (i: number, patch: Partial<BoardForm>) => setForm({ ...form, boards: form.boards.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const save = () =>
    api['diagnostics.saveBuses']({
      token,
      buses: [
        {
          id: form.id,
          port: form.port,
          protocol: form.protocol,
          baudRate: form.baudRate,
          boards: form.boards.map((b) => ({ address: b.address, channels: b.channels, ...(b.statusBytes ? { statusBytes: b.statusBytes } : {}), statusByteOrder: b.statusByteOrder, polarity: b.polarity })),
        },
      ],
    }).then((r) => {
      setNote(t('staff.busSaved', { path: r.path }));
      setSaved(true);
    }, fail);
  const scan = () =>
    api['diagnostics.scan']({ token, busId: form.id }).then((found) => {
      setNote(t('staff.scanFound', { boards: found.map((f) => f.address).join(', ') || '—' }));
      setForm({ ...form, boards: form.boards.map((b) => ({ ...b, statusBytes: found.find((f) => f.address === b.address)?.statusBytes ?? b.statusBytes })) });
    }, fail);

  return (
    <section aria-labelledby="bus-settings-title">
      <h2 id="bus-settings-title">{t('staff.busSettings')}</h2>
      <div className="form-row">
        <label className="field">
          {t('staff.port')}
          <select value={form.port} onChange={(e) => setForm({ ...form, port: e.target.value })}>
            {[...new Set(['simulator', form.port, ...ports.map((p) => p.path)])].map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('staff.protocol')}
          <select value={form.protocol} onChange={(e) => setForm({ ...form, protocol: e.target.value })}>
            <option value="generic">generic (0x8A/0x80)</option>
            <option value="kerong-cu16">Kerong KR-CU16</option>
          </select>
        </label>
        <label className="field">
          {t('staff.baud')}
          <select value={form.baudRate} onChange={(e) => setForm({ ...form, baudRate: Number(e.target.value) })}>
            {[9600, 19200, 57600, 115200].map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      {form.boards.length === 0 && <EmptyState>{t('staff.empty.boards')}</EmptyState>}
      <table className="staff-table" aria-label={t('staff.boards')} hidden={form.boards.length === 0}>
        <thead>
          <tr>
            <th scope="col">{t('staff.address')}</th>
            <th scope="col">{t('staff.channels')}</th>
            <th scope="col">{t('staff.statusBytes')}</th>
            <th scope="col">{t('staff.byteOrder')}</th>
            <th scope="col">{t('staff.polarity')}</th>
          </tr>
        </thead>
        <tbody>
          {form.boards.map((b, i) => (
            <tr key={b.address}>
              <td>{b.address}</td>
              <td>
                <TouchField label={`${t('staff.channels')} ${b.address}`} hideLabel kind="digits" maxLength={2} value={String(b.channels)} onChange={(v) => setBoard(i, { channels: Number(v) || 0 })} />
              </td>
              <td>
                <TouchField label={`${t('staff.statusBytes')} ${b.address}`} hideLabel kind="digits" maxLength={1} value={b.statusBytes === null ? '' : String(b.statusBytes)} onChange={(v) => setBoard(i, { statusBytes: v ? Number(v) : null })} />
              </td>
              <td>
                <select aria-label={`${t('staff.byteOrder')} ${b.address}`} value={b.statusByteOrder} onChange={(e) => setBoard(i, { statusByteOrder: e.target.value })}>
                  <option value="last-byte-first-channels">{t('staff.orderLast')}</option>
                  <option value="first-byte-first-channels">{t('staff.orderFirst')}</option>
                </select>
              </td>
              <td>
                <select aria-label={`${t('staff.polarity')} ${b.address}`} value={b.polarity} onChange={(e) => setBoard(i, { polarity: e.target.value })}>
                  <option value="closing">{t('staff.polarityClosing')}</option>
                  <option value="opening">{t('staff.polarityOpening')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="big-button" onClick={scan}>
          {t('staff.scan')}
        </button>
        <button type="button" className="big-button primary" onClick={save}>
          {t('staff.saveBus')}
        </button>
        <button type="button" className="big-button" onClick={() => api['diagnostics.exportLogs']({ token, days: 7 }).then((r) => download('cabinet-logs.jsonl', r.text, 'text/plain;charset=utf-8'), fail)}>
          {t('staff.exportLogs')}
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      {saved && <RestartBox />}
    </section>
  );
}

/** After saving: the settings take effect on a restart, offered here (ADR 0012). */
export function RestartBox({ hint }: { hint?: string } = {}) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const [restarting, setRestarting] = useState(false);
  return (
    <div className="restart-box" role="group" aria-labelledby="restart-hint">
      <p id="restart-hint">{hint ?? t('staff.restartHint')}</p>
      <button type="button" className="big-button primary" disabled={restarting} onClick={() => api['system.restart']({ token: session.token }).then(() => setRestarting(true), fail)}>
        <RotateCcw size={24} aria-hidden="true" />
        {t('staff.restartNow')}
      </button>
      {restarting && <p role="status">{t('staff.restarting')}</p>}
    </div>
  );
}
