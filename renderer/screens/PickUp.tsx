// The pickup flow: code on the keypad (or scanned), then the last four digits of the phone (or both
// from a scanned pickup QR) → the compartment opens → take the documents, close the door → done →
// rating. Wrong codes, a lockout and an expired code each get a kind message. A receipt's QR is
// never taken for a code (App sends it to the status screen).
import { useEffect, useState } from 'react';
import { House } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { PickUpState } from '../../main/contract/schemas';
import { api, onEvent } from '../cabinet-api';
import { stageRank } from '../door-stage';
import { DoorOpen } from '../components/DoorOpen';
import { sentences, useVoice } from '../speech';
import { CodeStep, type Scanned } from './pick-up/CodeStep';
import { IdCardStep, type CardRead } from './id-card/IdCardStep';
import { CallError } from '../../main/contract/errors';
import { failureText } from '../failure-text';
import { Rating } from './Rating';

interface PickUpProps {
  /** Digits of this cabinet's pickup codes (cabinet.info). */
  codeDigits: number;
  /** Seconds to wait for an ID card on the reader (cabinet.info). */
  cardWaitSeconds: number;
  /** What a scanner read before this screen opened (App routes scans here). */
  scanned: Scanned | null;
  onHome(): void;
  onEndVisit(): void;
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

export function PickUp({ codeDigits, cardWaitSeconds, scanned, onHome, onEndVisit, onDoorActive, onStepChange }: PickUpProps) {
  const [state, setState] = useState<PickUpState | null>(null);
  const [phase, setPhase] = useState<'code' | 'phone' | 'idcard'>('code');
  /** The code and digits were right, and the results are personal: the card is asked for. */
  const [entry, setEntry] = useState<{ code: string; phoneLast4: string } | null>(null);

  useEffect(() => {
    onStepChange(state ? `pickup-${state.stage}` : `pickup-${phase}`);
    onDoorActive(state !== null && (state.stage === 'opening' || state.stage === 'open'));
  }, [state, phase, onStepChange, onDoorActive]);

  // The core pushes each change: door opened, door closed (picked up), door not opened. A change
  // that came between the call's answer and this subscription is caught by asking once.
  const pickUpId = state?.pickUpId ?? null;
  useEffect(() => {
    if (!pickUpId) return;
    const unsubscribe = onEvent((event, data) => {
      const next = data as PickUpState;
      if (event === 'pickUp.changed' && next.pickUpId === pickUpId) setState(next);
    });
    api['pickUp.get']({ pickUpId }).then(
      (next) => setState((current) => (current?.pickUpId === pickUpId && stageRank(next.stage) > stageRank(current.stage) ? next : current)),
      () => undefined,
    );
    return unsubscribe;
  }, [pickUpId]);

  if (!state && entry) return <CollectorCard entry={entry} waitSeconds={cardWaitSeconds} onOpened={setState} onBack={() => (setEntry(null), setPhase('code'))} />;
  if (!state) return <CodeStep codeDigits={codeDigits} scanned={scanned} onPhase={setPhase} onHome={onHome} onOpened={setState} onCardNeeded={(e) => (setEntry(e), setPhase('idcard'))} />;
  return <PickUpDoor state={state} onHome={onHome} onEndVisit={onEndVisit} />;
}

/** Personal results: the collector's card, then pickUp.begin again with it; another person's card is said and read again. */
function CollectorCard({ entry, waitSeconds, onOpened, onBack }: { entry: { code: string; phoneLast4: string }; waitSeconds: number; onOpened(state: PickUpState): void; onBack(): void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<{ text: string; attempt: number } | null>(null);
  const onRead = (card: CardRead) => {
    api['pickUp.begin']({ ...entry, card: card.token }).then(onOpened, (e: unknown) => {
      const text = e instanceof CallError && e.code === 'id-card-mismatch' ? t('idCard.mismatch') : failureText(t, e);
      setProblem((p) => ({ text, attempt: (p?.attempt ?? 0) + 1 }));
    });
  };
  return <IdCardStep key={problem?.attempt ?? 0} role="collector" waitSeconds={waitSeconds} problem={problem?.text} awaitRemoval={problem !== null} onRead={onRead} onBack={onBack} />;
}

function PickUpDoor({ state, onHome, onEndVisit }: { state: PickUpState; onHome(): void; onEndVisit(): void }) {
  const { t } = useTranslation();
  const c = state.compartment;
  const heading =
    state.stage === 'opening'
      ? t('pickUp.opening')
      : state.stage === 'open'
        ? t('pickUp.doorOpen', { label: c.label })
        : state.stage === 'open-not-detected'
          ? t('pickUp.openNotDetected')
          : state.stage === 'not-recorded'
            ? t('pickUp.notRecorded')
            : t('pickUp.failed');
  const voice =
    state.stage === 'open'
      ? t('pickUp.voiceOpen', { label: c.label, column: c.column, row: c.row })
      : state.stage === 'open-not-detected'
        ? sentences(heading, t('pickUp.openNotDetectedHint'))
        : state.stage === 'failed'
          ? sentences(heading, t('pickUp.failedHint'))
          : state.stage === 'not-recorded'
            ? sentences(heading, t('pickUp.notRecordedHint', { label: c.label }))
          : state.stage === 'opening'
            ? heading
            : null;
  useVoice(voice);

  if (state.stage === 'picked-up') return <Rating flow="pick-up" reference={state.reference} lead={t('pickUp.done')} onHome={onEndVisit} />;
  if (state.stage === 'opening' || state.stage === 'open') {
    return (
      <DoorOpen flow="pick-up" heading={heading} compartment={c} open={state.stage === 'open'} instruction={t('pickUp.takeOut')} leftOpen={Boolean(state.doorLeftOpen)} leftOpenText={t('pickUp.leftOpen')} />
    );
  }
  const notDetected = state.stage === 'open-not-detected';
  return (
    <section className="screen" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{heading}</h1>
        <p className="lead">{notDetected ? t('pickUp.openNotDetectedHint') : t('pickUp.failedHint')}</p>
      </div>
      <div className="actions">
        <button type="button" className="big-button primary" onClick={onHome}>
          <House className="icon" aria-hidden="true" />
          {t('app.home')}
        </button>
      </div>
    </section>
  );
}
