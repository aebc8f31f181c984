// The drop-off flow: matter → checklist → phone (SMS code, or typed twice) → consent → door → receipt.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { phoneNumber, type CabinetInfo, type DropOffState, type Language, type Matter } from '../../main/contract/schemas';
import { CallError } from '../../main/contract/errors';
import { api, onEvent } from '../cabinet-api';
import { stageRank } from '../door-stage';
import { DoorOpen } from '../components/DoorOpen';
import { Keypad, groupDigits } from '../components/Keypad';
import { sentences, useVoice } from '../speech';
import { Rating } from './Rating';
import { SmsPhoneStep } from './SmsVerification';
import { Alert } from '../components/Notices';

type Step =
  | { name: 'matter' }
  | { name: 'checklist'; matter: Matter }
  /** `twice`: the number typed twice (no SMS gateway, or the resident gets no text message). */
  | { name: 'phone'; matter: Matter; repeat?: string; mismatch?: boolean; twice?: boolean }
  | { name: 'consent'; matter: Matter; phone: string; verification?: string }
  | { name: 'door'; state: DropOffState }
  | { name: 'rating'; reference: string };

interface DropOffProps {
  info: CabinetInfo;
  elderMode: boolean;
  onHome(): void;
  /** Tells the shell whether a door is open for the resident (idle return pauses). */
  onDoorActive(active: boolean): void;
  onStepChange(step: string): void;
}

