// The door step of a drop-off: the door opening and open, the receipt once it closed, or what went
// wrong (no door detected, not recorded, failed) with the way on.
import { useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { ArrowRight, House, PackagePlus, RefreshCw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { DropOffState } from '../../../main/contract/schemas';
import { CallError } from '../../../main/contract/errors';
import { api } from '../../cabinet-api';
import { DoorOpen } from '../../components/DoorOpen';
import { Alert } from '../../components/Notices';
import { failureText } from '../../failure-text';
import { prompt, sentences, useVoice, type Spoken } from '../../speech';
import { Receipt } from './Receipt';

/** What the door step reads out in elder mode, for each stage. */
function doorVoice(t: TFunction, state: DropOffState): Spoken {
  const c = state.compartment;
  if (state.stage === 'opening') return t('dropOff.opening');
  if (state.stage === 'open') return t('dropOff.voiceOpen', { label: c.label, column: c.column, row: c.row });
  if (state.stage === 'deposited' && state.receipt && state.paper === 'not-printed') return prompt('dropOff.receiptNoPaper', { reference: state.receipt.reference.split('').join(' ') });
  if (state.stage === 'deposited' && state.receipt) return t('dropOff.voiceReceipt', { reference: state.receipt.reference.split('').join(' ') });
  if (state.stage === 'open-not-detected') return sentences(t('dropOff.openNotDetected'), t('dropOff.openNotDetectedHint'));
  if (state.stage === 'open-uncertain') return sentences(t('dropOff.uncertainTitle'), t('dropOff.uncertainQuestion', { label: c.label }));
  if (state.stage === 'not-recorded') return sentences(t('dropOff.notRecorded'), t('dropOff.notRecordedHint', { label: c.label }));
  return sentences(t('dropOff.failed'), t('dropOff.failedHint'));
}

interface DoorStepProps {
  state: DropOffState;
  onHome(): void;
  onDone(reference: string): void;
  /** A new drop-off state from 继续投递 or "another compartment". */
  onState(state: DropOffState): void;
}

export function DoorStep({ state, onHome, onDone, onState }: DoorStepProps) {
  const { t } = useTranslation();
  const c = state.compartment;
  const [problem, setProblem] = useState<string | null>(null);
  const next = (call: Promise<DropOffState>) =>
    call.then(onState, (e: unknown) => setProblem(e instanceof CallError && e.code === 'no-compartment' ? t('dropOff.noCompartment') : failureText(t, e)));
  useVoice(doorVoice(t, state));

  if (state.stage === 'opening' || state.stage === 'open') {
    return (
      <DoorOpen
        flow="drop-off"
        heading={state.stage === 'opening' ? t('dropOff.opening') : t('dropOff.doorOpen', { label: c.label })}
        compartment={c}
        open={state.stage === 'open'}
        instruction={t('dropOff.putIn')}
        note={t('dropOff.closeReminder')}
        leftOpen={Boolean(state.doorLeftOpen)}
        leftOpenText={t('dropOff.leftOpen')}
      />
    );
  }
  if (state.stage === 'open-uncertain') {
    // The door may have opened unseen: only the resident knows where the documents are.
    return (
      <Outcome title={t('dropOff.uncertainTitle')} text={t('dropOff.uncertainQuestion', { label: c.label })} problem={problem}>
        <button type="button" className="big-button" onClick={() => next(api['dropOff.answer']({ dropOffId: state.dropOffId, inside: false }))}>
          {t('dropOff.answerNotInside')}
        </button>
        <button type="button" className="big-button primary" onClick={() => next(api['dropOff.answer']({ dropOffId: state.dropOffId, inside: true }))}>
          {t('dropOff.answerInside')}
        </button>
      </Outcome>
    );
  }
  if (state.stage === 'deposited' && state.receipt) {
    const r = state.receipt;
    return (
      <Receipt receipt={r} paper={state.paper} problem={problem}>
        <button type="button" className="big-button" onClick={() => next(api['dropOff.continue']({ dropOffId: state.dropOffId }))}>
          <PackagePlus className="icon" aria-hidden="true" />
          {t('dropOff.continue')}
        </button>
        <button type="button" className="big-button primary" onClick={() => onDone(r.reference)}>
          {t('dropOff.done')}
          <ArrowRight className="icon" aria-hidden="true" />
        </button>
      </Receipt>
    );
  }
  return <Trouble state={state} problem={problem} onHome={onHome} onRetry={() => next(api['dropOff.retry']({ dropOffId: state.dropOffId }))} />;
}

function Trouble({ state, problem, onHome, onRetry }: { state: DropOffState; problem: string | null; onHome(): void; onRetry(): void }) {
  const { t } = useTranslation();
  const label = state.compartment.label;
  const notDetected = state.stage === 'open-not-detected';
  const notRecorded = state.stage === 'not-recorded';
  const title = notDetected ? t('dropOff.openNotDetected') : notRecorded ? t('dropOff.notRecorded') : t('dropOff.failed');
  const text = notDetected ? t('dropOff.openNotDetectedHint') : notRecorded ? t('dropOff.notRecordedHint', { label }) : t('dropOff.failedHint');
  // Leaving ends the attempt now (the core would otherwise hold it open for a retry elsewhere).
  const leave = () => (notDetected ? api['dropOff.cancel']({ dropOffId: state.dropOffId }).catch(() => undefined).finally(onHome) : onHome());
  return (
    <Outcome title={title} text={text} problem={problem}>
      <button type="button" className={notDetected ? 'big-button' : 'big-button primary'} onClick={() => void leave()}>
        <House className="icon" aria-hidden="true" />
        {t('app.home')}
      </button>
      {notDetected && (
        <button type="button" className="big-button primary" onClick={onRetry}>
          <RefreshCw className="icon" aria-hidden="true" />
          {t('dropOff.tryAnother')}
        </button>
      )}
    </Outcome>
  );
}

function Outcome({ title, text, problem, children }: { title: string; text: string; problem: string | null; children: ReactNode }) {
  return (
    <section className="screen" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{title}</h1>
        <p className="lead">{text}</p>
        {problem && <Alert>{problem}</Alert>}
      </div>
      <div className="actions">{children}</div>
    </section>
  );
}
