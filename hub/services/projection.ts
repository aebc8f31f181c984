// Events become cases (inside the ingest's batch transaction): a deposit opens a case in 受理 in
// its matter's department with its due date; collected / returned move it; the end of a case at
// the cabinet is noted; a rating is stored and a bad one (≤ 2) opens a follow-up. Only events
// stored for the first time are projected, so a re-delivered event changes nothing.
import type { PoolClient } from '../db/pool';
import { calendarOf, dueDate, type Calendar } from '../domain/calendar';
import { stateAfterEvent } from '../domain/case-states';
import type { FleetEventMessage } from '../domain/messages';
import { listCalendar } from '../store/calendar';
import { addTimeline, findCase, insertCase, setCaseEnded, setCaseState, type CaseRow } from '../store/cases';
import { listMatters, type MatterRoute } from '../store/departments';
import { insertRating, openFollowup } from '../store/ratings';

/** Ratings at or below this open a follow-up task. */
export const BAD_RATING = 2;

interface Context {
  client: PoolClient;
  matters: Map<string, MatterRoute>;
  calendar: Calendar;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);

async function onDeposit(ctx: Context, e: FleetEventMessage, reference: string, matterId: string): Promise<void> {
  const matter = ctx.matters.get(matterId);
  const id = await insertCase(ctx.client, {
    cabinet: e.cabinet,
    reference,
    matterId,
    departmentId: matter?.departmentId ?? null,
    compartment: str(e.data.compartment),
    depositedAt: e.at,
    dueDate: matter ? dueDate(e.at, matter.committedDays, ctx.calendar) : null,
  });
  if (id === null) return; // the same reference deposited again (a found case): the case exists
  const note = matter?.departmentId ? `routed:${matter.departmentId}` : 'unrouted';
  await addTimeline(ctx.client, id, { at: e.at, actor: `cabinet:${e.cabinet}`, kind: 'event:deposit', fromState: null, toState: 'accepted', note, eventId: e.id });
}

async function onCaseEvent(ctx: Context, e: FleetEventMessage, found: CaseRow): Promise<void> {
  const target = stateAfterEvent(found.state, e.type, e.data);
  if (target) await setCaseState(ctx.client, found.id, target, e.at);
  if (e.type === 'picked-up' || e.type === 'expired' || e.type === 'recalled') await setCaseEnded(ctx.client, found.id, e.type, e.at);
  await addTimeline(ctx.client, found.id, { at: e.at, actor: `cabinet:${e.cabinet}`, kind: `event:${e.type}`, fromState: target ? found.state : null, toState: target, note: null, eventId: e.id });
}

async function onRating(ctx: Context, e: FleetEventMessage): Promise<void> {
  const level = typeof e.data.level === 'number' && Number.isInteger(e.data.level) && e.data.level >= 1 && e.data.level <= 5 ? e.data.level : null;
  if (level === null) return;
  const reference = str(e.data.reference);
  const found = reference ? await findCase(ctx.client, e.cabinet, reference) : null;
  const comments = Array.isArray(e.data.comments) ? e.data.comments.filter((c): c is string => typeof c === 'string').slice(0, 20) : [];
  const rating = {
    eventId: e.id, cabinet: e.cabinet, reference, caseId: found?.id ?? null, matterId: found?.matterId ?? null, departmentId: found?.departmentId ?? null,
    flow: str(e.data.flow) ?? 'unknown', level, comments, at: e.at,
  };
  if ((await insertRating(ctx.client, rating)) && level <= BAD_RATING) await openFollowup(ctx.client, rating);
  if (found) await addTimeline(ctx.client, found.id, { at: e.at, actor: `cabinet:${e.cabinet}`, kind: 'event:rating', fromState: null, toState: null, note: `level:${level}`, eventId: e.id });
}

async function projectOne(ctx: Context, e: FleetEventMessage): Promise<void> {
  if (e.type === 'rating') return onRating(ctx, e);
  const reference = str(e.data.reference);
  const matterId = str(e.data.matterId);
  if (!reference || !matterId) return; // alarms and help calls concern the cabinet, not a case
  if (e.type === 'deposit') return onDeposit(ctx, e, reference, matterId);
  const found = await findCase(ctx.client, e.cabinet, reference);
  if (found) await onCaseEvent(ctx, e, found);
}

/** Projects the newly stored events of a batch, each cabinet's in seq order. */
export async function projectEvents(client: PoolClient, events: FleetEventMessage[]): Promise<void> {
  if (events.length === 0) return;
  const ctx: Context = { client, matters: new Map((await listMatters(client)).map((m) => [m.id, m])), calendar: calendarOf(await listCalendar(client)) };
  const ordered = [...events].sort((a, b) => (a.cabinet < b.cabinet ? -1 : a.cabinet > b.cabinet ? 1 : a.seq - b.seq));
  for (const e of ordered) await projectOne(ctx, e);
}