export function DropOff({ info, elderMode, onHome, onDoorActive, onStepChange }: DropOffProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [matters, setMatters] = useState<Matter[] | null>(null);
  const [step, setStep] = useState<Step>({ name: 'matter' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api['matters.list']({}).then(setMatters, () => setError(t('errors.unavailable')));
  }, [t]);

  // The step's main instruction, read out in elder mode (phone and door steps speak their own).
  useVoice(
    step.name === 'matter'
      ? t('dropOff.chooseMatter')
      : step.name === 'checklist'
        ? t('dropOff.voiceChecklist', {
            matter: step.matter.name[lang],
            materials: step.matter.materials.map((m) => m[lang]).join(lang === 'en' ? '; ' : '；'),
            days: t('dropOff.processingDays', { count: step.matter.processingDays }),
          })
        : step.name === 'consent'
          ? sentences(t('dropOff.consentTitle'), t('dropOff.consentText', { days: info.privacy.purgeAfterDays }))
          : null,
  );

  useEffect(() => {
    onStepChange(step.name === 'door' ? `door-${step.state.stage}` : step.name);
    onDoorActive(step.name === 'door' && (step.state.stage === 'opening' || step.state.stage === 'open'));
  }, [step, onStepChange, onDoorActive]);

  // The core pushes each change of the drop-off: door opened, door closed (receipt), no door. A
  // change that came between the call's answer and this subscription is caught by asking once.
  const doorId = step.name === 'door' ? step.state.dropOffId : null;
  useEffect(() => {
    if (!doorId) return;
    const unsubscribe = onEvent((event, data) => {
      const state = data as DropOffState;
      if (event === 'dropOff.changed' && state.dropOffId === doorId) setStep({ name: 'door', state });
    });
    api['dropOff.get']({ dropOffId: doorId }).then(
      (state) => setStep((current) => (current.name === 'door' && current.state.dropOffId === doorId && stageRank(state.stage) > stageRank(current.state.stage) ? { name: 'door', state } : current)),
      () => undefined,
    );
    return unsubscribe;
  }, [doorId]);

  async function openDoor(matter: Matter, phone: string, verification: string | undefined) {
    setBusy(true);
    setError(null);
    try {
      const proof = verification ? { verification } : { phoneRepeat: phone };
      const state = await api['dropOff.begin']({ matterId: matter.id, phone, ...proof, consent: true, language: lang, elderMode });
      setStep({ name: 'door', state });
    } catch (e) {
      setError(e instanceof CallError && e.code === 'no-compartment' ? t('dropOff.noCompartment') : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  }

  const errorBox = error && (
    <Alert>{error}</Alert>
  );

  if (step.name === 'matter') {
    return (
      <section className="screen" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.chooseMatter')}</h1>
        {errorBox}
        <div className="matter-grid">
          {(matters ?? []).map((m) => (
            <button key={m.id} type="button" className="choice" onClick={() => setStep({ name: 'checklist', matter: m })}>
              <span className="choice-title">{m.name[lang]}</span>
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" className="big-button" onClick={onHome}>
            {t('app.back')}
          </button>
        </div>
      </section>
    );
  }

  if (step.name === 'checklist') {
    const { matter } = step;
    return (
      <section className="screen" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.checklistTitle', { matter: matter.name[lang] })}</h1>
        <ol className="checklist">
          {matter.materials.map((m) => (
            <li key={m['zh-CN']}>{m[lang]}</li>
          ))}
        </ol>
        <p className="note strong">{t('dropOff.processingDays', { count: matter.processingDays })}</p>
        <div className="actions">
          <button type="button" className="big-button" onClick={() => setStep({ name: 'matter' })}>
            {t('app.back')}
          </button>
          <button type="button" className="big-button primary" onClick={() => setStep({ name: 'phone', matter })}>
            {t('dropOff.ready')}
          </button>
        </div>
      </section>
    );
  }

  if (step.name === 'phone' && info.smsVerification && !step.twice) {
    return (
      <SmsPhoneStep
        onBack={() => setStep({ name: 'checklist', matter: step.matter })}
        onVerified={(phone, verification) => setStep({ name: 'consent', matter: step.matter, phone, verification })}
        onTypeTwice={() => setStep({ name: 'phone', matter: step.matter, twice: true })}
      />
    );
  }

  if (step.name === 'phone') {
    const twice = step.twice ?? false;
    return (
      <PhoneStep
        key={step.repeat === undefined ? 'first' : 'repeat'}
        repeat={step.repeat}
        mismatch={step.mismatch ?? false}
        onBack={() => setStep(step.repeat === undefined ? { name: 'checklist', matter: step.matter } : { name: 'phone', matter: step.matter, twice })}
        onMismatch={() => setStep({ name: 'phone', matter: step.matter, mismatch: true, twice })}
        onDone={(phone) =>
          step.repeat === undefined ? setStep({ name: 'phone', matter: step.matter, repeat: phone, twice }) : setStep({ name: 'consent', matter: step.matter, phone })
        }
      />
    );
  }

  if (step.name === 'consent') {
    return (
      <section className="screen" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.consentTitle')}</h1>
        <p className="consent-text">{t('dropOff.consentText', { days: info.privacy.purgeAfterDays })}</p>
        {errorBox}
        <div className="actions">
          <button type="button" className="big-button" onClick={onHome} disabled={busy}>
            {t('dropOff.disagree')}
          </button>
          <button type="button" className="big-button primary" onClick={() => openDoor(step.matter, step.phone, step.verification)} disabled={busy}>
            {t('dropOff.agree')}
          </button>
        </div>
      </section>
    );
  }

  if (step.name === 'rating') return <Rating flow="drop-off" reference={step.reference} onHome={onHome} />;

  return <DoorStep state={step.state} onHome={onHome} onDone={(reference) => setStep({ name: 'rating', reference })} onState={(state) => setStep({ name: 'door', state })} />;
}

interface PhoneStepProps {
  repeat?: string;
  mismatch: boolean;
  onBack(): void;
  onDone(phone: string): void;
  onMismatch(): void;
}

function PhoneStep({ repeat, mismatch, onBack, onDone, onMismatch }: PhoneStepProps) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState('');
  const [message, setMessage] = useState<string | null>(mismatch ? t('dropOff.phoneMismatch') : null);
  const title = repeat === undefined ? t('dropOff.enterPhone') : t('dropOff.enterPhoneAgain');
  useVoice(sentences(mismatch && t('dropOff.phoneMismatch'), title));
  const confirm = () => {
    if (!phoneNumber.safeParse(digits).success) return setMessage(t('dropOff.phoneInvalid'));
    if (repeat !== undefined && repeat !== digits) return onMismatch();
    onDone(digits);
  };
  return (
    <section className="screen phone-step" aria-labelledby="step-title">
      <h1 id="step-title">{title}</h1>
      <p className="note">{t('dropOff.phoneHint')}</p>
      <output className="digits" aria-label={t('keypad.entered')} aria-live="polite">
        {groupDigits(digits) || '\u00a0'}
      </output>
      {message && (
        <Alert>{message}</Alert>
      )}
      <Keypad value={digits} maxLength={11} onChange={(v) => (setDigits(v), setMessage(null))} onConfirm={confirm} confirmDisabled={digits.length !== 11} />
      <div className="actions">
        <button type="button" className="big-button" onClick={onBack}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}

interface DoorStepProps {
  state: DropOffState;
  onHome(): void;
  onDone(reference: string): void;
  /** A new drop-off state from 继续投递 or "another compartment". */
  onState(state: DropOffState): void;
}

function DoorStep({ state, onHome, onDone, onState }: DoorStepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const c = state.compartment;
  const notDetected = state.stage === 'open-not-detected';
  const notRecorded = state.stage === 'not-recorded';
  const [problem, setProblem] = useState<string | null>(null);
  const next = (call: Promise<DropOffState>) =>
    call.then(onState, (e: unknown) => setProblem(e instanceof CallError && e.code === 'no-compartment' ? t('dropOff.noCompartment') : t('errors.generic')));
  useVoice(
    state.stage === 'opening'
      ? t('dropOff.opening')
      : state.stage === 'open'
        ? t('dropOff.voiceOpen', { label: c.label, column: c.column, row: c.row })
        : state.stage === 'deposited' && state.receipt
          ? t('dropOff.voiceReceipt', { reference: state.receipt.reference.split('').join(' ') })
          : notDetected
            ? sentences(t('dropOff.openNotDetected'), t('dropOff.openNotDetectedHint'))
            : notRecorded
              ? sentences(t('dropOff.notRecorded'), t('dropOff.notRecordedHint', { label: c.label }))
              : sentences(t('dropOff.failed'), t('dropOff.failedHint')),
  );

  if (state.stage === 'opening' || state.stage === 'open') {
    return (
      <DoorOpen
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

  if (state.stage === 'deposited' && state.receipt) {
    const r = state.receipt;
    return (
      <section className="screen receipt" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.receiptTitle')}</h1>
        <div className="receipt-body">
          <dl>
            <dt>{t('dropOff.reference')}</dt>
            <dd className="reference" data-testid="reference">
              {r.reference}
            </dd>
            <dt>{t('dropOff.matter')}</dt>
            <dd>{r.matter[lang]}</dd>
            <dt>{t('dropOff.compartment')}</dt>
            <dd>{r.compartments.join('、')}</dd>
            <dt>{t('dropOff.time')}</dt>
            <dd>{new Date(r.depositedAt).toLocaleString(lang)}</dd>
            <dt>{t('dropOff.expected')}</dt>
            <dd>{r.expectedDate}</dd>
            <dt>{t('dropOff.phone')}</dt>
            <dd>{r.maskedPhone}</dd>
          </dl>
          <QrImage text={r.reference} label={t('dropOff.qrLabel')} />
        </div>
        <p className="note">{t('dropOff.receiptHint')}</p>
        {problem && (
          <Alert>{problem}</Alert>
        )}
        <div className="actions">
          <button type="button" className="big-button" onClick={() => next(api['dropOff.continue']({ dropOffId: state.dropOffId }))}>
            {t('dropOff.continue')}
          </button>
          <button type="button" className="big-button primary" onClick={() => onDone(r.reference)}>
            {t('dropOff.done')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="step-title">
      <h1 id="step-title">{notDetected ? t('dropOff.openNotDetected') : notRecorded ? t('dropOff.notRecorded') : t('dropOff.failed')}</h1>
      <p className="note">{notDetected ? t('dropOff.openNotDetectedHint') : notRecorded ? t('dropOff.notRecordedHint', { label: c.label }) : t('dropOff.failedHint')}</p>
      {problem && (
        <Alert>{problem}</Alert>
      )}
      <div className="actions">
        {notDetected && (
          <button type="button" className="big-button primary" onClick={() => next(api['dropOff.retry']({ dropOffId: state.dropOffId }))}>
            {t('dropOff.tryAnother')}
          </button>
        )}
        {/* Leaving ends the attempt now (the core would otherwise hold it open for a retry elsewhere). */}
        <button
          type="button"
          className={notDetected ? 'big-button' : 'big-button primary'}
          onClick={() => (notDetected ? api['dropOff.cancel']({ dropOffId: state.dropOffId }).catch(() => undefined).finally(onHome) : onHome())}
        >
          {t('app.home')}
        </button>
      </div>
    </section>
  );
}

function QrImage({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    QRCode.toDataURL(text, { margin: 1, width: 220 }).then(setSrc, () => setSrc(null));
  }, [text]);
  return src ? <img className="qr" src={src} alt={label} width={220} height={220} /> : null;
}
