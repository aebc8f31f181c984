// The cabinet drawn to scale: each column of doors as on the real cabinet, each door as tall as its
// size (S, M, L), the resident's door yellow, outlined, labelled and pointed at — never by colour alone.
import { useContext } from 'react';
import { ArrowBigLeft, ArrowBigRight } from 'lucide-react';
import type { CabinetInfo, CompartmentView } from '../../main/contract/schemas';
import { VoiceContext } from '../speech';

type Layout = CabinetInfo['layout'];

/** Nominal door heights by size, in units of a small door (docs/design-language.md). */
export const SIZE_UNITS: Record<CompartmentView['size'], number> = { S: 1, M: 2, L: 3 };

/** The cabinet's columns, top to bottom; without a layout, a grid of equal doors from the view's counts. */
export function columnsOf(layout: Layout, c: CompartmentView): Layout[] {
  const cells: Layout =
    layout.length > 0
      ? layout
      : Array.from({ length: c.rows * c.columns }, (_, i) => ({ label: '', column: (i % c.columns) + 1, row: Math.floor(i / c.columns) + 1, size: 'S' as const }));
  const columns = [...new Set(cells.map((x) => x.column))].sort((a, b) => a - b);
  return columns.map((col) => cells.filter((x) => x.column === col).sort((a, b) => a.row - b.row));
}

/** Width over height of the drawing: a column is as wide as 4 small doors are tall (a small door is about 40 × 10 cm). */
export function aspectOf(columns: Layout[]): number {
  const tallest = Math.max(1, ...columns.map((col) => col.reduce((sum, x) => sum + SIZE_UNITS[x.size], 0)));
  return (columns.length * 4) / tallest;
}

export function CabinetMap({ compartment: c, layout }: { compartment: CompartmentView; layout: Layout }) {
  const columns = columnsOf(layout, c);
  // Senior mode labels only the resident's door: no small print, nothing else to read.
  const elder = useContext(VoiceContext);
  return (
    <div className="cabinet-map" aria-hidden="true" data-testid="cabinet-map" style={{ ['--cabinet-aspect' as string]: String(aspectOf(columns)) }}>
      {columns.map((col, i) => (
        <div key={i} className="map-column">
          {col.map((cell) => {
            const mine = cell.column === c.column && cell.row === c.row;
            return (
              <div key={`${cell.column}-${cell.row}`} className={mine ? 'map-cell mine' : 'map-cell'} style={{ flexGrow: SIZE_UNITS[cell.size], flexBasis: 0 }} data-mine={mine || undefined}>
                {mine ? <DoorTag label={c.label} left={i < columns.length / 2} /> : elder ? '' : cell.label}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** The resident's door is pointed at by a tag beside the cabinet (a small door is too small to hold large type). */
function DoorTag({ label, left }: { label: string; left: boolean }) {
  return (
    <span className={left ? 'door-tag on-left' : 'door-tag on-right'}>
      {!left && <ArrowBigLeft className="icon" />}
      {label}
      {left && <ArrowBigRight className="icon" />}
    </span>
  );
}
