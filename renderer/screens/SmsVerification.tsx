// The drop-off phone step when the cabinet verifies numbers by SMS: the number on the keypad →
// 发送验证码 → the 6-digit code on the keypad → verified (a token for dropOff.begin). A wrong code,
// an expired one, the resend wait and a lockout each get a kind message; a resident who gets no
// text message can fall back to typing the number twice.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../../main/contract/errors';
import { phoneNumber } from '../../main/contract/schemas';
import { api } from '../cabinet-api';
import { Keypad, groupDigits } from '../components/Keypad';
import { formatWait, useSecondsUntil } from '../countdown';
import { sentences, useVoice } from '../speech';

const CODE_DIGITS = 6;

type Problem =
  | { kind: 'invalid' }
  | { kind: 'wrong-code'; triesLeft: number | undefined }
  | { kind: 'expired' }
  | { kind: 'code-locked' }
  | { kind: 'send-wait' }
  | { kind: 'send-failed' }
  | { kind: 'generic' };

interface SmsPhoneStepProps {
  onBack(): void;
  onVerified(phone: string, verification: string): void;
  /** 收不到短信？: type the number twice instead. */
  onTypeTwice(): void;
}

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export function SmsPhoneStep({ onBack, onVerified, onTypeTwice }: SmsPhoneStepProps) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  /** Set once a code went out: the screen asks for it. */
  const [sent, setSent] = useState<{ minutes: number } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  /** When another code may be asked for (Date.now() time). */
  const [resendAt, setResendAt] = useState<number | null>(null);
  /** Until when the keypad is locked (too many wrong codes or sends). */
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const resendLeft = useSecondsUntil(resendAt);
  const lockLeft = useSecondsUntil(lockedUntil);
  const locked = lockLeft > 0;
  const waitOver = (problem?.kind === 'send-wait' && resendLeft === 0) || (problem?.kind === 'code-locked' && !locked);
  // A wait that has run out needs no more words.
  useEffect(() => {
    if (waitOver) setProblem(null);
  }, [waitOver]);

  const title = sent ? t('dropOff.enterCode') : t('dropOff.enterPhone');
  const problemText =
    problem?.kind === 'invalid'
      ? t('dropOff.phoneInvalid')
      : problem?.kind === 'wrong-code'
        ? sentences(t('dropOff.wrongCode'), problem.triesLeft !== undefined && t('dropOff.codeTriesLeft', { count: problem.triesLeft }))
        : problem?.kind === 'expired'
          ? t('dropOff.codeExpired')
          : problem?.kind === 'code-locked'
            ? t('dropOff.codeLocked')
            : problem?.kind === 'send-wait'
              ? t('dropOff.sendWait')
              : problem?.kind === 'send-failed'
                ? t('dropOff.sendFailed')
                : problem?.kind === 'generic'
                  ? t('errors.generic')
                  : null;
  useVoice(sentences(problemText, sent ? t('dropOff.voiceEnterCode') : title));

  async function sendCode() {
    if (!phoneNumber.safeParse(phone).success) return setProblem({ kind: 'invalid' });
    setBusy(true);
    setProblem(null);
    try {
      const r = await api['phone.sendCode']({ phone });
      setSent({ minutes: Math.round(r.expiresInSeconds / 60) });
      setResendAt(Date.now() + r.resendAfterSeconds * 1000);
      setCode('');
    } catch (e) {
      if (e instanceof CallError && e.code === 'locked-out') {
        setProblem({ kind: 'send-wait' });
        setResendAt(Date.now() + (e.retryAfterSeconds ?? 60) * 1000);
      } else setProblem({ kind: e instanceof CallError && e.code === 'unavailable' ? 'send-failed' : 'generic' });
    } finally {
      setBusy(false);
    }
  }

  async function verify() {
    setBusy(true);
    try {
      const r = await api['phone.verifyCode']({ phone, code });
      onVerified(phone, r.verification);
    } catch (e) {
      setCode('');
      if (!(e instanceof CallError)) setProblem({ kind: 'generic' });
      else if (e.code === 'wrong-code') setProblem({ kind: 'wrong-code', triesLeft: e.triesLeft });
      else if (e.code === 'expired') setProblem({ kind: 'expired' });
      else if (e.code === 'locked-out') {
        setProblem({ kind: 'code-locked' });
        setLockedUntil(Date.now() + (e.retryAfterSeconds ?? 60) * 1000);
      } else setProblem({ kind: 'generic' });
    } finally {
      setBusy(false);
    }
  }

  const sendWaiting = problem?.kind === 'send-wait' && resendLeft > 0;
  const problemBox = problemText && (
    <div className="error lockout">
      <p role="alert">{problemText}</p>
      {problem?.kind === 'code-locked' && locked && (
        <p role="timer" aria-live="off" className="countdown">
          {t('dropOff.waitFor', { time: formatWait(t, lockLeft) })}
        </p>
      )}
      {sendWaiting && (
        <p role="timer" aria-live="off" className="countdown">
          {t('dropOff.waitFor', { time: formatWait(t, resendLeft) })}
        </p>
      )}
    </div>
  );
  const fallback = (
    <button type="button" className="big-button" onClick={onTypeTwice}>
      {t('dropOff.noSms')}
    </button>
  );

  if (!sent) {
    return (
      <section className="screen phone-step" aria-labelledby="step-title">
        <h1 id="step-title">{title}</h1>
        <p className="note">{t('dropOff.smsHint')}</p>
        <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
          {groupDigits(phone) || '\u00a0'}
        </output>
        {problemBox}
        <Keypad
          value={phone}
          maxLength={11}
          onChange={(v) => {
            setPhone(v);
            if (problem?.kind !== 'send-wait') setProblem(null);
          }}
          onConfirm={() => void sendCode()}
          confirmDisabled={phone.length !== 11 || busy || sendWaiting}
          confirmLabel={busy ? t('dropOff.sending') : t('dropOff.sendCode')}
        />
        <div className="actions">
          <button type="button" className="big-button" onClick={onBack}>
            {t('app.back')}
          </button>
          {(problem?.kind === 'send-failed' || problem?.kind === 'send-wait') && fallback}
        </div>
      </section>
    );
  }

  return (
    <section className="screen phone-step" aria-labelledby="step-title">
      <h1 id="step-title">{title}</h1>
      <p className="note strong">{t('dropOff.codeSentTo', { phone: masked(phone), minutes: sent.minutes })}</p>
      <output className="digits short" aria-label={t('keypad.entered')} aria-live="polite">
        {code || '\u00a0'}
      </output>
      {problemBox}
      <Keypad
        value={code}
        maxLength={CODE_DIGITS}
        disabled={locked || busy}
        onChange={(v) => {
          setCode(v);
          if (problem && problem.kind !== 'code-locked') setProblem(null);
        }}
        onConfirm={() => void verify()}
        confirmDisabled={code.length !== CODE_DIGITS || locked || busy}
      />
      <div className="actions">
        <button
          type="button"
          className="big-button"
          onClick={() => {
            setSent(null);
            setProblem(null);
          }}
        >
          {t('app.back')}
        </button>
        <button type="button" className="big-button" onClick={() => void sendCode()} disabled={busy || resendLeft > 0}>
          {resendLeft > 0 ? t('dropOff.resendIn', { time: formatWait(t, resendLeft) }) : t('dropOff.resend')}
        </button>
        {fallback}
      </div>
    </section>
  );
}
