// The status look-up's two keypad screens: the reference number (grouped as on the receipt), then
// the phone's last four digits.
import { BackButton } from '../../components/BackButton';
import { useState } from 'react';
import { ScanLine } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Keypad } from '../../components/Keypad';
import { Alert, Lockout } from '../../components/Notices';
import { formatWait, useCountdown } from '../../countdown';
import { sentences, useVoice } from '../../speech';

/**
 * The reference as it is typed, grouped as the one format prints it: 261130 0001, or with the
 * district's cabinet code in front (13 digits) 017 261130 0001.
 */
export function groupReference(digits: string, referenceDigits = 10): string {
  const sizes = referenceDigits === 13 ? [3, 6, 4] : [6, 4];
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at < digits.length) groups.push(digits.slice(at, at + size));
    at += size;
  }
  return groups.join(' ');
}

export type Problem = { kind: 'not-found' } | { kind: 'locked-out'; seconds: number } | { kind: 'generic' };

interface ReferenceStepProps {
  reference: string;
  /** 13 when the district's cabinet code leads the references, else 10 (cabinet.info). */
  digits: number;
  problem: Problem | undefined;
  onChange(v: string): void;
  onClearProblem(): void;
  onNext(): void;
  onHome(): void;
}

export function ReferenceStep({ reference, digits, problem, onChange, onClearProblem, onNext, onHome }: ReferenceStepProps) {
  const { t } = useTranslation();
  const locked = problem?.kind === 'locked-out';
  const left = useCountdown(locked ? problem.seconds : null, onClearProblem);
  useVoice(sentences(problem?.kind === 'not-found' && t('status.notFound'), problem?.kind === 'locked-out' && t('status.lockedOut'), t('status.enterReference')));
  return (
    <section className="screen split code-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('status.enterReference')}</h1>
        <p className="note">{t('status.referenceHint', { count: digits })}</p>
        <p className="note scan-hint">
          <ScanLine className="icon" aria-hidden="true" />
          {t('status.scanHint')}
        </p>
        {problem?.kind === 'not-found' && <Alert>{t('status.notFound')}</Alert>}
        {locked && <Lockout message={t('status.lockedOut')} wait={t('pickUp.lockedWait', { time: formatWait(t, left) })} />}
        {problem?.kind === 'generic' && <Alert>{t('errors.generic')}</Alert>}
      </div>
      <div className="panel">
        <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
          {groupReference(reference, digits) || '\u00a0'}
        </output>
        <Keypad
          value={reference}
          maxLength={digits}
          disabled={locked}
          onChange={(v) => {
            onChange(v);
            if (problem && !locked) onClearProblem();
          }}
          onConfirm={onNext}
          confirmDisabled={reference.length !== digits}
        />
      </div>
      <div className="actions">
        <BackButton onBack={onHome} />
      </div>
    </section>
  );
}

export function PhoneLast4Step({ onBack, onConfirm }: { onBack(): void; onConfirm(digits: string): void }) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState('');
  const [busy, setBusy] = useState(false);
  useVoice(t('status.enterPhoneLast4'));
  return (
    <section className="screen split code-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('status.enterPhoneLast4')}</h1>
        <p className="note">{t('status.phoneLast4Hint')}</p>
      </div>
      <div className="panel">
        <output className="digits short" aria-label={t('keypad.entered')} aria-live="polite">
          {digits || '\u00a0'}
        </output>
        <Keypad
          value={digits}
          maxLength={4}
          onChange={setDigits}
          onConfirm={() => {
            setBusy(true);
            onConfirm(digits);
          }}
          confirmDisabled={busy || digits.length !== 4}
        />
      </div>
      <div className="actions">
        <BackButton onBack={onBack} />
      </div>
    </section>
  );
}
