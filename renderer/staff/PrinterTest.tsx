// The technician's receipt-printer check: one button that prints a test page (cabinet id, time, a
// Chinese sample line, a QR code) and says what happened.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';

export function PrinterTest() {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const [result, setResult] = useState<{ printed: boolean; detail: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="actions">
      <button
        type="button"
        className="big-button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setResult(null);
          api['diagnostics.printerTest']({ token: session.token })
            .then(setResult, fail)
            .finally(() => setBusy(false));
        }}
      >
        {t('staff.printTest')}
      </button>
      {result && (
        <p role="status" className={result.printed ? 'ok-text' : 'error'}>
          {result.printed ? t('staff.printTestOk', { detail: result.detail }) : t('staff.printTestFailed', { detail: result.detail })}
        </p>
      )}
    </div>
  );
}
