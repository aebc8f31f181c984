// The doors the console has opened, live: each job's stage, and a return's pickup code once.
import { useTranslation } from 'react-i18next';
import type { StaffJob } from '../../main/contract/staff-schemas';

export function Jobs({ jobs }: { jobs: StaffJob[] }) {
  const { t } = useTranslation();
  if (jobs.length === 0) return null;
  return (
    <section className="staff-jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('staff.jobs')}</h2>
      <ul>
        {jobs.map((j) => (
          <li key={j.jobId} className={`job job-${j.stage}`} data-testid={`job-${j.label}`}>
            <strong>{j.label}</strong> · {t(`staff.job.${j.kind}`)} {j.reference ? `· ${j.reference}` : ''} · <span>{t(`staff.stage.${j.stage}`)}</span>
            {j.doorLeftOpen && <span className="error-inline"> ⚠ {t('dropOff.leftOpen')}</span>}
            {j.code && (
              <p className="issued-code" role="status">
                {t('staff.issuedCode', { code: j.code })}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
