// The console's calls: the contract client with the session token filled in, and one place that
// turns an ended session into a return to the login screen.
import { createContext, useContext } from 'react';
import { CallError } from '../../main/contract/errors';
import { api } from '../cabinet-api';

export interface StaffSessionView {
  token: string;
  login: string;
  name: string;
  role: 'staff' | 'technician' | 'admin';
  permissions: string[];
}

export interface StaffContext {
  session: StaffSessionView;
  /** Report a failed call: an ended session logs out; anything else is shown. */
  fail(error: unknown): void;
}

export const StaffCtx = createContext<StaffContext | null>(null);

export function useStaff(): StaffContext {
  const ctx = useContext(StaffCtx);
  if (!ctx) throw new Error('useStaff outside the staff console');
  return ctx;
}

export function isSessionEnd(error: unknown): boolean {
  return error instanceof CallError && error.code === 'unauthorized';
}

export { api };

/** Offer a text file (CSV) for download, as the kiosk's browser does. */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const hoursSince = (ms: number | null, now = Date.now()): number => (ms === null ? 0 : Math.floor((now - ms) / 3600_000));
