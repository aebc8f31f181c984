// The doors the console has opened, live: each job's stage. A pickup code a return issued is not
// in the job (every console screen sees jobs): the staff member who issued it reveals it once, in
// a dialog; when they close it the code is gone from the screen (and from the core), so codes
// never pile up on the console.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffJob } from '../../main/contract/staff-schemas';
import { api, useStaff } from './staff-api';

export function Jobs({ jobs }: { jobs: StaffJob[] }) {
  const { t } = useTranslation();
  const [taken, setTaken] = useState<string[]>([]);
  const [shown, setShown] = useState<{ code: string; reference: string } | null>(null);
  if (jobs.length === 0) return null;
  return (
    <section className="staff-jobs" aria-labelledby="jobs-title">
      <h2 id="jobs-title">{t('staff.jobs')}</h2>
      <ul>
        {jobs.map((j) => (
          <li key={j.jobId} className={`job job-${j.stage}`} data-testid={`job-${j.label}`}>
            <strong>{j.label}</strong> · {t(`staff.job.${j.kind}`)} {j.reference ? `· ${j.reference}` : ''} · <span>{t(`staff.stage.${j.stage}`)}</span>
            {j.doorLeftOpen && <span className="error-inline"> ⚠ {t('dropOff.leftOpen')}</span>}
            {j.codeReady && !taken.includes(j.jobId) && (
              <IssuedCode
                job={j}
                onTaken={(code) => {
                  setTaken((list) => [...list, j.jobId]);
                  setShown({ code, reference: j.reference ?? j.label });
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {shown && <CodeDialog code={shown.code} reference={shown.reference} onClose={() => setShown(null)} />}
    </section>
  );
}

/** The issuer's one look at the code: the button takes it from the core, which then forgets it. */
function IssuedCode({ job, onTaken }: { job: StaffJob; onTaken(code: string): void }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  if (job.actor !== `account:${session.login}`) return null;
  return (
    <button type="button" className="small-button" onClick={() => api['returns.takeCode']({ token: session.token, jobId: job.jobId }).then((r) => onTaken(r.code), fail)}>
      {t('staff.showCode', { reference: job.reference ?? job.label })}
    </button>
  );
}

function CodeDialog({ code, reference, onClose }: { code: string; reference: string; onClose(): void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div className="code-dialog-backdrop">
      <div className="code-dialog" role="dialog" aria-modal="true" aria-labelledby="code-dialog-title">
        <h2 id="code-dialog-title">{t('staff.codeDialogTitle', { reference })}</h2>
        <p role="status">
          {t('staff.issuedCodeLabel')} <span className="code">{code}</span>
        </p>
        <p>{t('staff.codeShownOnce')}</p>
        <button ref={button} type="button" className="big-button primary" onClick={onClose}>
          {t('staff.codeNoted')}
        </button>
      </div>
    </div>
  );
}
