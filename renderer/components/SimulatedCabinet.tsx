// The simulated cabinet drawn beside the kiosk screen by the web harness: one toggle per door.
// Pressing an open door closes it (a resident's hand); pressing a closed one forces it open.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulatorDoor } from '../../main/contract/simulator-api';
import { onEvent, simulatorApi } from '../cabinet-api';

export function SimulatedCabinet() {
  const { t } = useTranslation();
  const [doors, setDoors] = useState<SimulatorDoor[]>([]);

  useEffect(() => {
    simulatorApi['simulator.state']({}).then((s) => setDoors(s.doors), () => setDoors([]));
    return onEvent((event, data) => {
      if (event === 'simulator.changed') setDoors((data as { doors: SimulatorDoor[] }).doors);
    });
  }, []);

  const columns = Math.max(1, ...doors.map((d) => d.column));
  return (
    <aside className="simulator" role="region" aria-label={t('simulator.title')}>
      <h2>{t('simulator.title')}</h2>
      <p className="simulator-hint">{t('simulator.hint')}</p>
      <div className="simulator-grid" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
        {doors.map((d) => (
          <button
            key={d.label}
            type="button"
            className={d.open ? 'sim-door open' : 'sim-door'}
            style={{ gridRow: d.row, gridColumn: d.column }}
            aria-pressed={d.open}
            aria-label={t('simulator.door', { label: d.label })}
            onClick={() => simulatorApi['simulator.press']({ label: d.label }).then((s) => setDoors(s.doors))}
          >
            {d.label} {d.open ? t('simulator.open') : t('simulator.closed')}
          </button>
        ))}
      </div>
    </aside>
  );
}
