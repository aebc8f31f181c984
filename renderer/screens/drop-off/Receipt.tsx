// The receipt on screen, kept until 完成 (then a long, announced idle countdown): the reference in
// the one format, the facts, whether the paper receipt came out, and the QR that opens this case's
// status when held to the cabinet's scanner.
import { useContext, useEffect, useState, type ReactNode } from 'react';
import { CircleCheckBig, Hourglass, Printer, PrinterCheck, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { formatDate, formatDateTime, formatReference } from '../../../main/contract/format';
import type { DropOffState, Language, Receipt as ReceiptData } from '../../../main/contract/schemas';
import { RECEIPT_KEEP_SECONDS } from '../../flow-steps';
import { useCabinet } from '../../cabinet-context';
import { Alert } from '../../components/Notices';
import { prompt, useSpeak, VoiceContext } from '../../speech';

interface ReceiptProps {
  receipt: ReceiptData;
  paper: DropOffState['paper'];
  problem: string | null;
  children: ReactNode;
}

export function Receipt({ receipt: r, paper, problem, children }: ReceiptProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { timeZone } = useCabinet();
  return (
    <section className="screen receipt" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">
          <CircleCheckBig className="icon" aria-hidden="true" />
          {t('dropOff.receiptTitle')}
        </h1>
        {paper === 'not-printed' ? <NoPaper reference={r.reference} /> : <PaperLine paper={paper} />}
        <p className="keep-note">{t('dropOff.keepNote', { minutes: Math.round(RECEIPT_KEEP_SECONDS / 60) })}</p>
        {problem && <Alert>{problem}</Alert>}
      </div>
      <div className="panel receipt-card">
        <dl>
          <dt>{t('dropOff.reference')}</dt>
          <dd className="reference" data-testid="reference">
            {formatReference(r.reference)}
          </dd>
          <dt>{t('dropOff.matter')}</dt>
          <dd>{r.matter[lang]}</dd>
          <dt>{t('dropOff.compartment')}</dt>
          <dd>{r.compartments.join(lang === 'en' ? ', ' : '、')}</dd>
          <dt>{t('dropOff.time')}</dt>
          <dd>{formatDateTime(r.depositedAt, lang, timeZone)}</dd>
          <dt>{t('dropOff.expected')}</dt>
          <dd>{formatDate(r.expectedDate, lang, timeZone)}</dd>
          <dt>{t('dropOff.phone')}</dt>
          <dd>{r.maskedPhone}</dd>
        </dl>
        <QrBlock text={r.qr} label={t('dropOff.qrLabel')} caption={t('dropOff.qrCaption')} />
      </div>
      <div className="actions">{children}</div>
    </section>
  );
}

function PaperLine({ paper }: { paper: DropOffState['paper'] }) {
  const { t } = useTranslation();
  const kind = paper ?? 'no-printer';
  const Icon = kind === 'printed' ? PrinterCheck : kind === 'not-printed' ? TriangleAlert : kind === 'printing' ? Hourglass : Printer;
  const text = { printed: t('dropOff.paperPrinted'), 'not-printed': t('dropOff.paperFailed'), printing: t('dropOff.paperPrinting'), 'no-printer': t('dropOff.paperNone') }[kind];
  return (
    <p className={`paper ${kind}`} role="status" data-testid="paper">
      <Icon className="icon" aria-hidden="true" />
      {text}
    </p>
  );
}

/**
 * No paper receipt came out (paper out, cover open, printer offline, before or after the job): said
 * at once, the reference large to note down, and read out to everyone (elder mode reads its own).
 */
function NoPaper({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const elder = useContext(VoiceContext);
  useSpeak(prompt('dropOff.receiptNoPaper', { reference: reference.split('').join(' ') }), !elder);
  return (
    <div className="no-paper" role="alert" data-testid="paper">
      <p className="paper not-printed">
        <TriangleAlert className="icon" aria-hidden="true" />
        {t('dropOff.noPaperTitle')}
      </p>
      <p className="no-paper-note">{t('dropOff.noPaperNote')}</p>
      <p className="no-paper-reference" data-testid="no-paper-reference">
        {formatReference(reference)}
      </p>
    </div>
  );
}

function QrBlock({ text, label, caption }: { text: string; label: string; caption: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    QRCode.toDataURL(text, { margin: 1, width: 240 }).then(setSrc, () => setSrc(null));
  }, [text]);
  return (
    <figure className="qr-block" style={{ margin: 0 }}>
      {src && <img className="qr" src={src} alt={label} />}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
