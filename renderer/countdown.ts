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
