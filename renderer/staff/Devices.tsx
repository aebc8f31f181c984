// The technician's device screen (issue 14 item 7): every device's port, model and status — lock
// buses, receipt printer, serial scanner and card reader, ID-card reader when configured — with one
// test per device (a read-only bus scan, a test print, waiting for a scan or a card), and the
// configuration file's problems, each naming its field.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../main/contract/devices-api';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';

/** What a device's test answered, in the technician's words. */
type Outcome = { ok: boolean; text: string };

/** Run the device's test; the outcome goes back to its row. */
function useDeviceTest() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  return useCallback(
    async (d: DeviceView): Promise<Outcome | null> => {
      try {
        if (d.test === 'bus-scan') {
          const found = await api['diagnostics.scan']({ token, busId: d.id });
          return { ok: found.length > 0, text: t('staff.scanFound', { boards: found.map((f) => f.address).join(', ') || '—' }) };
        }
        if (d.test === 'print') {
          const r = await api['diagnostics.printerTest']({ token });
          return { ok: r.printed, text: r.printed ? t('staff.printTestOk', { detail: r.detail }) : t('staff.printTestFailed', { detail: r.detail }) };
        }
        const r = await api['diagnostics.deviceTest']({ token, device: d.kind === 'scanner' ? 'scanner' : 'cardReader', waitSeconds: 20 });
        return { ok: r.read, text: r.read ? t('staff.devices.readOk', { text: r.text ?? '' }) : t('staff.devices.readNothing', { detail: r.detail }) };
      } catch (e) {
        fail(e);
        return null;
      }
    },
    [token, t, fail],
  );
}

function DeviceRow({ device, onTested }: { device: DeviceView; onTested(): void }) {
  const { t } = useTranslation();
  const test = useDeviceTest();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const label = device.kind === 'lock-bus' ? `${t('staff.devices.kinds.lock-bus')} ${device.id}` : t(`staff.devices.kinds.${device.kind}`);
  const run = () => {
    setBusy(true);
    setOutcome(null);
    void test(device)
      .then(setOutcome)
      .finally(() => {
        setBusy(false);
        onTested();
      });
  };
  return (
    <tr data-testid={`device-${device.id}`}>
      <th scope="row">{label}</th>
      <td className="mono">{device.port}</td>
      <td>{device.model ?? '—'}</td>
      <td className={`state ${device.state === 'online' ? 'ok-text' : device.state === 'configured' || device.state === 'connecting' ? '' : 'error-text'}`}>{t(`staff.devices.states.${device.state}`)}</td>
      <td>{device.detail ?? ''}</td>
      <td>
        {device.test && (
          <button type="button" className="big-button" disabled={busy} aria-label={`${t(`staff.devices.tests.${device.test}`)} — ${label}`} onClick={run}>
            {busy && device.test === 'read' ? t('staff.devices.waiting') : t(`staff.devices.tests.${device.test}`)}
          </button>
        )}
        {outcome && (
          <p role="status" className={outcome.ok ? 'ok-text' : 'error'}>
            {outcome.text}
          </p>
        )}
      </td>
    </tr>
  );
}

export function Devices() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [view, setView] = useState<{ devices: DeviceView[]; configProblems: string[] } | null>(null);
  const load = useCallback(() => {
    api['diagnostics.devices']({ token }).then(setView, fail);
  }, [token, fail]);
  useEffect(load, [load]);
  if (!view) return null;
  return (
    <div className="staff-panel">
      <h2>{t('staff.devices.title')}</h2>
      {view.devices.length === 0 && <EmptyState>{t('staff.devices.none')}</EmptyState>}
      <table className="staff-table devices" aria-label={t('staff.devices.title')}>
        <thead>
          <tr>
            {(['device', 'port', 'model', 'state', 'detail', 'test'] as const).map((c) => (
              <th key={c} scope="col">
                {t(`staff.devices.columns.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.devices.map((d) => (
            <DeviceRow key={`${d.kind}-${d.id}`} device={d} onTested={load} />
          ))}
        </tbody>
      </table>
      <h2>{t('staff.devices.configTitle')}</h2>
      {view.configProblems.length === 0 ? (
        <p className="ok-text">{t('staff.devices.configOk')}</p>
      ) : (
        // The alert around the list, not on it: a list keeps its list role for its items.
        <div role="alert" aria-label={t('staff.devices.configTitle')}>
          <ul className="config-problems">
            {view.configProblems.map((p) => (
              <li key={p} className="mono">
                {p}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        <button type="button" className="big-button" onClick={load}>
          {t('staff.devices.refresh')}
        </button>
      </div>
    </div>
  );
}
