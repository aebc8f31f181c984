// Choosing a compartment for a deposit. Pure: the caller passes the layout and what is free.
import type { CompartmentConfig, CompartmentSize } from '../config';

const sizeRank: Record<CompartmentSize, number> = { S: 0, M: 1, L: 2 };

export interface AllocationRequest {
  size: CompartmentSize;
  elderMode: boolean;
  /** Labels not to offer (e.g. one that just failed to open). */
  exclude?: ReadonlySet<string>;
}

/**
 * The smallest free compartment that fits; in elder mode the lowest door first (no stretching or
 * climbing), otherwise from the top-left, as a resident reads the cabinet.
 */
export function chooseCompartment(
  layout: readonly CompartmentConfig[],
  isFree: (label: string) => boolean,
  request: AllocationRequest,
): CompartmentConfig | undefined {
  const candidates = layout.filter(
    (c) => sizeRank[c.size] >= sizeRank[request.size] && isFree(c.label) && !request.exclude?.has(c.label),
  );
  candidates.sort(
    (a, b) =>
      sizeRank[a.size] - sizeRank[b.size] ||
      (request.elderMode ? b.row - a.row : a.row - b.row) ||
      a.column - b.column,
  );
  return candidates[0];
}
