// One case: its facts, its whole timeline (cabinet events and hub actions), and what the reader
// may do to it — move its state, or (supervisor) reassign it with a reason.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type Session } from '../api';
import { chinaTime, useLoad, useNames } from '../hooks';
import type { CaseRow, CaseState, Meta, TimelineEntry } from '../types';
import { Flags, Status, reference } from './parts';

interface Detail {
  case: CaseRow;
  timeline: TimelineEntry[];
  nextStates: CaseState[];
}

export function CasePage({ id, session, meta }: { id: string; session: Session; meta: Meta | null }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const detail = useLoad<Detail>(`/api/cases/${encodeURIComponent(id)}`);
  const d = detail.data;
  if (!d) return <Status loaded={detail} />;
  const c = d.case;
  return (
    <>
      <h1>{t('cases.heading', { reference: reference(c.reference) })}</h1>
      <Status loaded={detail} />
      <dl className="facts">
        <dt>{t('cases.matter')}</dt><dd>{names.matter(c.matterId)}</dd>
        <dt>{t('cases.department')}</dt><dd><a href={`#/departments/${c.departmentId ?? '-'}`}>{names.department(c.departmentId)}</a></dd>
        <dt>{t('cases.cabinet')}</dt><dd><a href={`#/cabinets/${encodeURIComponent(c.cabinet)}`}>{c.cabinet}</a> {c.compartment ?? ''}</dd>
        <dt>{t('cases.state')}</dt><dd data-testid="case-state">{t(`states.${c.state}`)}</dd>
        <dt>{t('cases.deposited')}</dt><dd>{chinaTime(c.depositedAt)}</dd>
        <dt>{t('cases.due')}</dt><dd className="mono">{c.dueDate ?? '—'} <Flags flags={c.flags} /></dd>
      </dl>
      {session.role !== 'admin' && d.nextStates.length > 0 && <Actions caseId={c.id} next={d.nextStates} onDone={detail.reload} />}
      {session.role === 'supervisor' && <Reassign caseId={c.id} current={c.departmentId} meta={meta} onDone={detail.reload} />}
      <Timeline entries={d.timeline} meta={meta} />
    </>
  );
}

/** A timeline note or actor in words: `routed:hrss` → 分派到人力资源和社会保障局, `level:1` → 评分 1 / 5. */
function useTimelineWords(meta: Meta | null) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const note = (n: string | null): string => {
    if (n === null) return '';
    const [head, rest] = [n.slice(0, n.indexOf(':')), n.slice(n.indexOf(':') + 1)];
    if (head === 'routed') return t('timeline.routed', { name: names.department(rest) });
    if (head === 'level') return t('timeline.level', { n: rest });
    if (head === 'department') return t('timeline.told', { name: names.department(rest) });
    if (head === 'supervisor') return t('timeline.toldSupervisor', { name: names.department(rest) });
    if (n === 'district-lead') return t('timeline.toldLead');
    if (n === 'unrouted') return t('timeline.unrouted');
    return n;
  };
  const actor = (a: string): string => (a === 'hub:sweep' ? t('timeline.sweep') : a.startsWith('cabinet:') ? t('timeline.cabinet', { id: a.slice(8) }) : a.replace(/^hub:/, ''));
  return { note, actor };
}

function Timeline({ entries, meta }: { entries: TimelineEntry[]; meta: Meta | null }) {
  const { t } = useTranslation();
  const words = useTimelineWords(meta);
  return (
    <table>
      <caption>{t('cases.timeline')}</caption>
      <thead><tr>{['at', 'actor', 'what', 'note'].map((k) => <th key={k} scope="col">{t(`cases.${k}`)}</th>)}</tr></thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={i}>
            <td className="mono">{chinaTime(e.at)}</td>
            <td>{words.actor(e.actor)}</td>
            <td>{t(`timelineKinds.${e.kind.replace(':', '_')}`, { defaultValue: e.kind })}{e.toState && (e.kind === 'state' || e.kind.startsWith('event:')) ? ` → ${t(`states.${e.toState}`, { defaultValue: e.toState })}` : ''}</td>
            <td>{words.note(e.note)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Actions({ caseId, next, onDone }: { caseId: number; next: CaseState[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const move = async (to: CaseState) => {
    try {
      await post(`/api/cases/${caseId}/state`, { to, note: note || undefined });
      setSaid({ ok: true, text: t('cases.moved', { state: t(`states.${to}`) }) });
      setNote('');
      onDone();
    } catch (error) {
      setSaid({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <section className="card" aria-labelledby="actions-h">
      <h2 id="actions-h">{t('cases.actions')}</h2>
      <label htmlFor="move-note">{t('cases.moveNote')}</label>
      <input id="move-note" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
      <div className="row">
        {next.map((s) => <button key={s} type="button" className={s === 'completed' || s === 'in-progress' ? 'primary' : undefined} onClick={() => void move(s)}>{t('cases.moveTo', { state: t(`states.${s}`) })}</button>)}
      </div>
      {said && <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'ok' : 'alert'}>{said.text}</p>}
    </section>
  );
}

function Reassign({ caseId, current, meta, onDone }: { caseId: number; current: string | null; meta: Meta | null; onDone: () => void }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const others = (meta?.departments ?? []).filter((d) => d.id !== current);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setSaid({ ok: false, text: t('cases.reasonRequired') });
    try {
      await post(`/api/cases/${caseId}/reassign`, { departmentId: to || others[0]?.id, reason });
      setSaid({ ok: true, text: t('cases.reassigned') });
      onDone();
    } catch (error) {
      setSaid({ ok: false, text: (error as Error).message });
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>{t('cases.reassign')}</h2>
      <label htmlFor="reassign-to">{t('cases.reassignTo')}</label>
      <select id="reassign-to" value={to || others[0]?.id || ''} onChange={(e) => setTo(e.target.value)}>
        {others.map((d) => <option key={d.id} value={d.id}>{names.department(d.id)}</option>)}
      </select>
      <label htmlFor="reassign-reason">{t('cases.reason')}</label>
      <input id="reassign-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      {said && <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'ok' : 'alert'}>{said.text}</p>}
      <button type="submit">{t('cases.reassignSubmit')}</button>
    </form>
  );
}
