// The pickup code, then the last four digits of the registered phone, on the keypad; or both from
// a scanned pickup QR (the door opens with no tap), or the code from a scan and the digits typed.
import { BackButton } from '../../components/BackButton';
import { useEffect, useRef, useState } from 'react';
import { ScanLine } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { PickUpState } from '../../../main/contract/schemas';
import { CallError } from '../../../main/contract/errors';
import { api } from '../../cabinet-api';
import { Keypad } from '../../components/Keypad';
import { Alert, Lockout } from '../../components/Notices';
import { formatWait, useCountdown } from '../../countdown';
import { failureText } from '../../failure-text';
import { sentences, useVoice } from '../../speech';

export type Scanned = { kind: 'pickup'; code: string; phoneLast4: string } | { kind: 'code'; code: string };
type Problem = { kind: 'wrong-code'; triesLeft: number | undefined } | { kind: 'locked-out'; seconds: number } | { kind: 'expired' } | { kind: 'generic'; error: unknown };

function problemOf(e: unknown): Problem {
  if (!(e instanceof CallError)) return { kind: 'generic', error: e };
  if (e.code === 'wrong-code') return { kind: 'wrong-code', triesLeft: e.triesLeft };
  if (e.code === 'locked-out') return { kind: 'locked-out', seconds: e.retryAfterSeconds ?? 60 };
  if (e.code === 'expired') return { kind: 'expired' };
  return { kind: 'generic', error: e };
}

interface CodeStepProps {
  codeDigits: number;
  scanned: Scanned | null;
  onPhase(phase: 'code' | 'phone'): void;
  onHome(): void;
  onOpened(state: PickUpState): void;
  /** Personal results: the right code and digits, and now the applicant's or proxy's ID card. */
  onCardNeeded(entry: { code: string; phoneLast4: string }): void;
}

/** The code step's state: what is typed, the phase, the last answer's problem, and pickUp.begin (once for a scanned QR). */
function usePickupCode(scanned: Scanned | null, onOpened: (state: PickUpState) => void, onCardNeeded: CodeStepProps['onCardNeeded']) {
  const [code, setCode] = useState(scanned?.code ?? '');
  const [phase, setPhase] = useState<'code' | 'phone'>(scanned ? 'phone' : 'code');
  const [phoneLast4, setPhoneLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  async function confirm(entered: string, last4: string) {
    setBusy(true);
    try {
      onOpened(await api['pickUp.begin']({ code: entered, phoneLast4: last4 }));
    } catch (e) {
      if (e instanceof CallError && e.code === 'id-card-required') return onCardNeeded({ code: entered, phoneLast4: last4 });
      setCode('');
      setPhoneLast4('');
      setPhase('code');
      setProblem(problemOf(e));
    } finally {
      setBusy(false);
    }
  }
  // A scanned pickup QR carries both: begin at once, once.
  const begun = useRef(false);
  useEffect(() => {
    if (scanned?.kind !== 'pickup' || begun.current) return;
    begun.current = true;
    void confirm(scanned.code, scanned.phoneLast4);
  });
  return { code, setCode, phase, setPhase, phoneLast4, setPhoneLast4, busy, problem, setProblem, confirm };
}

export function CodeStep({ codeDigits, scanned, onPhase, onHome, onOpened, onCardNeeded }: CodeStepProps) {
  const { t } = useTranslation();
  const { code, setCode, phase, setPhase, phoneLast4, setPhoneLast4, busy, problem, setProblem, confirm } = usePickupCode(scanned, onOpened, onCardNeeded);
  const locked = problem?.kind === 'locked-out';
  const left = useCountdown(locked ? problem.seconds : null, () => setProblem(null));
  useEffect(() => onPhase(phase), [phase, onPhase]);
  const problemVoice = problem?.kind === 'wrong-code' ? t('pickUp.wrongCode') : problem?.kind === 'locked-out' ? t('pickUp.lockedOut') : problem?.kind === 'expired' ? t('pickUp.expired') : null;
  useVoice(sentences(problemVoice, phase === 'code' ? t('pickUp.enterCode') : t('pickUp.enterPhone')));

  const value = phase === 'code' ? code : phoneLast4;
  return (
    <section className="screen split code-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{phase === 'code' ? t('pickUp.enterCode') : t('pickUp.enterPhone')}</h1>
        <p className="note">{phase === 'code' ? t('pickUp.codeHint', { digits: codeDigits }) : t('pickUp.phoneHint')}</p>
        {phase === 'code' && (
          <p className="note scan-hint">
            <ScanLine className="icon" aria-hidden="true" />
            {t('pickUp.scanHint')}
          </p>
        )}
        {problem?.kind === 'wrong-code' && <Alert>{t('pickUp.wrongCode')} {problem.triesLeft !== undefined && t('pickUp.triesLeft', { count: problem.triesLeft })}</Alert>}
        {locked && <Lockout message={t('pickUp.lockedOut')} wait={t('pickUp.lockedWait', { time: formatWait(t, left) })} />}
        {problem?.kind === 'expired' && <Alert>{t('pickUp.expired')}</Alert>}
        {problem?.kind === 'generic' && <Alert>{failureText(t, problem.error)}</Alert>}
      </div>
      <div className="panel">
        <output className="digits short" aria-label={t('keypad.entered')} aria-live="polite">
          {value || '\u00a0'}
        </output>
        <Keypad
          value={value}
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
      </div>
      <div className="actions">
        <BackButton onBack={phase === 'code' ? onHome : () => (setPhase('code'), setPhoneLast4(''))} />
      </div>
    </section>
  );
}
