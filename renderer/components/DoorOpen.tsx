// The screen while a compartment opens and stands open for the resident: which door and where,
// what to do, and the reminder when it stays open too long. Shared by drop-off and pickup.
import { useTranslation } from 'react-i18next';
import type { CompartmentView } from '../../main/contract/schemas';
import { CabinetMap } from './CabinetMap';
import { Alert } from './Notices';

interface DoorOpenProps {
  heading: string;
  compartment: CompartmentView;
  open: boolean;
  /** What to do now that the door is open (put in / take out). */
  instruction: string;
  /** A line under the instruction, if any. */
  note?: string;
  leftOpen: boolean;
  leftOpenText: string;
}

export function DoorOpen({ heading, compartment: c, open, instruction, note, leftOpen, leftOpenText }: DoorOpenProps) {
  const { t } = useTranslation();
  return (
    <section className="screen door-step" aria-labelledby="step-title">
      <h1 id="step-title">{heading}</h1>
      <CabinetMap compartment={c} />
      <p className="note strong">{t('dropOff.doorPosition', { column: c.column, row: c.row })}</p>
      {open && (
        <>
          <p className="instruction" role="status">
            {instruction}
          </p>
          {note && <p className="note">{note}</p>}
          {leftOpen && <Alert>{leftOpenText}</Alert>}
        </>
      )}
    </section>
  );
}
