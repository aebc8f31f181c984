// The screen while a compartment opens and stands open for the resident: the instruction first, in
// the largest type, then where the door is, then the cabinet to scale with that door marked, and a
// "the door did not open" button. Shared by drop-off and pickup.
import { DoorOpen as DoorIcon, Hourglass } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { CompartmentView } from '../../main/contract/schemas';
import { useCabinet } from '../cabinet-context';
import { CabinetMap } from './CabinetMap';
import { DoorTrouble } from './DoorTrouble';
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
  /** Which flow, named in the staff's alarm if the resident says the door did not open. */
  flow: 'drop-off' | 'pick-up';
}

export function DoorOpen({ heading, compartment: c, open, instruction, note, leftOpen, leftOpenText, flow }: DoorOpenProps) {
  const { t } = useTranslation();
  const { layout } = useCabinet();
  return (
    <section className="screen split door-step" aria-labelledby="step-title">
      <div className="head">
        {open ? (
          <p className="instruction" role="status">
            <DoorIcon className="icon" aria-hidden="true" />
            {instruction}
          </p>
        ) : (
          <p className="instruction" role="status">
            <Hourglass className="icon" aria-hidden="true" />
            {t('door.wait')}
          </p>
        )}
        <h1 id="step-title">{heading}</h1>
        <p className="lead">
          <span className="door-label">{c.label}</span> {t('dropOff.doorPosition', { column: c.column, row: c.row })}
        </p>
        {open && note && <p className="note">{note}</p>}
        {open && leftOpen && <Alert>{leftOpenText}</Alert>}
      </div>
      <div className="panel">
        <CabinetMap compartment={c} layout={layout} />
        <p className="map-legend">{t('door.legend', { label: c.label })}</p>
      </div>
      <div className="actions">
        <DoorTrouble flow={flow} label={c.label} />
      </div>
    </section>
  );
}
