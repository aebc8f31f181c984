// The pickup flow: code on the keypad (or from a QR / barcode scanner typing it like a keyboard)
// → the compartment opens → take the documents, close the door → done → rating. Wrong codes, a
// lockout and an expired code each get a kind message.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickUpState } from '../../main/contract/schemas';
import { CallError } from '../../main/contract/errors';
import { api, onEvent } from '../cabinet-api';
import { stageRank } from '../door-stage';
import { DoorOpen } from '../components/DoorOpen';
import { Keypad } from '../components/Keypad';
import { formatWait, useCountdown } from '../countdown';
import { sentences, useVoice } from '../speech';
import { Rating } from './Rating';
import { Alert, Lockout } from '../components/Notices';
import { failureText } from '../failure-text';

interface PickUpProps {
  /** Digits of this cabinet's pickup codes (cabinet.info). */
  codeDigits: number;
  onHome(): void;
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

type Problem = { kind: 'wrong-code'; triesLeft: number | undefined } | { kind: 'locked-out'; seconds: number } | { kind: 'expired' } | { kind: 'generic'; text: string };

/** A scanner types a code in milliseconds: a longer pause between keys starts a new code. */
const SCANNER_GAP_MS = 1000;

export function PickUp({ codeDigits, onHome, onDoorActive, onStepChange }: PickUpProps) {
  const [state, setState] = useState<PickUpState | null>(null);

  useEffect(() => {
    onStepChange(state ? `pickup-${state.stage}` : 'pickup-code');
    onDoorActive(state !== null && (state.stage === 'opening' || state.stage === 'open'));
  }, [state, onStepChange, onDoorActive]);

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

  if (!state) return <CodeStep codeDigits={codeDigits} onHome={onHome} onOpened={setState} />;
  return <PickUpDoor state={state} onHome={onHome} />;
}

/** Whether the keyboard belongs to a text field now (then keys are not a scanner's). */
function typingInField(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLElement && el.isContentEditable);
}

function CodeStep({ codeDigits, onHome, onOpened }: { codeDigits: number; onHome(): void; onOpened(state: PickUpState): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  /** The code is asked first, then the last four digits of the phone the case was registered with. */
  const [phase, setPhase] = useState<'code' | 'phone'>('code');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const locked = problem?.kind === 'locked-out';
  const left = useCountdown(locked ? problem.seconds : null, () => setProblem(null));

  useVoice(
    sentences(
      problem?.kind === 'wrong-code' && t('pickUp.wrongCode'),
      problem?.kind === 'locked-out' && t('pickUp.lockedOut'),
      problem?.kind === 'expired' && t('pickUp.expired'),
      phase === 'code' ? t('pickUp.enterCode') : t('pickUp.enterPhone'),
    ),
  );

  async function confirm(entered: string, last4: string) {
    setBusy(true);
    try {
      onOpened(await api['pickUp.begin']({ code: entered, phoneLast4: last4 }));
    } catch (e) {
      setCode('');
      setPhoneLast4('');
      setPhase('code');
      if (!(e instanceof CallError)) setProblem({ kind: 'generic', text: failureText(t, e) });
      else if (e.code === 'wrong-code') setProblem({ kind: 'wrong-code', triesLeft: e.triesLeft });
      else if (e.code === 'locked-out') setProblem({ kind: 'locked-out', seconds: e.retryAfterSeconds ?? 60 });
      else if (e.code === 'expired') setProblem({ kind: 'expired' });
      else setProblem({ kind: 'generic', text: failureText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  // A QR / barcode scanner in keyboard-wedge mode: its digits, then Enter, submit the code.
  const scan = useRef({ digits: '', at: 0 });
  const submitScan = useRef<(code: string) => void>(() => undefined);
  useEffect(() => {
    submitScan.current = (scanned) => {
      if (locked || busy) return;
      setCode(scanned);
      setPhase('phone');
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField() || e.ctrlKey || e.altKey || e.metaKey) return;
      const buffer = scan.current;
      const now = Date.now();
      if (now - buffer.at > SCANNER_GAP_MS) buffer.digits = '';
      buffer.at = now;
      if (/^\d$/.test(e.key)) {
        buffer.digits = (buffer.digits + e.key).slice(-codeDigits);
      } else if (e.key === 'Enter') {
        const scanned = buffer.digits;
        buffer.digits = '';
        if (scanned.length === codeDigits) {
          e.preventDefault(); // not also a press of whatever button has the focus
          submitScan.current(scanned);
        }
      } else if (e.key.length === 1) buffer.digits = ''; // e.g. a URL around the code: keep only the digits after it
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [codeDigits]);

  return (
    <section className="screen code-step" aria-labelledby="step-title">
      <h1 id="step-title">{phase === 'code' ? t('pickUp.enterCode') : t('pickUp.enterPhone')}</h1>
      <p className="note">{phase === 'code' ? t('pickUp.codeHint', { digits: codeDigits }) : t('pickUp.phoneHint')}</p>
      {phase === 'code' && <p className="note">{t('pickUp.scanHint')}</p>}
      <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
        {(phase === 'code' ? code : phoneLast4) || '\u00a0'}
      </output>
      {problem?.kind === 'wrong-code' && (
        <Alert>{t('pickUp.wrongCode')} {problem.triesLeft !== undefined && t('pickUp.triesLeft', { count: problem.triesLeft })}</Alert>
      )}
      {locked && (
        <Lockout message={t('pickUp.lockedOut')} wait={t('pickUp.lockedWait', { time: formatWait(t, left) })} />
      )}
      {problem?.kind === 'expired' && (
        <Alert>{t('pickUp.expired')}</Alert>
      )}
      {problem?.kind === 'generic' && (
        <Alert>{problem.text}</Alert>
      )}
      <Keypad
        value={phase === 'code' ? code : phoneLast4}
        maxLength={phase === 'code' ? codeDigits : 4}
        disabled={locked || busy}
        onChange={(v) => {
          if (phase === 'code') setCode(v);
          else setPhoneLast4(v);
          if (problem && !locked) setProblem(null);
        }}
        onConfirm={() => (phase === 'code' ? setPhase('phone') : void confirm(code, phoneLast4))}
        confirmDisabled={locked || busy || (phase === 'code' ? code.length !== codeDigits : phoneLast4.length !== 4)}
      />
      <div className="actions">
        <button type="button" className="big-button" onClick={phase === 'code' ? onHome : () => (setPhase('code'), setPhoneLast4(''))}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}

function PickUpDoor({ state, onHome }: { state: PickUpState; onHome(): void }) {
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

  if (state.stage === 'picked-up') return <Rating flow="pick-up" reference={state.reference} lead={t('pickUp.done')} onHome={onHome} />;

  if (state.stage === 'opening' || state.stage === 'open') {
    return (
      <DoorOpen
        heading={heading}
        compartment={c}
        open={state.stage === 'open'}
        instruction={t('pickUp.takeOut')}
        leftOpen={Boolean(state.doorLeftOpen)}
        leftOpenText={t('pickUp.leftOpen')}
      />
    );
  }

  const notDetected = state.stage === 'open-not-detected';
  return (
    <section className="screen" aria-labelledby="step-title">
      <h1 id="step-title">{heading}</h1>
      <p className="note strong">{notDetected ? t('pickUp.openNotDetectedHint') : state.stage === 'not-recorded' ? t('pickUp.notRecordedHint', { label: c.label }) : t('pickUp.failedHint')}</p>
      <div className="actions">
        <button type="button" className="big-button primary" onClick={onHome}>
          {t('app.home')}
        </button>
      </div>
    </section>
  );
}
