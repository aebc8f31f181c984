// Seconds left until a lockout ends, counted down on screen; calls onDone at zero.
import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';

export function useCountdown(seconds: number | null, onDone?: () => void): number {
  const [left, setLeft] = useState(seconds ?? 0);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);
  useEffect(() => {
    if (seconds === null) return;
    const end = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        done.current?.();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

/** "45 秒" / "2 分 05 秒" — a wait as a resident reads it. */
export function formatWait(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('time.seconds', { count: seconds });
  return t('time.minutes', { minutes: Math.floor(seconds / 60), seconds: String(seconds % 60).padStart(2, '0') });
}

/** Whole seconds until `until` (a Date.now() time), re-rendering as it ticks; 0 once passed or when null. */
export function useSecondsUntil(until: number | null): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      setTick((n) => n + 1);
      if (Date.now() >= until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000));
}
