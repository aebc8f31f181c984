// Bad ratings to follow up: each closed with a note of what was done.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { chinaTime, useLoad, useNames } from '../hooks';
import type { Followup, Meta } from '../types';
import { Status, reference } from './parts';

export function Followups({ meta }: { meta: Meta | null }) {
  const { t } = useTranslation();
  const list = useLoad<{ followups: Followup[] }>('/api/followups');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <>
      <h1>{t('followups.heading')}</h1>
      <Status loaded={list} />
      {said && <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'ok' : 'alert'}>{said.text}</p>}
      {list.data?.followups.length === 0 && <p>{t('followups.none')}</p>}
      {list.data?.followups.map((f) => <FollowupCard key={f.id} f={f} meta={meta} onClosed={(ok, text) => (setSaid({ ok, text }), ok && list.reload())} />)}
    </>
  );
}

function FollowupCard({ f, meta, onClosed }: { f: Followup; meta: Meta | null; onClosed: (ok: boolean, text: string) => void }) {
  const { t } = useTranslation();
  const names = useNames(meta);
  const [note, setNote] = useState('');
  const close = async () => {
    if (!note.trim()) return onClosed(false, t('followups.noteRequired'));
    try {
      await post(`/api/followups/${f.id}/close`, { note });
      onClosed(true, t('followups.closed'));
    } catch (error) {
      onClosed(false, (error as Error).message);
    }
  };
  const noteId = `note-${f.id}`;
  return (
    <section className="card" aria-labelledby={`f-${f.id}`}>
      <h2 id={`f-${f.id}`}>
        {f.caseId ? <a href={`#/cases/${f.caseId}`}>{reference(f.reference)}</a> : reference(f.reference)} · {t('followups.level')} {f.level} / 5
      </h2>
      <p>{f.cabinet} · {names.department(f.departmentId)} · {t('followups.opened')} {chinaTime(f.openedAt)}</p>
      <label htmlFor={noteId}>{t('followups.note')}</label>
      <textarea id={noteId} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="button" className="primary" onClick={() => void close()}>{t('followups.close')}</button>
    </section>
  );
}
