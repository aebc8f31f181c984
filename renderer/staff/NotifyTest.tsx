// The technician's notification test: pick a configured channel, send one test message through it
// now, and see whether it went (with how long it took) or the channel's error. An SMS channel
// needs a number to text, typed on the keypad.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { phoneNumber } from '../../main/contract/schemas';
import { Keypad, groupDigits } from '../components/Keypad';
import { api, useStaff } from './staff-api';

type Channel = Awaited<ReturnType<(typeof api)['notify.channels']>>[number];
type Result = Awaited<ReturnType<(typeof api)['notify.test']>>;

export function NotifyTest() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [channelId, setChannelId] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    api['notify.channels']({ token }).then((list) => {
      setChannels(list);
      setChannelId((current) => current || (list[0]?.id ?? ''));
    }, fail);
  }, [token, fail]);

  const channel = channels?.find((c) => c.id === channelId);
  // The generic SMS gateway and the providers (sms-aliyun, sms-tencent) all text a phone.
  const sms = channel?.type.startsWith('sms') ?? false;
  const run = () => {
    setBusy(true);
    setResult(null);
    api['notify.test']({ token, channelId, ...(sms ? { phone } : {}) })
      .then(setResult, fail)
      .finally(() => setBusy(false));
  };

  return (
    <section className="notify-test" aria-labelledby="notify-test-title">
      <h2 id="notify-test-title">{t('staff.notify.testTitle')}</h2>
      {channels !== null && channels.length === 0 ? (
        <p className="note">{t('staff.notify.noChannels')}</p>
      ) : (
        <>
          <p className="note">{t('staff.notify.testHint')}</p>
          <label className="field">
            {t('staff.notify.channel')}
            <select value={channelId} onChange={(e) => (setChannelId(e.target.value), setResult(null))}>
              {(channels ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {t('staff.notify.channelOption', { id: c.id, type: c.type, audiences: c.audiences.map((a) => t(`staff.notify.audiences.${a}`)).join('、') || '—' })}
                </option>
              ))}
            </select>
          </label>
          {sms && (
            <div className="notify-test-phone">
              <p id="notify-test-phone">{t('staff.notify.testPhone')}</p>
              <output className="digits" aria-labelledby="notify-test-phone" aria-live="polite">
                {groupDigits(phone) || '\u00a0'}
              </output>
              <Keypad value={phone} maxLength={11} onChange={setPhone} onConfirm={run} confirmDisabled={busy || !phoneNumber.safeParse(phone).success} confirmLabel={t('staff.notify.testRun')} />
            </div>
          )}
          {!sms && (
            <div className="actions">
              <button type="button" className="big-button" disabled={busy || !channelId} onClick={run}>
                {busy ? t('staff.notify.testing') : t('staff.notify.testRun')}
              </button>
            </div>
          )}
          {result && (
            <p role="status" className={result.ok ? 'ok-text' : 'error'}>
              {result.ok ? `✔ ${t('staff.notify.testOk', { ms: result.ms })}` : t('staff.notify.testFailed', { ms: result.ms, error: result.error ?? '' })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
