// Putting results back (return) or materials back for correction (补正, with a reason), and the
// recall of overdue items. Each opens a compartment; the core issues the pickup code when it closes.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../main/contract/staff-schemas';
import type { Language } from '../../main/contract/schemas';
import { api, useStaff, when } from './staff-api';

const reasons = ['missing-document', 'missing-signature', 'unclear-copy', 'wrong-form', 'expired-document', 'other'] as const;

export function Returns({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { session, fail } = useStaff();
  const token = session.token;
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [reason, setReason] = useState<(typeof reasons)[number]>('missing-document');
  const load = useCallback(() => api['returns.returnable']({ token }).then(setCases, fail), [token, fail]);
  useEffect(() => void load(), [load, refreshKey]);

  return (
    <div className="staff-panel">
      <h2>{t('staff.returnable')}</h2>
      <label className="field">
        {t('staff.correctionReason')}
        <select value={reason} onChange={(e) => setReason(e.target.value as (typeof reasons)[number])}>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {t(`staff.reasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <table className="staff-table" aria-label={t('staff.returnable')}>
        <thead>
          <tr>
            <th scope="col">{t('staff.reference')}</th>
            <th scope="col">{t('staff.matter')}</th>
            <th scope="col">{t('staff.phone')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseId}>
              <td>{c.reference}</td>
              <td>{c.matter[lang]}</td>
              <td>{c.maskedPhone ?? '—'}</td>
              <td>
                <button type="button" className="small-button" aria-label={`${t('staff.putBackReturn')} ${c.reference}`} onClick={() => api['returns.putBack']({ token, caseId: c.caseId, kind: 'return' }).then(load, fail)}>
                  {t('staff.putBackReturn')}
                </button>
                <button
                  type="button"
                  className="small-button"
                  aria-label={`${t('staff.putBackCorrect')} ${c.reference}`}
                  onClick={() => api['returns.putBack']({ token, caseId: c.caseId, kind: 'correct', reason }).then(load, fail)}
                >
                  {t('staff.putBackCorrect')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Recall({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const { session, fail } = useStaff();
  const token = session.token;
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const load = useCallback(() => api['recall.list']({ token }).then(setCases, fail), [token, fail]);
  useEffect(() => void load(), [load, refreshKey]);
  return (
    <div className="staff-panel">
      <h2>{t('staff.overdue')}</h2>
      {cases.length === 0 && <p className="note">{t('staff.noOverdue')}</p>}
      {cases.length > 0 && (
        <table className="staff-table" aria-label={t('staff.overdue')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.reference')}</th>
              <th scope="col">{t('staff.matter')}</th>
              <th scope="col">{t('staff.compartments')}</th>
              <th scope="col">{t('staff.deadline')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.caseId}>
                <td>{c.reference}</td>
                <td>{c.matter[lang]}</td>
                <td>{c.compartments.join(' ')}</td>
                <td>{when(c.pickupDeadline, lang)}</td>
                <td>
                  <button type="button" className="small-button" aria-label={`${t('staff.recallOpen')} ${c.reference}`} onClick={() => api['recall.open']({ token, caseId: c.caseId }).then(load, fail)}>
                    {t('staff.recallOpen')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
