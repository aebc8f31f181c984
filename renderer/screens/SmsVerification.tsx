// The drop-off phone step when the cabinet verifies numbers by SMS: the number on the keypad →
// 发送验证码 → the 6-digit code on the keypad → verified (a token for dropOff.begin). A wrong code,
// an expired one, the resend wait and a lockout each get a kind message; a resident who gets no
// text message can fall back to the number read back on screen.
import { useTranslation } from 'react-i18next';
import { Keypad, groupDigits } from '../components/Keypad';
import { formatWait } from '../countdown';
import { sentences, useVoice } from '../speech';
import { ProblemBox, describeProblem } from './sms-verification/Problem';
import { useSmsCode } from './sms-verification/use-sms-code';

const CODE_DIGITS = 6;

interface SmsPhoneStepProps {
  onBack(): void;
  onVerified(phone: string, verification: string): void;
  /** 收不到短信？: type the number and confirm it read back instead. */
  onManual(): void;
}

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export function SmsPhoneStep({ onBack, onVerified, onManual }: SmsPhoneStepProps) {
  const { t } = useTranslation();
  const sms = useSmsCode(onVerified);
  const { phone, code, sent, problem, busy, resendLeft, locked } = sms;
  const title = sent ? t('dropOff.enterCode') : t('dropOff.enterPhone');
  const problemText = describeProblem(t, problem);
  useVoice(sentences(problemText, sent ? t('dropOff.voiceEnterCode') : title));

  const fallback = (
    <button type="button" className="big-button" onClick={onManual}>
      {t('dropOff.noSms')}
    </button>
  );

  // One tree for the number and the code, each slot the same element type in both, so React keeps
  // the same nodes (keypad, back key) when the code screen comes and goes.
  return (
    <section className="screen split phone-step" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{title}</h1>
        {sent ? (
          <p className="note strong">{t('dropOff.codeSentTo', { phone: masked(phone), minutes: sent.minutes })}</p>
        ) : (
          <p className="note">{t('dropOff.smsHint')}</p>
        )}
        <ProblemBox text={problemText} problem={problem} lockLeft={sms.lockLeft} resendLeft={resendLeft} />
      </div>
      <div className="panel">
        <output className={sent ? 'digits short' : 'digits'} aria-label={t('keypad.entered')} aria-live="polite">
          {(sent ? code : groupDigits(phone)) || '\u00a0'}
        </output>
        {sent ? (
          <Keypad
            value={code}
            maxLength={CODE_DIGITS}
            disabled={locked || busy}
            onChange={sms.typeCode}
            onConfirm={() => void sms.verify()}
            confirmDisabled={code.length !== CODE_DIGITS || locked || busy}
          />
        ) : (
          <Keypad
            value={phone}
            maxLength={11}
            onChange={sms.typePhone}
            onConfirm={() => void sms.sendCode()}
            confirmDisabled={phone.length !== 11 || busy || sms.sendWaiting}
            confirmLabel={busy ? t('dropOff.sending') : t('dropOff.sendCode')}
          />
        )}
      </div>
      <div className="actions">
        <button type="button" className="big-button" onClick={sent ? sms.backToNumber : onBack}>
          {t('app.back')}
        </button>
        {sent ? (
          <button type="button" className="big-button" onClick={() => void sms.sendCode()} disabled={busy || resendLeft > 0}>
            {resendLeft > 0 ? t('dropOff.resendIn', { time: formatWait(t, resendLeft) }) : t('dropOff.resend')}
          </button>
        ) : (
          (problem?.kind === 'send-failed' || problem?.kind === 'send-wait') && fallback
        )}
        {sent && fallback}
      </div>
    </section>
  );
}
