// Login (account number + PIN on the keypad, or a staff card read by a keyboard-wedge or serial reader),
// and on first run the creation of the administrator: there is no default password anywhere.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../../main/contract/errors';
import { Keypad } from '../components/Keypad';
import { api, type StaffSessionView } from './staff-api';
import { Alert } from '../components/Notices';
import { TouchField } from './TouchKeyboard';
import { useSerialCard } from '../serial-scan';

/** The setup code (first run only: the installer's one-time code), the account number, the PIN twice on first run. */
type Field = 'setupCode' | 'login' | 'pin' | 'pin2';

export function StaffLogin({ onSession, onLeave }: { onSession(s: StaffSessionView): void; onLeave(): void }) {
  const { t } = useTranslation();
  const [setup, setSetup] = useState<boolean | null>(null);
  const [field, setField] = useState<Field>('login');
  const [values, setValues] = useState({ setupCode: '', login: '', pin: '', pin2: '' });
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const card = useRef('');

  useEffect(() => {
    api['staff.setupNeeded']({}).then(
      (r) => {
        setSetup(r.setupNeeded);
        if (r.setupNeeded) setField('setupCode');
      },
      () => setSetup(false),
    );
  }, []);

  const explain = (e: unknown) => {
    if (e instanceof CallError && e.code === 'locked-out') setMessage(t('staff.lockedOut', { count: e.retryAfterSeconds ?? 0 }));
    else if (e instanceof CallError && e.code === 'wrong-code') setMessage(t('staff.wrongPin', { count: e.triesLeft ?? 0 }));
    else setMessage(t('staff.error', { message: e instanceof Error ? e.message : String(e) }));
    setValues((v) => ({ ...v, pin: '', pin2: '' }));
    setField(values.login ? 'pin' : 'login');
  };

  // A keyboard-wedge card reader "types" the card number and Enter.
  useEffect(() => {
    if (setup !== false) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === 'Enter' && card.current.length >= 4) {
        const cardId = card.current;
        card.current = '';
        setValues((v) => ({ ...v, login: `card:${cardId}` }));
        setField('pin');
      } else if (/^[A-Za-z0-9]$/.test(e.key)) card.current += e.key;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setup]);

  // A card reader on a serial line (config.cardReader): the same, through the core.
  useSerialCard(setup === false, (cardId) => {
    setValues((v) => ({ ...v, login: `card:${cardId}`, pin: '' }));
    setField('pin');
  });

  async function submit() {
    setMessage(null);
    if (field === 'setupCode') return setField('login');
    if (field === 'login') return setField('pin');
    if (setup) {
      if (field === 'pin') return setField('pin2');
      if (values.pin !== values.pin2) {
        setValues((v) => ({ ...v, pin: '', pin2: '' }));
        setField('pin');
        return setMessage(t('staff.pinMismatch'));
      }
      return api['staff.createFirstAdmin']({ setupCode: values.setupCode, login: values.login, name: name.trim() || t('staff.roles.admin'), pin: values.pin }).then(onSession, (e: unknown) => {
        explain(e);
        // A wrong setup code: start again from it.
        setValues({ setupCode: '', login: values.login, pin: '', pin2: '' });
        setField('setupCode');
      });
    }
    const byCard = values.login.startsWith('card:');
    return api['staff.login'](byCard ? { cardId: values.login.slice(5), pin: values.pin } : { login: values.login, pin: values.pin }).then(onSession, explain);
  }

  if (setup === null) return null;
  const value = values[field];
  const isPin = field !== 'login';
  const labels: Record<Field, string> = { setupCode: t('staff.setupCode'), login: t('staff.accountId'), pin: t('staff.pin'), pin2: t('staff.pinAgain') };
  const label = labels[field];
  const valid = field === 'setupCode' ? /^\d{8}$/.test(value) : isPin ? /^\d{6,12}$/.test(value) : /^\d{2,12}$/.test(value) || value.startsWith('card:');

  return (
    <section className="screen staff-login" aria-labelledby="staff-login-title">
      <h1 id="staff-login-title">{setup ? t('staff.setupTitle') : t('staff.loginTitle')}</h1>
      {setup && <p className="note">{t('staff.setupHint')}</p>}
      {setup && field === 'login' && (
        <TouchField label={t('staff.name')} kind="text" value={name} maxLength={40} onChange={setName} />
      )}
      <p className="field-label" id="staff-field-label">
        {label}
      </p>
      <output className="digits" aria-labelledby="staff-field-label" aria-live="polite">
        {isPin ? '•'.repeat(value.length) || '\u00a0' : value || '\u00a0'}
      </output>
      {field === 'setupCode' && <p className="note">{t('staff.setupCodeHint')}</p>}
      {(field === 'pin' || field === 'pin2') && <p className="note">{t('staff.pinRule')}</p>}
      {!setup && field === 'login' && <p className="note">{t('staff.cardHint')}</p>}
      {message && (
        <Alert>{message}</Alert>
      )}
      <Keypad value={value} maxLength={12} onChange={(v) => setValues((old) => ({ ...old, [field]: v }))} onConfirm={() => void submit()} confirmDisabled={!valid} />
      <div className="actions">
        <button type="button" className="big-button" onClick={onLeave}>
          {t('app.home')}
        </button>
      </div>
    </section>
  );
}
