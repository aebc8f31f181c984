// What one lane of the power-cut suite knows between kills, and what a child's lines allow the
// restart to show. Pure: the checks read the file, this says what it may hold.

/** What one lane knows between kills: each case's status at the last restart, and its pickup code. */
export interface LaneModel {
  dir: string;
  statuses: Map<string, string>;
  codes: Map<string, string>;
  /** Abandoned cases found under check so far (every other one is found holding documents). */
  checksCleared: number;
}

/**
 * The statuses each case may have after the restart, from the model and the child's lines: a step
 * reported committed must show; a step begun and not reported may or may not have committed.
 */
export function allowedStatuses(model: LaneModel, lines: readonly string[]): { allowed: Map<string, Set<string>>; dropOffsInFlight: number; continued: Map<string, string> } {
  const allowed = new Map([...model.statuses].map(([ref, s]) => [ref, new Set([s])]));
  const add = (ref: string, status: string) => allowed.set(ref, new Set([...(allowed.get(ref) ?? []), status]));
  const continued = new Map<string, string>();
  let dropOffsInFlight = 0;
  for (const line of lines) {
    const [word, a = '', b = '', c = ''] = line.split(' ');
    if (word === 'dropoff' && a === 'begin') dropOffsInFlight++;
    if (word === 'deposited') dropOffsInFlight--;
    if (word === 'continued') continued.set(b, a);
    if (word === 'code') model.codes.set(a, b);
    if (word === 'picked-up') model.codes.delete(a);
    // A step begun may have committed; a step reported did.
    const begun = { retrieve: 'collected', return: 'returned', pickup: 'picked-up' }[word ?? ''];
    if (begun && a === 'begin' && c) add(c, begun);
    if (word === 'deposited' || word === 'collected' || word === 'returned' || word === 'picked-up') allowed.set(a, new Set([word]));
  }
  return { allowed, dropOffsInFlight, continued };
}

