// Accounts (admin): the list, and a new account with its role, PIN and optional staff card.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';

type AccountRow = Awaited<ReturnType<(typeof api)['staff.accounts']>>[number];

export function Accounts() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [rows, setRows] = useState<AccountRow[]>([]);
  const [form, setForm] = useState({ login: '', name: '', role: 'staff' as AccountRow['role'], pin: '', cardId: '' });
  const [saved, setSaved] = useState(false);
  const load = useCallback(() => api['staff.accounts']({ token }).then(setRows, fail), [token, fail]);
  useEffect(() => void load(), [load]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="staff-panel">
      <h2>{t('staff.accounts')}</h2>
      <table className="staff-table" aria-label={t('staff.accounts')}>
        <thead>
          <tr>
            <th scope="col">{t('staff.accountId')}</th>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('staff.role')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{a.login}</td>
              <td>{a.name}</td>
              <td>{t(`staff.roles.${a.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('staff.newAccount')}</h2>
      <div className="form-grid">
        <label className="field">
          {t('staff.accountId')}
          <input value={form.login} inputMode="numeric" onChange={set('login')} />
        </label>
        <label className="field">
          {t('staff.name')}
          <input value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          {t('staff.role')}
          <select value={form.role} onChange={set('role')}>
            {(['staff', 'technician', 'admin'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`staff.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('staff.pin')}
          <input value={form.pin} type="password" inputMode="numeric" onChange={set('pin')} />
        </label>
        <label className="field">
          {t('staff.cardId')}
          <input value={form.cardId} onChange={set('cardId')} />
        </label>
      </div>
      <button
        type="button"
        className="big-button primary"
        onClick={() =>
          api['staff.createAccount']({ token, login: form.login, name: form.name, role: form.role, pin: form.pin, ...(form.cardId ? { cardId: form.cardId } : {}) }).then(() => {
            setSaved(true);
            setForm({ login: '', name: '', role: 'staff', pin: '', cardId: '' });
            void load();
          }, fail)
        }
      >
        {t('staff.create')}
      </button>
      {saved && <p role="status">{t('staff.saved')}</p>}
    </div>
  );
}
