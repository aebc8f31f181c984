// District accounts, for admins (permission accounts.manage): list, create, disable or enable.
// Disabling ends the account's sessions at once; the last enabled admin cannot be disabled.
import { z } from 'zod';
import { hubRoles } from '../domain/access';
import type { AccountsStore } from '../store/accounts';
import type { AuditStore } from '../store/audit';
import type { SessionsStore } from '../store/sessions';
import type { Access } from './access-service';
import { HttpError } from './http-basics';
import type { Route } from './server';

const newAccount = z
  .object({
    login: z.string().regex(/^[a-z0-9._-]{2,64}$/),
    name: z.string().trim().min(1).max(100),
    role: z.enum(hubRoles as unknown as ['dept-staff', 'supervisor', 'admin']),
    departmentId: z.string().min(1).max(64).nullable(),
    password: z.string().min(12).max(256),
  })
  .strict()
  .refine((a) => (a.role === 'dept-staff') === (a.departmentId !== null), { message: 'department staff have a department; district roles have none', path: ['departmentId'] });
const disabled = z.object({ disabled: z.boolean() }).strict();

export function accountRoutes(deps: { access: Access; accounts: AccountsStore; sessions: SessionsStore; audit: AuditStore; now: () => number }): Route[] {
  const { accounts, audit, now } = deps;
  return [
    { method: 'GET', path: '/api/accounts', permission: 'accounts.manage', handle: async () => ({ accounts: await accounts.list() }) },
    {
      method: 'POST',
      path: '/api/accounts',
      permission: 'accounts.manage',
      handle: async ({ who, body }) => {
        const r = newAccount.safeParse(body);
        if (!r.success) throw new HttpError(400, 'bad-request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        return { account: await deps.access.createAccount(r.data, `account:${who.login}`) };
      },
    },
    {
      method: 'POST',
      path: '/api/accounts/:login/disabled',
      permission: 'accounts.manage',
      handle: async ({ who, params, body }) => {
        const r = disabled.safeParse(body);
        if (!r.success) throw new HttpError(400, 'bad-request', 'disabled: true or false');
        const target = await accounts.byLogin(params.login ?? '');
        if (!target) throw new HttpError(404, 'not-found', 'No such account.');
        const admins = (await accounts.list()).filter((a) => a.role === 'admin' && !a.disabled);
        if (r.data.disabled && target.role === 'admin' && admins.length <= 1) throw new HttpError(409, 'last-admin', 'The last admin cannot be disabled.');
        await accounts.setDisabled(target.login, r.data.disabled);
        const ended = r.data.disabled ? await deps.sessions.removeOfAccount(target.id) : 0;
        await audit.append({ at: now(), actor: `account:${who.login}`, action: r.data.disabled ? 'account.disabled' : 'account.enabled', outcome: 'ok', detail: { login: target.login, sessionsEnded: ended } });
        return { ok: true };
      },
    },
  ];
}
