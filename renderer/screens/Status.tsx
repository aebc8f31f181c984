// The status look-up: reference number, then the last four digits of the phone, both on the
// keypad → the case's status in plain words, with a symbol and a label (never colour alone).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseStatusView, Language } from '../../main/contract/schemas';
import { CallError } from '../../main/contract/errors';
import { api } from '../cabinet-api';
import { Keypad } from '../components/Keypad';
import { formatWait, useCountdown } from '../countdown';
import { sentences, useVoice } from '../speech';
import { Rating } from './Rating';
import { Alert, Lockout } from '../components/Notices';

interface StatusProps {
  /** 13 when the cabinet's district code leads its references, else 10 (cabinet.info). */
  referenceDigits: number;
  onHome(): void;
  onStepChange(step: string): void;
}

type Problem = { kind: 'not-found' } | { kind: 'locked-out'; seconds: number } | { kind: 'generic' };
type Step = { name: 'reference'; problem?: Problem } | { name: 'phone'; reference: string } | { name: 'result'; view: CaseStatusView } | { name: 'rating'; reference: string };

/** 2611270001 → 261127-0001 as typed; with a district code 0172611270001 → 017-261127-0001. */
export function groupReference(digits: string, referenceDigits = 10): string {
  const groups = referenceDigits === 13 ? [3, 6, 4] : [6, 4];
  const out: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    out.push(digits.slice(at, at + size));
    at += size;
  }
  return out.join('-');
}

export function Status({ referenceDigits, onHome, onStepChange }: StatusProps) {
  const [step, setStep] = useState<Step>({ name: 'reference' });
  const [reference, setReference] = useState('');

  useEffect(() => onStepChange(`status-${step.name}`), [step.name, onStepChange]);

  async function lookUp(phoneLast4: string) {
    try {
      setStep({ name: 'result', view: await api['status.lookup']({ reference, phoneLast4 }) });
    } catch (e) {
      const problem: Problem =
        e instanceof CallError && e.code === 'not-found'
          ? { kind: 'not-found' }
          : e instanceof CallError && e.code === 'locked-out'
            ? { kind: 'locked-out', seconds: e.retryAfterSeconds ?? 60 }
            : { kind: 'generic' };
      setStep({ name: 'reference', problem });
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
  if (step.name === 'rating') return <Rating flow="status" reference={step.reference} onHome={onHome} />;
  return <StatusResult view={step.view} onRate={() => setStep({ name: 'rating', reference: step.view.reference })} onHome={onHome} />;
}

interface ReferenceStepProps {
  reference: string;
  digits: number;
  problem: Problem | undefined;
  onChange(v: string): void;
  onClearProblem(): void;
  onNext(): void;
  onHome(): void;
}

function ReferenceStep({ reference, digits, problem, onChange, onClearProblem, onNext, onHome }: ReferenceStepProps) {
  const { t } = useTranslation();
  const locked = problem?.kind === 'locked-out';
  const left = useCountdown(locked ? problem.seconds : null, onClearProblem);
  useVoice(sentences(problem?.kind === 'not-found' && t('status.notFound'), problem?.kind === 'locked-out' && t('status.lockedOut'), t('status.enterReference')));
  return (
    <section className="screen code-step" aria-labelledby="step-title">
      <h1 id="step-title">{t('status.enterReference')}</h1>
      <p className="note">{t('status.referenceHint', { count: digits })}</p>
      <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
        {groupReference(reference, digits) || '\u00a0'}
      </output>
      {problem?.kind === 'not-found' && (
        <Alert>{t('status.notFound')}</Alert>
      )}
      {locked && (
        <Lockout message={t('status.lockedOut')} wait={t('pickUp.lockedWait', { time: formatWait(t, left) })} />
      )}
      {problem?.kind === 'generic' && (
        <Alert>{t('errors.generic')}</Alert>
      )}
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
      <div className="actions">
        <button type="button" className="big-button" onClick={onHome}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}

function PhoneLast4Step({ onBack, onConfirm }: { onBack(): void; onConfirm(digits: string): void }) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState('');
  const [busy, setBusy] = useState(false);
  useVoice(t('status.enterPhoneLast4'));
  return (
    <section className="screen code-step" aria-labelledby="step-title">
      <h1 id="step-title">{t('status.enterPhoneLast4')}</h1>
      <p className="note">{t('status.phoneLast4Hint')}</p>
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
      <div className="actions">
        <button type="button" className="big-button" onClick={onBack}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}

/** A symbol for each status, shown beside its word: the status is never told by colour alone. */
const symbols: Record<CaseStatusView['status'], string> = {
  received: '▣',
  processing: '⟳',
  'needs-correction': '!',
  ready: '★',
  'picked-up': '✔',
  recalled: '↩',
  'not-deposited': '○',
};

function StatusResult({ view, onRate, onHome }: { view: CaseStatusView; onRate(): void; onHome(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const when = (ms: number | null) => (ms === null ? '' : new Date(ms).toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short' }));
  const labels: Record<CaseStatusView['status'], string> = {
    received: t('status.label.received'),
    processing: t('status.label.processing'),
    'needs-correction': t('status.label.needsCorrection'),
    ready: t('status.label.ready'),
    'picked-up': t('status.label.pickedUp'),
    recalled: t('status.label.recalled'),
    'not-deposited': t('status.label.notDeposited'),
  };
  const expected = view.expectedDate ?? '';
  const details: Record<CaseStatusView['status'], string> = {
    received: t('status.detail.received', { date: expected }),
    processing: t('status.detail.processing', { date: expected }),
    'needs-correction': t('status.detail.needsCorrection', { compartment: view.compartment ?? '', deadline: when(view.pickupDeadline) }),
    ready: t('status.detail.ready', { compartment: view.compartment ?? '', deadline: when(view.pickupDeadline) }),
    'picked-up': t('status.detail.pickedUp'),
    recalled: t('status.detail.recalled'),
    'not-deposited': t('status.detail.notDeposited'),
  };
  const label = labels[view.status];
  const detail = details[view.status];
  const reason = view.correctionReason ? t('status.reasonLine', { reason: view.correctionReason }) : '';
  useVoice(sentences(label, detail, reason));
  return (
    <section className="screen status-result" aria-labelledby="step-title">
      <h1 id="step-title">{t('status.resultTitle')}</h1>
      <p className={`status-badge status-${view.status}`} data-testid="case-status">
        <span className="status-symbol" aria-hidden="true">
          {symbols[view.status]}
        </span>
        <span>{label}</span>
      </p>
      <p className="status-detail">{detail}</p>
      {reason && <p className="status-detail strong">{reason}</p>}
      <dl className="facts">
        <dt>{t('dropOff.reference')}</dt>
        <dd>{groupReference(view.reference)}</dd>
        <dt>{t('dropOff.matter')}</dt>
        <dd>{view.matter[lang]}</dd>
        {view.depositedAt !== null && (
          <>
            <dt>{t('dropOff.time')}</dt>
            <dd>{when(view.depositedAt)}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        <button type="button" className="big-button" onClick={onRate}>
          {t('status.rate')}
        </button>
        <button type="button" className="big-button primary" onClick={onHome}>
          {t('status.finish')}
        </button>
      </div>
    </section>
  );
}
