// Night retrieval: what waits, open one or all (one after another), and the shift's handover
// manifest with seal numbers, printable and exportable as CSV.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../main/contract/staff-schemas';
import type { Language } from '../../main/contract/schemas';
import { api, download, useStaff } from './staff-api';
import { CaseTable } from './CaseTable';
import { CheckPanel } from './CheckPanel';
import { EmptyState } from './EmptyState';
import { TouchField } from './TouchKeyboard';
import { useFormat } from '../format';
import { useSerialScanText } from '../serial-scan';
import { sealTarget } from './seal-scan';

type ManifestRow = Awaited<ReturnType<(typeof api)['retrieval.manifest']>>[number];

export function Retrieval({ refreshKey }: { refreshKey: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const fmt = useFormat();
  const { session, fail } = useStaff();
  const token = session.token;
  const [pending, setPending] = useState<CaseSummary[]>([]);
  const [manifest, setManifest] = useState<ManifestRow[]>([]);
  const [seals, setSeals] = useState<Record<string, string>>({});
  const [printed, setPrinted] = useState(false);

  const load = useCallback(() => {
    api['retrieval.pending']({ token }).then(setPending, fail);
    api['retrieval.manifest']({ token }).then(setManifest, fail);
  }, [token, fail]);
  useEffect(load, [load, refreshKey]);
  // A seal number scanned on the serial scanner fills the first row still without one (then saved with 保存, as typed).
  useSerialScanText(manifest.length > 0, (text) => {
    const reference = sealTarget(text, manifest, seals);
    if (reference) setSeals((s) => ({ ...s, [reference]: text.trim() }));
  });

  return (
    <div className="staff-panel">
      <h2>{t('staff.tabs.retrieval')}</h2>
      <div className="actions">
        <button type="button" className="big-button primary" disabled={pending.length === 0} onClick={() => api['retrieval.openAll']({ token }).then(load, fail)}>
          {t('staff.openAll')}
        </button>
        <button type="button" className="big-button" onClick={() => api['retrieval.stopAll']({ token }).then(load, fail)}>
          {t('staff.stopAll')}
        </button>
      </div>
      <CheckPanel refreshKey={refreshKey} />
      {pending.length === 0 ? (
        <EmptyState>{t('staff.noPending')}</EmptyState>
      ) : (
        <CaseTable
          label={t('staff.tabs.retrieval')}
          cases={pending}
          columns={['compartments', 'age', 'expected']}
          actions={(c) => (
            <button type="button" className="small-button" aria-label={`${t('staff.open')} ${c.reference}`} onClick={() => api['retrieval.open']({ token, caseId: c.caseId }).then(load, fail)}>
              {t('staff.open')}
            </button>
          )}
        />
      )}

      <h2>{t('staff.manifest')}</h2>
      {manifest.length === 0 && <EmptyState>{t('staff.empty.manifest')}</EmptyState>}
      {manifest.length > 0 && (
      <table className="staff-table manifest" aria-label={t('staff.manifest')}>
        <thead>
          <tr>
            <th scope="col">{t('staff.reference')}</th>
            <th scope="col">{t('staff.matter')}</th>
            <th scope="col">{t('staff.compartments')}</th>
            <th scope="col">{t('staff.collectedAt')}</th>
            <th scope="col">{t('staff.collectedBy')}</th>
            <th scope="col">{t('staff.seal')}</th>
          </tr>
        </thead>
        <tbody>
          {manifest.map((m) => (
            <tr key={m.reference}>
              <td>{m.reference}</td>
              <td>{m.matter[lang]}</td>
              <td>{m.compartments.join(' ')}</td>
              <td>{fmt.dateTime(m.collectedAt)}</td>
              <td>{m.collectedBy}</td>
              <td>
                <TouchField
                  label={`${t('staff.seal')} ${m.reference}`}
                  hideLabel
                  kind="code"
                  value={seals[m.reference] ?? m.seal ?? ''}
                  maxLength={24}
                  onChange={(v) => setSeals((s) => ({ ...s, [m.reference]: v }))}
                />
                <button
                  type="button"
                  className="small-button"
                  aria-label={`${t('staff.saveSeal')} ${m.reference}`}
                  onClick={() => api['retrieval.setSeal']({ token, reference: m.reference, seal: seals[m.reference] ?? '' }).then(load, fail)}
                >
                  {t('staff.saveSeal')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      <div className="actions no-print">
        <button
          type="button"
          className="big-button"
          onClick={() => {
            // The receipt printer first; without one (or when it fails) the screen's own print.
            setPrinted(false);
            api['retrieval.printManifest']({ token }).then((r) => (r.printed ? setPrinted(true) : window.print()), fail);
          }}
        >
          {t('staff.print')}
        </button>
        <button type="button" className="big-button" onClick={() => api['retrieval.manifestCsv']({ token }).then((r) => download('handover-manifest.csv', r.csv), fail)}>
          {t('staff.exportCsv')}
        </button>
      </div>
      {printed && (
        <p role="status" className="ok-text no-print">
          {t('staff.printedOnPrinter')}
        </p>
      )}
    </div>
  );
}
