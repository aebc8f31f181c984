// A case's status in plain words: a symbol and a label (never colour alone), what it means, and the
// facts in the one format (reference grouped, dates in the cabinet's zone).
import { House, MessageSquareHeart } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatReference } from '../../../main/contract/format';
import type { CaseStatusView, Language } from '../../../main/contract/schemas';
import { useCabinet } from '../../cabinet-context';
import { sentences, useVoice } from '../../speech';

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

const labelKeys: Record<CaseStatusView['status'], string> = {
  received: 'status.label.received',
  processing: 'status.label.processing',
  'needs-correction': 'status.label.needsCorrection',
  ready: 'status.label.ready',
  'picked-up': 'status.label.pickedUp',
  recalled: 'status.label.recalled',
  'not-deposited': 'status.label.notDeposited',
};

function detailOf(t: (key: string, o?: Record<string, string>) => string, view: CaseStatusView, when: (ms: number | null) => string, expected: string): string {
  const place = { compartment: view.compartment ?? '', deadline: when(view.pickupDeadline) };
  if (view.status === 'received') return t('status.detail.received', { date: expected });
  if (view.status === 'processing') return t('status.detail.processing', { date: expected });
  if (view.status === 'needs-correction') return t('status.detail.needsCorrection', place);
  if (view.status === 'ready') return t('status.detail.ready', place);
  if (view.status === 'picked-up') return t('status.detail.pickedUp');
  if (view.status === 'recalled') return t('status.detail.recalled');
  return t('status.detail.notDeposited');
}

export function StatusResult({ view, onRate, onHome }: { view: CaseStatusView; onRate(): void; onHome(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { timeZone } = useCabinet();
  const when = (ms: number | null) => (ms === null ? '' : formatDateTime(ms, lang, timeZone));
  const label = t(labelKeys[view.status]);
  const detail = detailOf(t, view, when, view.expectedDate ? formatDate(view.expectedDate, lang, timeZone) : '');
  const reason = view.correctionReason ? t('status.reasonLine', { reason: view.correctionReason }) : '';
  useVoice(sentences(label, detail, reason));
  return (
    <section className="screen split status-result" aria-labelledby="step-title">
      <div className="head">
        <h1 id="step-title">{t('status.resultTitle')}</h1>
        <p className={`status-badge status-${view.status}`} data-testid="case-status">
          <span className="status-symbol" aria-hidden="true">
            {symbols[view.status]}
          </span>
          <span>{label}</span>
        </p>
        <p className="status-detail">{detail}</p>
        {reason && <p className="status-detail strong">{reason}</p>}
      </div>
      <dl className="panel facts receipt-card">
        <dt>{t('dropOff.reference')}</dt>
        <dd>{formatReference(view.reference)}</dd>
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
          <MessageSquareHeart className="icon" aria-hidden="true" />
          {t('status.rate')}
        </button>
        <button type="button" className="big-button primary" onClick={onHome}>
          <House className="icon" aria-hidden="true" />
          {t('status.finish')}
        </button>
      </div>
    </section>
  );
}
