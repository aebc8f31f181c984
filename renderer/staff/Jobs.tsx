// The doors the console has opened, live: each job's stage. A pickup code a return issued is not
// in the job (every console screen sees jobs): the staff member who issued it reveals it, once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffJob } from '../../main/contract/staff-schemas';
import { api, useStaff } from './staff-api';

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
            {j.codeReady && <IssuedCode job={j} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The issuer's one look at the code: the button takes it from the core, which then forgets it. */
function IssuedCode({ job }: { job: StaffJob }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const [code, setCode] = useState<string | null>(null);
  if (job.actor !== `account:${session.login}`) return null;
  if (code) {
    return (
      <p className="issued-code" role="status">
        {t('staff.issuedCode', { code })}
      </p>
    );
  }
  return (
    <button type="button" className="small-button" onClick={() => api['returns.takeCode']({ token: session.token, jobId: job.jobId }).then((r) => setCode(r.code), fail)}>
      {t('staff.showCode', { reference: job.reference ?? job.label })}
    </button>
  );
}
