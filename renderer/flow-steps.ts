// Where each flow's screens sit in its step indicator: pure, from the step name the screens report.
export type Flow = 'dropOff' | 'pickUp' | 'status';

/** The message keys of each flow's steps, in order. */
export const flowSteps: Record<Flow, string[]> = {
  dropOff: ['steps.matter', 'steps.checklist', 'steps.phone', 'steps.confirm', 'steps.door', 'steps.receipt'],
  pickUp: ['steps.code', 'steps.phoneLast4', 'steps.takeOut', 'steps.done'],
  status: ['steps.reference', 'steps.phoneLast4', 'steps.result'],
};

/** The index of the current step (flowSteps[flow].length once the flow is through, e.g. the rating). */
export function stepIndex(flow: Flow, step: string): number {
  if (flow === 'dropOff') {
    if (step === 'rating') return 6;
    if (step === 'door-deposited') return 5;
    if (step.startsWith('door-')) return 4;
    // The ID card (and a proxy's) belongs with the documents: the checklist's step.
    if (step === 'idcard' || step === 'proxy') return 1;
    return Math.max(0, ['matter', 'checklist', 'phone', 'confirm'].indexOf(step));
  }
  if (flow === 'pickUp') {
    if (step === 'pickup-picked-up') return 3;
    if (step === 'pickup-idcard') return 1;
    if (step === 'pickup-code') return 0;
    if (step === 'pickup-phone') return 1;
    return 2;
  }
  if (step === 'status-rating') return 3;
  return Math.max(0, ['status-reference', 'status-phone', 'status-result'].indexOf(step));
}

/** The receipt stays this long without a touch (then the announced idle countdown): time to read, photograph, fold. */
export const RECEIPT_KEEP_SECONDS = 300;
