// What the SMS phone step says when something went wrong, and the box that shows it with the wait.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatWait } from '../../countdown';
import { sentences } from '../../speech';
import type { Problem } from './use-sms-code';

export function describeProblem(t: TFunction, problem: Problem | null): string | null {
  switch (problem?.kind) {
    case 'invalid':
      return t('dropOff.phoneInvalid');
    case 'wrong-code':
      return sentences(t('dropOff.wrongCode'), problem.triesLeft !== undefined && t('dropOff.codeTriesLeft', { count: problem.triesLeft }));
    case 'expired':
      return t('dropOff.codeExpired');
    case 'code-locked':
      return t('dropOff.codeLocked');
    case 'send-wait':
      return t('dropOff.sendWait');
    case 'send-failed':
      return t('dropOff.sendFailed');
    case 'generic':
      return t('errors.generic');
    default:
      return null;
  }
}

interface ProblemBoxProps {
  text: string | null;
  problem: Problem | null;
  /** Seconds left of the code lockout, and of the resend wait. */
  lockLeft: number;
  resendLeft: number;
}

/** The message, with the time left while a lockout or a resend wait runs. */
export function ProblemBox({ text, problem, lockLeft, resendLeft }: ProblemBoxProps) {
  const { t } = useTranslation();
  if (!text) return null;
  return (
    <div className="error lockout">
      <p role="alert">{text}</p>
      {problem?.kind === 'code-locked' && lockLeft > 0 && (
        <p role="timer" aria-live="off" className="countdown">
          {t('dropOff.waitFor', { time: formatWait(t, lockLeft) })}
        </p>
      )}
      {problem?.kind === 'send-wait' && resendLeft > 0 && (
        <p role="timer" aria-live="off" className="countdown">
          {t('dropOff.waitFor', { time: formatWait(t, resendLeft) })}
        </p>
      )}
    </div>
  );
}
