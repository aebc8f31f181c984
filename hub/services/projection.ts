// Events become cases (inside the ingest's batch transaction): a deposit opens a case in 受理 in
// its matter's department with its due date; collected / returned move it; the end of a case at
// the cabinet is noted; a rating is stored and a bad one (≤ 2) opens a follow-up. Only events
// stored for the first time are projected, so a re-delivered event changes nothing. A handful of
// statements per batch, never one per event: the rules run in memory over the batch (each
// cabinet's events in seq order), the store writes each kind of row in one statement.
import type { PoolClient } from '../db/pool';
import { calendarOf, dueDate, type Calendar } from '../domain/calendar';
import { stateAfterEvent } from '../domain/case-states';
import type { FleetEventMessage } from '../domain/messages';
import { listCalendar } from '../store/calendar';
import { addTimelines, findCases, insertCases, updateCases, type CaseRow, type CaseUpdate, type NewCase, type TimelineEntry } from '../store/cases';
import { listMatters, type MatterRoute } from '../store/departments';
import { insertRatings, openFollowups, type RatingRow } from '../store/ratings';

/** Ratings at or below this open a follow-up task. */
export const BAD_RATING = 2;

type Line = TimelineEntry & { caseId: number };
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);
const keyOf = (cabinet: string, reference: string) => `${cabinet}\u0001${reference}`;
const ENDS = new Set(['picked-up', 'expired', 'recalled']);

function newCaseOf(e: FleetEventMessage, matters: Map<string, MatterRoute>, calendar: Calendar): NewCase | null {
  const reference = str(e.data.reference);
  const matterId = str(e.data.matterId);
  if (!reference || !matterId) return null;
  const matter = matters.get(matterId);
  return {
    cabinet: e.cabinet, reference, matterId, departmentId: matter?.departmentId ?? null, compartment: str(e.data.compartment),
    depositedAt: e.at, dueDate: matter ? dueDate(e.at, matter.committedDays, calendar) : null,
  };
}

/** Deposits first (one insert), with their timeline lines. */
async function openCases(client: PoolClient, deposits: FleetEventMessage[], lines: Line[]): Promise<void> {
  const matters = new Map((await listMatters(client)).map((m) => [m.id, m]));
  const calendar = calendarOf(await listCalendar(client));
  const fresh = new Map<string, { event: FleetEventMessage; row: NewCase }>();
  for (const e of deposits) {
    const row = newCaseOf(e, matters, calendar);
    if (row && !fresh.has(keyOf(row.cabinet, row.reference))) fresh.set(keyOf(row.cabinet, row.reference), { event: e, row });
  }
  for (const made of await insertCases(client, [...fresh.values()].map((f) => f.row))) {
    const { event, row } = fresh.get(keyOf(made.cabinet, made.reference))!;
    const note = row.departmentId ? `routed:${row.departmentId}` : 'unrouted';
    lines.push({ caseId: made.id, at: event.at, actor: `cabinet:${event.cabinet}`, kind: 'event:deposit', fromState: null, toState: 'accepted', note, eventId: event.id });
  }
}

function rating(e: FleetEventMessage, found: CaseRow | undefined): RatingRow | null {
  const level = e.data.level;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 5) return null;
  const comments = Array.isArray(e.data.comments) ? e.data.comments.filter((c): c is string => typeof c === 'string').slice(0, 20) : [];
  return {
    eventId: e.id, cabinet: e.cabinet, reference: str(e.data.reference), caseId: found?.id ?? null, matterId: found?.matterId ?? null,
    departmentId: found?.departmentId ?? null, flow: str(e.data.flow) ?? 'unknown', level, comments, at: e.at,
  };
}

/** Moves and ends of known cases, in memory; the batch's last word per case is written once. */
function follow(e: FleetEventMessage, found: CaseRow, updates: Map<number, CaseUpdate>, lines: Line[]): void {
  const target = stateAfterEvent(found.state, e.type, e.data);
  const ended = ENDS.has(e.type) ? e.type : null;
  if (target || ended) {
    const before = updates.get(found.id);
    updates.set(found.id, { id: found.id, state: target ?? before?.state ?? null, ended: ended ?? before?.ended ?? null, at: e.at });
  }
  lines.push({ caseId: found.id, at: e.at, actor: `cabinet:${e.cabinet}`, kind: `event:${e.type}`, fromState: target ? found.state : null, toState: target, note: null, eventId: e.id });
  if (target) found.state = target; // the next event of this case in the batch sees it
}

/** Projects the newly stored events of a batch, each cabinet's in seq order. */
export async function projectEvents(client: PoolClient, events: FleetEventMessage[]): Promise<void> {
  if (events.length === 0) return;
  const ordered = [...events].sort((a, b) => (a.cabinet < b.cabinet ? -1 : a.cabinet > b.cabinet ? 1 : a.seq - b.seq));
  const lines: Line[] = [];
  await openCases(client, ordered.filter((e) => e.type === 'deposit'), lines);
  const rest = ordered.filter((e) => e.type !== 'deposit' && str(e.data.reference) !== null);
  const known = new Map((await findCases(client, rest.map((e) => ({ cabinet: e.cabinet, reference: str(e.data.reference)! })))).map((c) => [keyOf(c.cabinet, c.reference), c]));
  const updates = new Map<number, CaseUpdate>();
  const ratings: RatingRow[] = [];
  for (const e of ordered.filter((x) => x.type !== 'deposit')) {
    const reference = str(e.data.reference);
    const found = reference ? known.get(keyOf(e.cabinet, reference)) : undefined;
    if (e.type === 'rating') {
      const r = rating(e, found);
      if (r) ratings.push(r);
      if (r && found) lines.push({ caseId: found.id, at: e.at, actor: `cabinet:${e.cabinet}`, kind: 'event:rating', fromState: null, toState: null, note: `level:${r.level}`, eventId: e.id });
    } else if (found && str(e.data.matterId)) follow(e, found, updates, lines);
  }
  await updateCases(client, [...updates.values()]);
  await addTimelines(client, lines);
  const stored = await insertRatings(client, ratings);
  await openFollowups(client, ratings.filter((r) => stored.has(r.eventId) && r.level <= BAD_RATING));
}
