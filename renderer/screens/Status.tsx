// The status look-up: reference number, then the last four digits of the phone, both on the
// keypad — or the receipt's QR held to the scanner — → the case's status in plain words, with a
// symbol and a label (never colour alone).
import { useEffect, useState } from 'react';
import type { CaseStatusView } from '../../main/contract/schemas';
import { CallError } from '../../main/contract/errors';
import { api } from '../cabinet-api';
import { Rating } from './Rating';
import { PhoneLast4Step, ReferenceStep, type Problem } from './status/StatusSteps';
import { StatusResult } from './status/StatusResult';

interface StatusProps {
  /** 13 when the cabinet's district code leads its references, else 10 (cabinet.info). */
  referenceDigits: number;
  /** A receipt's QR the scanner read (App routes it here): look the case up by it at once. */
  receiptQr: string | null;
  onHome(): void;
  onEndVisit(): void;
  onStepChange(step: string): void;
}

type Step = { name: 'reference'; problem?: Problem } | { name: 'phone'; reference: string } | { name: 'result'; view: CaseStatusView } | { name: 'rating'; reference: string };

function problemOf(e: unknown): Problem {
  if (e instanceof CallError && e.code === 'not-found') return { kind: 'not-found' };
  if (e instanceof CallError && e.code === 'locked-out') return { kind: 'locked-out', seconds: e.retryAfterSeconds ?? 60 };
  return { kind: 'generic' };
}

export function Status({ referenceDigits, receiptQr, onHome, onEndVisit, onStepChange }: StatusProps) {
  const [step, setStep] = useState<Step>({ name: 'reference' });
  const [reference, setReference] = useState('');

  useEffect(() => onStepChange(`status-${step.name}`), [step.name, onStepChange]);
  useEffect(() => {
    if (!receiptQr) return;
    api['status.byReceipt']({ qr: receiptQr }).then(
      (view) => setStep({ name: 'result', view }),
      (e: unknown) => setStep({ name: 'reference', problem: problemOf(e) }),
    );
  }, [receiptQr]);

  async function lookUp(phoneLast4: string) {
    try {
      setStep({ name: 'result', view: await api['status.lookup']({ reference, phoneLast4 }) });
    } catch (e) {
      setStep({ name: 'reference', problem: problemOf(e) });
    }
  }

  if (step.name === 'reference')
    return (
      <ReferenceStep
        reference={reference}
        digits={referenceDigits}
        problem={step.problem}
        onChange={setReference}
        onClearProblem={() => setStep({ name: 'reference' })}
        onNext={() => setStep({ name: 'phone', reference })}
        onHome={onHome}
      />
    );
  if (step.name === 'phone') return <PhoneLast4Step onBack={() => setStep({ name: 'reference' })} onConfirm={(d) => void lookUp(d)} />;
  if (step.name === 'rating') return <Rating flow="status" reference={step.reference} onHome={onEndVisit} />;
  return <StatusResult view={step.view} onRate={() => setStep({ name: 'rating', reference: step.view.reference })} onHome={onEndVisit} />;
}
