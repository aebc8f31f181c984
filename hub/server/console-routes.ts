// The console's JSON API: the district board, drill-downs, case actions, follow-ups, pushes to
// cabinets. Each route declares its permission (checked by server.ts before the handler); a
// department's staff see only their department; every action is audited with the case it touched.
import { z } from 'zod';
import { canSeeDepartment, maskFor } from '../domain/access';
import { cleanNote, nextStates } from '../domain/case-actions';
import { chinaDay } from '../domain/calendar';
import { inTransaction, type Pool } from '../db/pool';
import type { CaseActionResult, CaseActions } from '../services/cases';
import { createAuditStore, type AuditStore } from '../store/audit';
import { listCabinets, getCabinet } from '../store/cabinets';
import { addTimeline, cabinetCases, caseStates, countsByDepartmentAndState, departmentQueue, getCase, overdueFirst, timeline, type CaseRow } from '../store/cases';
import { listCommands } from '../store/commands';
import { listDepartments, listMatters } from '../store/departments';
import { closeFollowup, listFollowups } from '../store/ratings';
import type { SignedIn } from './access-service';
import { HttpError } from './http-basics';
import type { Route } from './server';

/** Pushing to a cabinet: signs the command, records it and publishes it (hub-core's commands module). */
export type PushCommand = (c: { cabinet: string; type: PushType; body: Record<string, unknown>; issuedBy: string }) => Promise<{ id: string }>;
export const pushTypes = ['config.push', 'accounts.push', 'matters.push', 'holidays.push'] as const;
export type PushType = (typeof pushTypes)[number];

export interface ConsoleDeps {
  pool: Pool;
  audit: AuditStore;
  now: () => number;
  push: PushCommand;
  /** Case moves with their consequences (办结 → cases.ready to the cabinet). */
  cases: CaseActions;
}

const actor = (who: SignedIn) => `account:${who.login}`;
const openFollowupsOf = async (pool: Pool, who: SignedIn) => (await listFollowups(pool, { open: true })).filter((f) => canSeeDepartment(who, f.departmentId));
const ACTION_STATUS: Record<Exclude<CaseActionResult, { ok: true }>['error'], [number, string]> = {
  'not-found': [404, 'No such case.'],
  'not-allowed': [409, 'This move is not allowed from the case’s state.'],
  'same-state': [409, 'The case is there already.'],
  'no-department': [400, 'No such department.'],
  'reason-required': [400, 'A reassignment needs a reason.'],
};
function unlessOk(r: CaseActionResult): CaseRow {
  if (r.ok) return r.case;
  const [status, message] = ACTION_STATUS[r.error];
  throw new HttpError(status, r.error, message);
}
const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, 'bad-request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
};

export function consoleRoutes(deps: ConsoleDeps): Route[] {
  const { pool, audit, now } = deps;
  const today = () => chinaDay(now());
  const view = (who: SignedIn, c: CaseRow) => maskFor(who, c.departmentId, c);
  const visible = (who: SignedIn, list: CaseRow[]) => list.filter((c) => canSeeDepartment(who, c.departmentId)).map((c) => view(who, c));

  async function caseFor(who: SignedIn, idText: string | undefined): Promise<CaseRow> {
    const id = Number(idText);
    const c = Number.isSafeInteger(id) && id > 0 ? await getCase(pool, id) : null;
    if (!c || !canSeeDepartment(who, c.departmentId)) throw new HttpError(404, 'not-found', 'No such case.');
    return c;
  }

  return [
    {
      method: 'GET',
      path: '/api/meta',
      permission: 'signed-in',
      handle: async () => ({ departments: await listDepartments(pool), matters: await listMatters(pool), states: caseStates, today: today() }),
    },
    {
      method: 'GET',
      path: '/api/overview',
      permission: 'cases.view',
      handle: async ({ who }) => {
        const dept = who.role === 'dept-staff' ? who.departmentId : undefined;
        const counts = (await countsByDepartmentAndState(pool)).filter((c) => canSeeDepartment(who, c.departmentId));
        const cases = dept === undefined ? await overdueFirst(pool, 50) : await departmentQueue(pool, dept, 50);
        return { cabinets: await listCabinets(pool), counts, cases: visible(who, cases), followups: (await openFollowupsOf(pool, who)).length, today: today() };
      },
    },
    {
      method: 'GET',
      path: '/api/cabinets/:id',
      permission: 'cabinets.view',
      handle: async ({ who, params }) => {
        const cabinet = await getCabinet(pool, params.id ?? '');
        if (!cabinet) throw new HttpError(404, 'not-found', 'No such cabinet.');
        const commands = who.role === 'admin' ? await listCommands(pool, cabinet.id, 20) : [];
        return { cabinet, cases: visible(who, await cabinetCases(pool, cabinet.id, 100)), commands };
      },
    },
    {
      method: 'GET',
      path: '/api/departments/:id/queue',
      permission: 'cases.view',
      handle: async ({ who, params }) => {
        const dept = params.id === '-' ? null : (params.id ?? null);
        if (!canSeeDepartment(who, dept)) throw new HttpError(403, 'forbidden', 'Another department’s queue.');
        return { departmentId: dept, cases: visible(who, await departmentQueue(pool, dept, 200)), followups: (await listFollowups(pool, { open: true })).filter((f) => f.departmentId === dept) };
      },
    },
    {
      method: 'GET',
      path: '/api/cases/:id',
      permission: 'cases.view',
      handle: async ({ who, params }) => {
        const c = await caseFor(who, params.id);
        return { case: view(who, c), timeline: await timeline(pool, c.id), hubActions: await audit.ofCase(c.cabinet, c.reference), nextStates: nextStates(c.state) };
      },
    },
    ...actionRoutes(deps, caseFor),
    ...listRoutes(deps),
    pushRoute(deps),
  ];
}

