// Small hooks of the console: the hash route, a loaded resource, the names of things in the
// reader's language.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from './api';
import type { Meta } from './types';

/** '#/cases/12' → ['cases', '12']. */
export function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

export function useLoad<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path).then(
      (d) => live && (setData(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => void (live = false);
  }, [path, tick]);
  return { data, error, reload: useCallback(() => setTick((n) => n + 1), []) };
}

/** Department and matter names in the reader's language (the id when unknown). */
export function useNames(meta: Meta | null) {
  const { i18n, t } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const pick = (list: { id: string; nameZh: string; nameEn: string }[] | undefined, id: string | null) => {
    if (id === null) return t('overview.unrouted');
    const found = list?.find((x) => x.id === id);
    return found ? (zh ? found.nameZh : found.nameEn) : id;
  };
  return { department: (id: string | null) => pick(meta?.departments, id), matter: (id: string | null) => pick(meta?.matters, id) };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** China time, YYYY-MM-DD HH:mm, whatever the office PC's zone. */
export function chinaTime(ms: number | null): string {
  if (ms === null) return '—';
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
