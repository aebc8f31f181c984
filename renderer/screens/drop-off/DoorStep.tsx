// The door step of a drop-off: the door opening and open, the receipt once it closed, or what went
// wrong (no door detected, not recorded, failed) with the way on.
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { DropOffState, Language } from '../../../main/contract/schemas';
import { CallError } from '../../../main/contract/errors';
import { api } from '../../cabinet-api';
import { DoorOpen } from '../../components/DoorOpen';
import { Alert } from '../../components/Notices';
import { failureText } from '../../failure-text';
import { sentences, useVoice } from '../../speech';

/** What the door step reads out in elder mode, for each stage. */
function doorVoice(t: TFunction, state: DropOffState): string {
  const c = state.compartment;
  if (state.stage === 'opening') return t('dropOff.opening');
  if (state.stage === 'open') return t('dropOff.voiceOpen', { label: c.label, column: c.column, row: c.row });
  if (state.stage === 'deposited' && state.receipt) return t('dropOff.voiceReceipt', { reference: state.receipt.reference.split('').join(' ') });
  if (state.stage === 'open-not-detected') return sentences(t('dropOff.openNotDetected'), t('dropOff.openNotDetectedHint'));
  if (state.stage === 'open-uncertain') return sentences(t('dropOff.uncertainTitle'), t('dropOff.uncertainQuestion', { label: c.label }));
  if (state.stage === 'not-recorded') return sentences(t('dropOff.notRecorded'), t('dropOff.notRecordedHint', { label: c.label }));
  return sentences(t('dropOff.failed'), t('dropOff.failedHint'));
}

interface DoorStepProps {
  state: DropOffState;
  onHome(): void;
  onDone(reference: string): void;
  /** A new drop-off state from 继续投递 or "another compartment". */
  onState(state: DropOffState): void;
}

export function DoorStep({ state, onHome, onDone, onState }: DoorStepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const c = state.compartment;
  const notDetected = state.stage === 'open-not-detected';
  const notRecorded = state.stage === 'not-recorded';
  const [problem, setProblem] = useState<string | null>(null);
  const next = (call: Promise<DropOffState>) =>
    call.then(onState, (e: unknown) => setProblem(e instanceof CallError && e.code === 'no-compartment' ? t('dropOff.noCompartment') : failureText(t, e)));
  useVoice(doorVoice(t, state));

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

  if (state.stage === 'open-uncertain') {
    // The door may have opened unseen: only the resident knows where the documents are.
    return (
      <section className="screen" aria-labelledby="step-title">
        <h1 id="step-title">{t('dropOff.uncertainTitle')}</h1>
        <p className="note">{t('dropOff.uncertainQuestion', { label: c.label })}</p>
        {problem && <Alert>{problem}</Alert>}
        <div className="actions">
          <button type="button" className="big-button primary" onClick={() => next(api['dropOff.answer']({ dropOffId: state.dropOffId, inside: true }))}>
            {t('dropOff.answerInside')}
          </button>
          <button type="button" className="big-button" onClick={() => next(api['dropOff.answer']({ dropOffId: state.dropOffId, inside: false }))}>
            {t('dropOff.answerNotInside')}
          </button>
        </div>
      </section>
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
