// The serial traffic as a technician reads it: live or paused, door polls hidden or shown, narrowed
// to one board or lock, with how much history is kept and how much was dropped. The core keeps
// polls and opens in separate rings, so an open from minutes ago is still there when polls are hidden.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, useStaff } from './staff-api';

type Page = Awaited<ReturnType<(typeof api)['diagnostics.traffic']>>;
type Entry = Page['entries'][number];
type Bus = Awaited<ReturnType<(typeof api)['diagnostics.buses']>>[number];

const SHOWN = 200;

/** Local wall time with milliseconds: frames are matched to events by the technician's own clock. */
function clockTime(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function line(e: Entry, t: (key: string) => string): string {
  const target = e.board === null ? '' : ` ${t('staff.trafficBoard')} ${e.board}${e.lock === null ? '' : ` ${t('staff.trafficLock')} ${e.lock}`}`;
  return `${clockTime(e.at)} ${e.bus} ${e.direction === 'tx' ? '→' : '←'} ${e.hex}  [${t(`staff.trafficKind.${e.kind}`)}${target}]`;
}

export function TrafficPanel({ buses }: { buses: Bus[] }) {
  const { t } = useTranslation();
  const { session, fail } = useStaff();
  const token = session.token;
  const [paused, setPaused] = useState(false);
  const [hidePolls, setHidePolls] = useState(false);
  const [board, setBoard] = useState<number | undefined>(undefined);
  const [lock, setLock] = useState<number | undefined>(undefined);
  const [page, setPage] = useState<Page | null>(null);
  const load = useCallback(() => {
    api['diagnostics.traffic']({ token, limit: SHOWN, hidePolls, ...(board === undefined ? {} : { board }), ...(lock === undefined ? {} : { lock }) }).then(setPage, fail);
  }, [token, hidePolls, board, lock, fail]);
  // A filter change always reloads (the history stays in the core); only a live view keeps reloading.
  useEffect(() => {
    load();
    if (paused) return;
    const timer = setInterval(load, 700);
    return () => clearInterval(timer);
  }, [load, paused]);
  const boards = [...new Set(buses.flatMap((b) => b.boards.map((x) => x.address)))].sort((a, b) => a - b);
  const channels = Math.max(0, ...buses.flatMap((b) => b.boards.filter((x) => board === undefined || x.address === board).map((x) => x.channels)));
  const number = (value: string) => (value === '' ? undefined : Number(value));

  return (
    <section aria-labelledby="traffic-title">
      <h2 id="traffic-title">{t('staff.traffic')}</h2>
      <div className="form-row">
        <button type="button" className="small-button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? t('staff.trafficResume') : t('staff.trafficPause')}
        </button>
        <button type="button" className="small-button" aria-pressed={hidePolls} onClick={() => setHidePolls(!hidePolls)}>
          {t('staff.trafficHidePolls')}
        </button>
        <label className="field">
          {t('staff.trafficBoard')}
          <select value={board ?? ''} onChange={(e) => (setBoard(number(e.target.value)), setLock(undefined))}>
            <option value="">{t('staff.trafficAll')}</option>
            {boards.map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('staff.trafficLock')}
          <select value={lock ?? ''} onChange={(e) => setLock(number(e.target.value))}>
            <option value="">{t('staff.trafficAll')}</option>
            {Array.from({ length: channels }, (_, i) => i + 1).map((l) => (
              <option key={l} value={l}>{l}</option>
            ))}
          </select>
        </label>
      </div>
      {page && (
        <p role="status">
          {t('staff.trafficCounts', { shown: page.entries.length, kept: page.kept, droppedPolls: page.dropped.polls, droppedOther: page.dropped.other })}
        </p>
      )}
      <pre className="traffic" tabIndex={0} aria-label={t('staff.traffic')}>
        {page && page.entries.length === 0 ? t('staff.trafficEmpty') : (page?.entries ?? []).map((e) => line(e, t)).join('\n')}
      </pre>
    </section>
  );
}
