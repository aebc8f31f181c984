// A small drawing of the cabinet with the resident's compartment marked (not only by colour).
import type { CompartmentView } from '../../main/contract/schemas';

export function CabinetMap({ compartment }: { compartment: CompartmentView }) {
  const cells = [];
  for (let row = 1; row <= compartment.rows; row++) {
    for (let column = 1; column <= compartment.columns; column++) {
      const mine = row === compartment.row && column === compartment.column;
      cells.push(
        <div key={`${row}-${column}`} className={mine ? 'map-cell mine' : 'map-cell'} style={{ gridRow: row, gridColumn: column }}>
          {mine ? `▶ ${compartment.label}` : ''}
        </div>,
      );
    }
  }
  return (
    <div className="cabinet-map" aria-hidden="true" style={{ gridTemplateColumns: `repeat(${compartment.columns}, 1fr)` }}>
      {cells}
    </div>
  );
}
