// Raising an alarm: logged, and recorded together with its audit entry and the technician's
// outbox message in one transaction; then the notifier is woken and the alarm announced. A disk
// that refuses the record (full) never stops the alarm: it is announced all the same, never thrown
// at its caller (a poll, a timer), and recorded, in the order raised, once the disk takes writes.
import type { Repositories } from '../../store/repositories';
import type { TimerHandle, Timers } from '../clock';
import type { CabinetConfig } from '../config';
import type { Alarm } from './door-sessions';
import type { Transitions } from '../cases/transitions';

/** How often alarms the disk refused are tried again. */
export const ALARM_RETRY_MS = 1000;
/** Kept while the disk refuses: a door left banging open must not fill the memory. */
const MAX_PENDING = 200;

export interface AlarmsDeps {
  repos: Pick<Repositories, 'transaction' | 'outbox'>;
  config: CabinetConfig;
  transitions: Transitions;
  clock: Timers;
  log(level: 'warn' | 'error', message: string, detail?: unknown): void;
  /** After the alarm is raised: wake the notifier, announce it. */
  raised(alarm: Alarm): void;
}

export function createAlarms(deps: AlarmsDeps): (alarm: Alarm) => void {
  const { repos, config, transitions, clock } = deps;
  const { outbox } = repos;
  let alarmSeq = 0;
  const pending: { alarm: Alarm; seq: number }[] = [];
  let retry: TimerHandle | undefined;

  /** The alarm, its audit entry and the technician's message, together. */
  const write = ({ alarm, seq }: { alarm: Alarm; seq: number }) =>
    repos.transaction(() => {
      transitions.audit.append({ at: alarm.at, actor: 'cabinet', action: `alarm.${alarm.kind}`, outcome: 'failed', compartment: alarm.label ?? null, detail: alarm.detail ?? {} });
      outbox.add({
        at: alarm.at,
        kind: 'alarm',
        audience: 'technician',
        idempotencyKey: `alarm:${config.cabinet.id}:${alarm.kind}:${alarm.label ?? '-'}:${alarm.at}:${seq}`,
        payload: { cabinet: config.cabinet.id, alarm: alarm.kind, compartment: alarm.label ?? null, at: alarm.at, detail: alarm.detail ?? null },
      });
    });

  /** Writes what waits, oldest first; stops at the first refusal and tries again later. */
  function drain(): void {
    retry = undefined;
    try {
      while (pending.length > 0) {
        write(pending[0]!);
        pending.shift();
      }
    } catch (error) {
      deps.log('error', `${pending.length} alarm(s) could not be recorded yet`, error instanceof Error ? error.message : error);
      retry = clock.setTimeout(drain, ALARM_RETRY_MS);
    }
  }

  return (alarm) => {
    deps.log('warn', `alarm: ${alarm.kind}${alarm.label ? ` at ${alarm.label}` : ''}`);
    if (pending.length >= MAX_PENDING) pending.shift();
    pending.push({ alarm, seq: alarmSeq++ });
    if (retry === undefined) drain();
    deps.raised(alarm);
  };
}
