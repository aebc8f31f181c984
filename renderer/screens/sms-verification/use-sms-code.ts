// The SMS phone step's state machine: the number, the code, what went wrong, the resend wait and
// the lockout (counted down), and the two contract calls (phone.sendCode, phone.verifyCode).
import { useEffect, useState } from 'react';
import { CallError } from '../../../main/contract/errors';
import { phoneNumber } from '../../../main/contract/schemas';
import { api } from '../../cabinet-api';
import { useSecondsUntil } from '../../countdown';

export type Problem =
  | { kind: 'invalid' }
  | { kind: 'wrong-code'; triesLeft: number | undefined }
  | { kind: 'expired' }
  | { kind: 'code-locked' }
  | { kind: 'send-wait' }
  | { kind: 'send-failed' }
  | { kind: 'generic' };

export function useSmsCode(onVerified: (phone: string, verification: string) => void) {
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

  return {
    phone,
    code,
    sent,
    problem,
    busy,
    resendLeft,
    lockLeft,
    locked,
    sendWaiting: problem?.kind === 'send-wait' && resendLeft > 0,
    sendCode,
    verify,
    // A new key press clears the message, but not a wait that is still running.
    typePhone(v: string) {
      setPhone(v);
      if (problem?.kind !== 'send-wait') setProblem(null);
    },
    typeCode(v: string) {
      setCode(v);
      if (problem && problem.kind !== 'code-locked') setProblem(null);
    },
    /** From the code back to the number. */
    backToNumber() {
      setSent(null);
      setProblem(null);
    },
  };
}
