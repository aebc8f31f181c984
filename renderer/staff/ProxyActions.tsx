// 代领 authorised after drop-off, on a case whose applicant showed an ID card: the proxy's card read
// once on the cabinet's reader (held there by the proxy or the staff member), or "anyone with the
// code and the phone's last four digits", or a proxy withdrawn. The core keeps only the stored form.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../main/contract/staff-schemas';
import { api, useStaff } from './staff-api';

export function ProxyActions({ c, onChanged }: { c: CaseSummary; onChanged(): void }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const [note, setNote] = useState<string | null>(null);
  if (!c.identity?.applicant) return null;
  const token = session.token;
  const set = (proxy: { card: string } | { anyone: true } | null) => api['cases.setProxy']({ token, caseId: c.caseId, proxy }).then(() => (setNote(null), onChanged()), fail);
  const readCard = async () => {
    const read = await api['idCard.read']({});
    if (read.status !== 'read') return setNote(t('staff.proxyNoCard'));
    await set({ card: read.token });
  };
  return (
    <>
      <button type="button" className="small-button" aria-label={`${t('staff.proxyCard')} ${c.reference}`} onClick={() => void readCard().catch(fail)}>
        {t('staff.proxyCard')}
      </button>
      <button type="button" className="small-button" aria-label={`${t('staff.proxyAnyone')} ${c.reference}`} onClick={() => void set({ anyone: true })}>
        {t('staff.proxyAnyone')}
      </button>
      {c.identity.proxy && (
        <button type="button" className="small-button" aria-label={`${t('staff.proxyWithdraw')} ${c.reference}`} onClick={() => void set(null)}>
          {t('staff.proxyWithdraw')}
        </button>
      )}
      {note && <span role="status">{note}</span>}
    </>
  );
}
