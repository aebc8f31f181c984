// The cabinet's description (cabinet.info) for every screen: time zone, layout, code length.
import { createContext, useContext } from 'react';
import type { CabinetInfo } from '../main/contract/schemas';

export const CabinetContext = createContext<CabinetInfo | null>(null);

export function useCabinet(): CabinetInfo {
  const info = useContext(CabinetContext);
  if (!info) throw new Error('useCabinet outside the App');
  return info;
}
