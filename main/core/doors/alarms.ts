// Raising an alarm: logged, and recorded together with its audit entry and the technician's
// outbox message in one transaction; then the notifier is woken and the alarm announced.
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import type { Alarm } from './door-sessions';
import type { Transitions } from '../cases/transitions';

export interface AlarmsDeps {
  repos: Pick<Repositories, 'transaction' | 'outbox'>;
  config: CabinetConfig;
  transitions: Transitions;
  log(level: 'warn', message: string): void;
  /** After the alarm is recorded: wake the notifier, announce it. */
  raised(alarm: Alarm): void;
}

export function createAlarms(deps: AlarmsDeps): (alarm: Alarm) => void {
  const { repos, config, transitions } = deps;
  const { outbox } = repos;
  let alarmSeq = 0;
  return (alarm) => {
    deps.log('warn', `alarm: ${alarm.kind}${alarm.label ? ` at ${alarm.label}` : ''}`);
    // The alarm, its audit entry and the technician's message are recorded together.
    repos.transaction(() => {
      transitions.audit.append({ at: alarm.at, actor: 'cabinet', action: `alarm.${alarm.kind}`, outcome: 'failed', compartment: alarm.label ?? null, detail: alarm.detail ?? {} });
      outbox.add({
        at: alarm.at,
        kind: 'alarm',
        audience: 'technician',
        idempotencyKey: `alarm:${config.cabinet.id}:${alarm.kind}:${alarm.label ?? '-'}:${alarm.at}:${alarmSeq++}`,
        payload: { cabinet: config.cabinet.id, alarm: alarm.kind, compartment: alarm.label ?? null, at: alarm.at, detail: alarm.detail ?? null },
      });
    });
    deps.raised(alarm);
  };
}
