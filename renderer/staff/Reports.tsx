// Today's and a chosen period's figures, exportable as CSV.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, useStaff } from './staff-api';
import { useFormat } from '../format';

type Report = Awaited<ReturnType<(typeof api)['reports.period']>>;
const DAY = 24 * 3600_000;

function period(kind: 'today' | 'week' | 'month', now = new Date()): { from: number; to: number } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const to = now.getTime() + 1;
  if (kind === 'today') return { from: start.getTime(), to };
  return { from: start.getTime() - (kind === 'week' ? 6 : 29) * DAY, to };
}

export function Reports() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { session, fail } = useStaff();
  const token = session.token;
  const [kind, setKind] = useState<'today' | 'week' | 'month'>('today');
  const [report, setReport] = useState<Report | null>(null);
  const load = useCallback(() => api['reports.period']({ token, ...period(kind) }).then(setReport, fail), [token, kind, fail]);
  useEffect(() => void load(), [load]);
  const kinds = [
    ['today', t('staff.reportToday')],
    ['week', t('staff.reportWeek')],
    ['month', t('staff.reportMonth')],
  ] as const;
  return (
    <div className="staff-panel">
      <h2>{t('staff.tabs.reports')}</h2>
      <div className="actions" role="group" aria-label={t('staff.tabs.reports')}>
        {kinds.map(([k, name]) => (
          <button key={k} type="button" className="big-button" aria-pressed={kind === k} onClick={() => setKind(k)}>
            {name}
          </button>
        ))}
      </div>
      {report && (
        <p className="note strong" data-testid="report-period">
          {t('staff.reportPeriod', { from: fmt.date(report.from), to: fmt.date(report.to - 1) })}
        </p>
      )}
      {report && (
        <dl className="report">
          <dt>{t('staff.deposits')}</dt>
          <dd data-testid="report-deposits">{report.deposits}</dd>
          <dt>{t('staff.pickups')}</dt>
          <dd>{report.pickups}</dd>
          <dt>{t('staff.returns')}</dt>
          <dd>{report.returns}</dd>
          <dt>{t('staff.corrections')}</dt>
          <dd>{report.corrections}</dd>
          <dt>{t('staff.recalls')}</dt>
          <dd>{report.recalls}</dd>
          <dt>{t('staff.hoursToReady')}</dt>
          <dd>{report.averageHoursToReady ?? '—'}</dd>
          <dt>{t('staff.ratings')}</dt>
          <dd>
            {report.ratings.count} · {t('staff.ratingAverage')} {report.ratings.average === null ? '—' : report.ratings.average.toFixed(2)}
          </dd>
        </dl>
      )}
      <button type="button" className="big-button" onClick={() => api['reports.csv']({ token, ...period(kind) }).then((r) => download(`report-${kind}.csv`, r.csv), fail)}>
        {t('staff.exportCsv')}
      </button>
    </div>
  );
}
