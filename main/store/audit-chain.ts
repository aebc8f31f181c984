// The audit log's hash chain: each row carries the hash of the row before it and its own hash
// over its content, so an edited or deleted row breaks the chain. The head (last id and hash) is
// kept in its own table, so a deleted tail is found too. Triggers make the table append-only;
// the chain catches what someone does to the file around them.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export interface AuditChainRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  outcome: string;
  case_id: number | null;
  compartment: string | null;
  detail: string;
}

export function auditHash(prevHash: string, row: AuditChainRow): string {
  const content = JSON.stringify([row.id, row.at, row.actor, row.action, row.outcome, row.case_id, row.compartment, row.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export type ChainProblem =
  | { kind: 'edited'; id: number }
  | { kind: 'broken-link'; id: number }
  | { kind: 'missing-tail'; expectedLastId: number; foundLastId: number | null }
  | { kind: 'head-mismatch'; id: number };

export interface ChainVerdict {
  ok: boolean;
  rows: number;
  problems: ChainProblem[];
}

/** Walk the chain in id order. Pure: give it the rows (with their stored hashes) and the head. */
export function verifyChain(
  rows: Iterable<AuditChainRow & { prev_hash: string; hash: string }>,
  head: { last_id: number; hash: string } | undefined,
): ChainVerdict {
  const problems: ChainProblem[] = [];
  let prev = GENESIS;
  let count = 0;
  let last: { id: number; hash: string } | undefined;
  for (const row of rows) {
    count += 1;
    if (row.prev_hash !== prev) problems.push({ kind: 'broken-link', id: row.id });
    if (auditHash(row.prev_hash, row) !== row.hash) problems.push({ kind: 'edited', id: row.id });
    prev = row.hash;
    last = { id: row.id, hash: row.hash };
  }
  if (head) {
    if (!last || last.id < head.last_id) problems.push({ kind: 'missing-tail', expectedLastId: head.last_id, foundLastId: last?.id ?? null });
    else if (last.id === head.last_id && last.hash !== head.hash) problems.push({ kind: 'head-mismatch', id: last.id });
  }
  return { ok: problems.length === 0, rows: count, problems };
}
