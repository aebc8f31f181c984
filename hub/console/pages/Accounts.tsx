// District accounts (admin): who may sign in, with which role and department; create, disable, enable.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { useLoad, useNames } from '../hooks';
import type { Meta } from '../types';
import { Status } from './parts';

interface Account { id: number; login: string; name: string; role: 'dept-staff' | 'supervisor' | 'admin'; departmentId: string | null; disabled: boolean }

export function Accounts({ meta }: { meta: Meta | null }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const list = useLoad<{ accounts: Account[] }>('/api/accounts');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const toggle = async (a: Account) => {
    try {
      await post(`/api/accounts/${encodeURIComponent(a.login)}/disabled`, { disabled: !a.disabled });
      list.reload();
    } catch (error) {
      setSaid({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <>
      <h1>{t('accounts.heading')}</h1>
      <Status loaded={list} />
      {said && <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'ok' : 'alert'}>{said.text}</p>}
      {list.data && (
        <table>
          <caption>{t('accounts.heading')}</caption>
          <thead><tr>{['login', 'name', 'role', 'department', 'state'].map((k) => <th key={k} scope="col">{t(`accounts.${k}`)}</th>)}<th scope="col"><span className="sr-only">{t('accounts.actions')}</span></th></tr></thead>
          <tbody>
            {list.data.accounts.map((a) => (
              <tr key={a.id}>
                <td>{a.login}</td><td>{a.name}</td><td>{t(`roles.${a.role}`)}</td><td>{a.departmentId ? names.department(a.departmentId) : '—'}</td>
                <td>{t(a.disabled ? 'accounts.disabled' : 'accounts.enabled')}</td>
                <td><button type="button" onClick={() => void toggle(a)}>{t(a.disabled ? 'accounts.enable' : 'accounts.disable', { login: a.login })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewAccount meta={meta} onCreated={(login) => (setSaid({ ok: true, text: t('accounts.created', { login }) }), list.reload())} />
    </>
  );
}

function NewAccount({ meta, onCreated }: { meta: Meta | null; onCreated: (login: string) => void }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const [a, setA] = useState({ login: '', name: '', role: 'dept-staff' as Account['role'], departmentId: '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const departmentId = a.role === 'dept-staff' ? a.departmentId || meta?.departments[0]?.id || null : null;
      await post('/api/accounts', { ...a, departmentId });
      setProblem(null);
      onCreated(a.login);
      setA({ ...a, login: '', name: '', password: '' });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const field = (k: 'login' | 'name' | 'password', type = 'text') => (
    <>
      <label htmlFor={`acc-${k}`}>{t(`accounts.${k}`)}</label>
      <input id={`acc-${k}`} type={type} autoComplete={k === 'password' ? 'new-password' : 'off'} value={a[k]} onChange={(e) => setA({ ...a, [k]: e.target.value })} required />
    </>
  );
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('accounts.new')}</h2>
      {field('login')}
      {field('name')}
      <label htmlFor="acc-role">{t('accounts.role')}</label>
      <select id="acc-role" value={a.role} onChange={(e) => setA({ ...a, role: e.target.value as Account['role'] })}>
        {(['dept-staff', 'supervisor', 'admin'] as const).map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
      {a.role === 'dept-staff' && (
        <>
          <label htmlFor="acc-dept">{t('accounts.department')}</label>
          <select id="acc-dept" value={a.departmentId || meta?.departments[0]?.id || ''} onChange={(e) => setA({ ...a, departmentId: e.target.value })}>
            {(meta?.departments ?? []).map((d) => <option key={d.id} value={d.id}>{names.department(d.id)}</option>)}
          </select>
        </>
      )}
      {field('password', 'password')}
      <p className="muted">{t('accounts.passwordRule')}</p>
      {problem && <p role="alert" className="alert">{problem}</p>}
      <button type="submit" className="primary">{t('accounts.create')}</button>
    </form>
  );
}
