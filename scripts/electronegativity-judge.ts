// The rule of the Electronegativity stage (scripts/electronegativity.ts), pure so it is tested:
// every finding above INFORMATIONAL fails unless `.electronegativity-accepted.json` lists its check
// and file with a reason. Lines are not part of the match (they drift with every edit); a listed
// entry that no longer matches anything is reported as stale, so the list does not rot.

export interface Finding {
  id: string;
  file: string;
  line: number;
  severity: string;
  confidence: string;
  description: string;
  sample?: string;
}

export interface Accepted {
  id: string;
  file: string;
  reason: string;
}

export interface Verdict {
  failing: Finding[];
  accepted: { finding: Finding; reason: string }[];
  informational: Finding[];
  stale: Accepted[];
}

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;

/** Check the list itself: each entry names a check and a file and gives a real reason. */
export function parseAccepted(raw: unknown): Accepted[] {
  const list = (raw as { accepted?: unknown })?.accepted;
  if (!Array.isArray(list)) throw new Error('expected { "accepted": [ { "id", "file", "reason" } ] }');
  return list.map((entry, i) => {
    const e = entry as Partial<Accepted>;
    if (typeof e.id !== 'string' || typeof e.file !== 'string') throw new Error(`accepted[${i}]: expected "id" and "file" strings`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20) throw new Error(`accepted[${i}] (${e.id}): a reason of at least a sentence is required`);
    return { id: e.id, file: e.file, reason: e.reason };
  });
}

export function judge(findings: Finding[], accepted: Accepted[]): Verdict {
  const verdict: Verdict = { failing: [], accepted: [], informational: [], stale: [] };
  const used = new Set<Accepted>();
  for (const finding of findings) {
    if (finding.severity === 'INFORMATIONAL') {
      verdict.informational.push(finding);
      continue;
    }
    const match = accepted.find((a) => a.id === finding.id && a.file === finding.file);
    if (!match) {
      verdict.failing.push(finding);
      continue;
    }
    used.add(match);
    verdict.accepted.push({ finding, reason: match.reason });
  }
  verdict.stale = accepted.filter((a) => !used.has(a));
  return verdict;
}

export function describeFinding(f: Finding): string {
  return `${f.severity} ${f.id} ${f.file}:${f.line} (${f.confidence}) — ${f.description}`;
}
