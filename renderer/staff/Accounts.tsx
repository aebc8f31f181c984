// Accounts (admin): the list with each account's state, its lifecycle — disable or enable, a new
// PIN, the staff card revoked — and a new account with its role, PIN and optional staff card.
// Every text is typed on the on-screen keyboard (pinyin for names), every number on the keypad.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Ban, CircleCheck, CreditCard, KeyRound, UserPlus } from 'lucide-react';
import { api, useStaff } from './staff-api';
import { EmptyState } from './EmptyState';
import { TouchField } from './TouchKeyboard';

type AccountRow = Awaited<ReturnType<(typeof api)['staff.accounts']>>[number];
const PIN = /^\d{6,12}$/;

export function Accounts() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [rows, setRows] = useState<AccountRow[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const load = useCallback(() => api['staff.accounts']({ token }).then(setRows, fail), [token, fail]);
  useEffect(() => void load(), [load]);
  const done = (message: string) => () => {
    setNote(message);
    void load();
  };

  return (
    <div className="staff-panel">
      <h2>{t('staff.accounts')}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('staff.empty.accounts')}</EmptyState>
      ) : (
        <table className="staff-table" aria-label={t('staff.accounts')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.accountId')}</th>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.accountState')}</th>
              <th scope="col">{t('staff.cardColumn')}</th>
              <th scope="col">{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <AccountRowView key={a.id} account={a} onReset={() => setResetting(a.login)} onChanged={done} />
            ))}
          </tbody>
        </table>
      )}
      {resetting && (
        <ResetPin
          login={resetting}
          onCancel={() => setResetting(null)}
          onDone={() => {
            setResetting(null);
            done(t('staff.pinResetNote', { login: resetting }))();
          }}
        />
      )}
      {note && (
        <p role="status" className="ok-text">
          {note}
        </p>
      )}
      <NewAccount onCreated={done(t('staff.saved'))} />
    </div>
  );
}

/** One account: its state in words, and what an admin may do with it (never disable oneself). */
function AccountRowView({ account: a, onReset, onChanged }: { account: AccountRow; onReset(): void; onChanged(message: string): () => void }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  return (
    <tr className={a.disabled ? 'account-disabled' : undefined}>
      <td>{a.login}</td>
      <td>{a.name}</td>
      <td>{t(`staff.roles.${a.role}`)}</td>
      <td>
        <span className={a.disabled ? 'badge off' : 'badge on'}>{a.disabled ? t('staff.accountDisabled') : t('staff.accountEnabled')}</span>
      </td>
      <td>{a.hasCard ? t('staff.hasCard') : t('staff.noCard')}</td>
      <td>
        {a.login !== session.login && (
          <button
            type="button"
            className={a.disabled ? 'small-button' : 'small-button danger'}
            aria-label={`${a.disabled ? t('staff.enable') : t('staff.disable')} ${a.login}`}
            onClick={() => api['staff.setDisabled']({ token, login: a.login, disabled: !a.disabled }).then(onChanged(t(a.disabled ? 'staff.enabledNote' : 'staff.disabledNote', { login: a.login })), fail)}
          >
            {a.disabled ? <CircleCheck size={22} aria-hidden="true" /> : <Ban size={22} aria-hidden="true" />}
            {a.disabled ? t('staff.enable') : t('staff.disable')}
          </button>
        )}
        <button type="button" className="small-button" aria-label={`${t('staff.resetPin')} ${a.login}`} onClick={onReset}>
          <KeyRound size={22} aria-hidden="true" />
          {t('staff.resetPin')}
        </button>
        {a.hasCard && (
          <button type="button" className="small-button danger" aria-label={`${t('staff.revokeCard')} ${a.login}`} onClick={() => api['staff.revokeCard']({ token, login: a.login }).then(onChanged(t('staff.revokedNote', { login: a.login })), fail)}>
            <CreditCard size={22} aria-hidden="true" />
            {t('staff.revokeCard')}
          </button>
        )}
      </td>
    </tr>
  );
}

function ResetPin({ login, onCancel, onDone }: { login: string; onCancel(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const [pin, setPin] = useState('');
  return (
    <div className="inline-form" role="group" aria-label={t('staff.resetPinFor', { login })}>
      <strong>{t('staff.resetPinFor', { login })}</strong>
      <TouchField label={t('staff.newPin')} kind="digits" secret value={pin} maxLength={12} onChange={setPin} />
      <button type="button" className="big-button primary" disabled={!PIN.test(pin)} onClick={() => api['staff.resetPin']({ token: session.token, login, pin }).then(onDone, fail)}>
        {t('staff.resetPinSave')}
      </button>
      <button type="button" className="big-button" onClick={onCancel}>
        {t('staff.cancel')}
      </button>
    </div>
  );
}

function NewAccount({ onCreated }: { onCreated(): void }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const blank = { login: '', name: '', role: 'staff' as AccountRow['role'], pin: '', cardId: '' };
  const [form, setForm] = useState(blank);
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const ready = /^\d{2,12}$/.test(form.login) && form.name.trim() !== '' && PIN.test(form.pin) && (form.cardId === '' || /^[A-Za-z0-9]{4,32}$/.test(form.cardId));
  const create = () =>
    api['staff.createAccount']({ token: session.token, login: form.login, name: form.name.trim(), role: form.role, pin: form.pin, ...(form.cardId ? { cardId: form.cardId } : {}) }).then(() => {
      setForm(blank);
      onCreated();
    }, fail);
  return (
    <>
      <h2>{t('staff.newAccount')}</h2>
      <div className="form-grid">
        <TouchField label={t('staff.accountId')} kind="digits" value={form.login} maxLength={12} onChange={set('login')} />
        <TouchField label={t('staff.name')} kind="text" value={form.name} maxLength={40} onChange={set('name')} />
        <label className="field">
          {t('staff.role')}
          <select value={form.role} onChange={(e) => set('role')(e.target.value)}>
            {(['staff', 'technician', 'admin'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`staff.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <TouchField label={t('staff.pin')} kind="digits" secret value={form.pin} maxLength={12} onChange={set('pin')} />
        <TouchField label={t('staff.cardId')} kind="code" value={form.cardId} maxLength={32} onChange={set('cardId')} />
      </div>
      <button type="button" className="big-button primary" disabled={!ready} onClick={() => void create()}>
        <UserPlus size={24} aria-hidden="true" />
        {t('staff.create')}
      </button>
    </>
  );
}
