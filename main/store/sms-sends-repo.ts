// The SMS sent to residents, for the send limits (main/core/notify/sms-limits.ts): when, and to
// which phone as a keyed hash (never the number). Rows older than a day are purged as they age.
import type { Db } from './database';

export function createSmsSendsRepo(db: Db) {
  const add = db.prepare('INSERT INTO sms_sends (phone_key, at) VALUES (?, ?)');
  const forPhone = db.prepare('SELECT at FROM sms_sends WHERE phone_key = ? AND at > ? ORDER BY at').pluck();
  const forCabinet = db.prepare('SELECT at FROM sms_sends WHERE at > ? ORDER BY at').pluck();
  const purge = db.prepare('DELETE FROM sms_sends WHERE at <= ?');
  return {
    record(phoneKey: string, at: number): void {
      add.run(phoneKey, at);
    },
    /** Send times to one phone after `since`, ascending. */
    phoneSince: (phoneKey: string, since: number) => forPhone.all(phoneKey, since) as number[],
    /** Send times to any phone after `since`, ascending. */
    cabinetSince: (since: number) => forCabinet.all(since) as number[],
    purgeBefore(at: number): void {
      purge.run(at);
    },
  };
}
export type SmsSendsRepo = ReturnType<typeof createSmsSendsRepo>;
