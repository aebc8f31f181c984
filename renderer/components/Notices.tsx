// The kind messages of every screen: an alert read out at once, and a lockout with its countdown.
import type { ReactNode } from 'react';

/** Something went wrong or needs attention now (announced by screen readers; marked by ⚠, not colour alone). */
export function Alert({ children }: { children: ReactNode }) {
  return (
    <p className="error" role="alert">
      {children}
    </p>
  );
}

/** Entries are locked for a while: the reason, then the time left (a timer, not re-announced each second). */
export function Lockout({ message, wait }: { message: string; wait: string }) {
  return (
    <div className="error lockout">
      <p role="alert">{message}</p>
      <p role="timer" aria-live="off" className="countdown">
        {wait}
      </p>
    </div>
  );
}