function listRoutes({ pool, audit }: ConsoleDeps): Route[] {
  return [
    { method: 'GET', path: '/api/followups', permission: 'cases.view', handle: async ({ who }) => ({ followups: await openFollowupsOf(pool, who) }) },
    { method: 'GET', path: '/api/audit', permission: 'audit.view', handle: async () => ({ entries: await audit.recent(200) }) },
  ];
}

const stateBody = z.object({ to: z.enum(caseStates), note: z.string().max(1000).optional() });
const reassignBody = z.object({ departmentId: z.string().min(1).max(64), reason: z.string() });
const noteBody = z.object({ note: z.string() });
const pushBody = z.object({ type: z.enum(pushTypes), body: z.record(z.string(), z.unknown()) });

function actionRoutes(deps: ConsoleDeps, caseFor: (who: SignedIn, id: string | undefined) => Promise<CaseRow>): Route[] {
  const { pool, now, cases } = deps;
  return [
    {
      method: 'POST',
      path: '/api/cases/:id/state',
      permission: 'cases.transition',
      handle: async ({ who, params, body }) => {
        const { to, note } = parse(stateBody, body);
        const c = await caseFor(who, params.id);
        const moved = unlessOk(
          await cases.changeState(c.id, to, who, cleanNote(note), (tx, before) =>
            createAuditStore(tx).append({ at: now(), actor: actor(who), action: 'case.state', outcome: 'ok', cabinet: c.cabinet, reference: c.reference, detail: { from: before.state, to } }),
          ),
        );
        return { ok: true, state: moved.state };
      },
    },
    {
      method: 'POST',
      path: '/api/cases/:id/reassign',
      permission: 'cases.reassign',
      handle: async ({ who, params, body }) => {
        const input = parse(reassignBody, body);
        const reason = cleanNote(input.reason);
        if (!reason) throw new HttpError(400, 'reason-required', 'A reassignment needs a reason.');
        const c = await caseFor(who, params.id);
        unlessOk(
          await cases.reassign(c.id, input.departmentId, who, reason, (tx, before) =>
            createAuditStore(tx).append({ at: now(), actor: actor(who), action: 'case.reassign', outcome: 'ok', cabinet: c.cabinet, reference: c.reference, detail: { from: before.departmentId, to: input.departmentId, reason } }),
          ),
        );
        return { ok: true };
      },
    },
    {
      method: 'POST',
      path: '/api/followups/:id/close',
      permission: 'followups.close',
      handle: async ({ who, params, body }) => {
        const note = cleanNote(parse(noteBody, body).note);
        if (!note) throw new HttpError(400, 'note-required', 'A follow-up is closed with a note.');
        const f = (await listFollowups(pool, { open: true })).find((x) => x.id === Number(params.id));
        if (!f || !canSeeDepartment(who, f.departmentId)) throw new HttpError(404, 'not-found', 'No open follow-up of that number.');
        const at = now();
        const closed = await inTransaction(pool, async (tx) => {
          if (!(await closeFollowup(tx, f.id, who.login, note, at))) return false;
          if (f.caseId !== null) await addTimeline(tx, f.caseId, { at, actor: `hub:${who.login}`, kind: 'followup-closed', fromState: null, toState: null, note, eventId: null });
          await createAuditStore(tx).append({ at, actor: actor(who), action: 'followup.close', outcome: 'ok', cabinet: f.cabinet, reference: f.reference, detail: { followup: f.id, note } });
          return true;
        });
        if (!closed) throw new HttpError(409, 'closed-already', 'This follow-up was closed already.');
        return { ok: true };
      },
    },
  ];
}

/** A signed push to a cabinet (admin): the command id is audited with the cabinet. */
function pushRoute(deps: ConsoleDeps): Route {
  return {
    method: 'POST',
    path: '/api/cabinets/:id/push',
    permission: 'cabinets.push',
    handle: async ({ who, params, body }) => {
      const input = parse(pushBody, body);
      const cabinet = await getCabinet(deps.pool, params.id ?? '');
      if (!cabinet) throw new HttpError(404, 'not-found', 'No such cabinet.');
      const { id } = await deps.push({ cabinet: cabinet.id, type: input.type, body: input.body, issuedBy: who.login });
      await deps.audit.append({ at: deps.now(), actor: actor(who), action: `cabinet.${input.type}`, outcome: 'ok', cabinet: cabinet.id, detail: { command: id } });
      return { ok: true, id };
    },
  };
}
