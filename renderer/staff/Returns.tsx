// Putting results back (return) or materials back for correction (补正, with a reason), and the
// recall of overdue items. Each opens a compartment; the core issues the pickup code when it closes.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../main/contract/staff-schemas';
import { api, useStaff } from './staff-api';
import { CaseTable } from './CaseTable';
import { EmptyState } from './EmptyState';
import { useFormat } from '../format';
import { ProxyActions } from './ProxyActions';

const reasons = ['missing-document', 'missing-signature', 'unclear-copy', 'wrong-form', 'expired-document', 'other'] as const;

export function Returns({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
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
      {cases.length === 0 && <EmptyState>{t('staff.empty.returnable')}</EmptyState>}
      {cases.length > 0 && (
      <CaseTable
        label={t('staff.returnable')}
        cases={cases}
        columns={['phone']}
        actions={(c) => (
          <>
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
            <ProxyActions c={c} onChanged={() => void load()} />
          </>
        )}
      />
      )}
    </div>
  );
}

type ReadyResult = Awaited<ReturnType<(typeof api)['returns.ready']>>[number];

/** What the district (hub) finished and is sending back: staff put each one back when it arrives. */
export function ReadyFromDistrict({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { session, fail } = useStaff();
  const token = session.token;
  const [ready, setReady] = useState<ReadyResult[]>([]);
  const load = useCallback(() => api['returns.ready']({ token }).then(setReady, fail), [token, fail]);
  useEffect(() => void load(), [load, refreshKey]);
  return (
    <div className="staff-panel">
      <h2>{t('staff.readyFromDistrict')}</h2>
      {ready.length === 0 && <EmptyState>{t('staff.empty.ready')}</EmptyState>}
      {ready.length > 0 && (
        <table className="staff-table" aria-label={t('staff.readyFromDistrict')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.reference')}</th>
              <th scope="col">{t('staff.readyNote')}</th>
              <th scope="col">{t('staff.readyAnnounced')}</th>
            </tr>
          </thead>
          <tbody>
            {ready.map((r) => (
              <tr key={r.reference}>
                <td>{r.reference}</td>
                <td>{r.note || '—'}</td>
                <td>{fmt.dateTime(r.announcedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function Recall({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const load = useCallback(() => api['recall.list']({ token }).then(setCases, fail), [token, fail]);
  useEffect(() => void load(), [load, refreshKey]);
  return (
    <div className="staff-panel">
      <h2>{t('staff.overdue')}</h2>
      {cases.length === 0 && <EmptyState>{t('staff.noOverdue')}</EmptyState>}
      {cases.length > 0 && (
        <CaseTable
          label={t('staff.overdue')}
          cases={cases}
          columns={['compartments', 'deadline']}
          actions={(c) => (
            <button type="button" className="small-button" aria-label={`${t('staff.recallOpen')} ${c.reference}`} onClick={() => api['recall.open']({ token, caseId: c.caseId }).then(load, fail)}>
              {t('staff.recallOpen')}
            </button>
          )}
        />
      )}
    </div>
  );
}
