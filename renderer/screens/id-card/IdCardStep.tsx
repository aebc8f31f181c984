// "Place your ID card on the reader": a picture of the card on the reader, the words read out, and
// the core asked for a card (idCard.read) about once a second until one is read or the configured
// time runs out — then a clear message with "try again" and a way back. The resident types nothing.
import { useEffect, useRef, useState } from 'react';
import { RotateCcw } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { IdCardReadView } from '../../../main/contract/schemas';
import { api } from '../../cabinet-api';
import { BackButton } from '../../components/BackButton';
import { Alert } from '../../components/Notices';
import { sentences, useVoice } from '../../speech';

export type CardRead = Extract<IdCardReadView, { status: 'read' }>;
export type CardRole = 'applicant' | 'proxy' | 'collector';

/** Pause between two reads: the reader answers "no card" in milliseconds, so this sets the pace. */
const POLL_MS = 800;

/** 'remove': a card read before still lies on the reader — take it away first. */
/** Reader faults in a row before the screen says the reader is not working. */
const FAULTS_IN_A_ROW = 3;

type Phase = 'waiting' | 'remove' | 'moved' | 'timed-out' | 'fault';

/** Ask for a card until one is read, the time is up, or the reader fails; each attempt restarts on "try again". */
function useCardPolling(waitSeconds: number, attempt: number, awaitRemoval: boolean, onRead: (card: CardRead) => void) {
  const [phase, setPhase] = useState<Phase>('waiting');
  const [left, setLeft] = useState(waitSeconds);
  // The parent's latest callback; a new attempt (not a new callback) is what restarts the reading.
  const read = useRef(onRead);
  useEffect(() => {
    read.current = onRead;
  }, [onRead]);
  useEffect(() => {
    let live = true;
    const end = Date.now() + waitSeconds * 1000;
    // A card left on the reader from the step before (the applicant's, a refused one) is not taken again.
    let emptied = !awaitRemoval;
    let faults = 0;
    setPhase('waiting');
    const poll = async (): Promise<void> => {
      while (live) {
        setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000)));
        if (Date.now() >= end) return setPhase('timed-out');
        const answer = await api['idCard.read']({}).catch((): IdCardReadView => ({ status: 'reader-fault' }));
        if (!live) return;
        if (answer.status === 'read' && emptied) return read.current(answer);
        if (answer.status === 'read') setPhase('remove');
        if (answer.status === 'no-card' && !emptied) {
          emptied = true;
          setPhase('waiting');
        }
        if (answer.status === 'no-reader') return setPhase('fault');
        // One missed answer is not a broken reader (a busy line, a slow module): three in a row are.
        faults = answer.status === 'reader-fault' ? faults + 1 : 0;
        if (faults >= FAULTS_IN_A_ROW) return setPhase('fault');
        // "Keep it still" stays until the card is read: a card lifted again answers no-card.
        if (answer.status === 'card-moved' || answer.status === 'unreadable') setPhase('moved');
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [waitSeconds, attempt, awaitRemoval]);
  return { phase, left };
}

interface IdCardStepProps {
  role: CardRole;
  waitSeconds: number;
  /** Said above the picture: a card refused by the step after (another person's, the applicant's own as proxy). */
  problem?: string | null | undefined;
  /** Wait for the reader to be empty first: the card lying there was read already. */
  awaitRemoval?: boolean;
  onRead(card: CardRead): void;
  onBack(): void;
}

export function IdCardStep({ role, waitSeconds, problem, awaitRemoval = false, onRead, onBack }: IdCardStepProps) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  const { phase, left } = useCardPolling(waitSeconds, attempt, awaitRemoval, onRead);
  const title = t(`idCard.${role}Title`);
  const message = phase === 'remove' ? t('idCard.takeAway') : phase === 'moved' ? t('idCard.keepStill') : phase === 'timed-out' ? t('idCard.noCard', { seconds: waitSeconds }) : phase === 'fault' ? t('idCard.readerFault') : null;
  useVoice(sentences(problem, message ?? sentences(title, t('idCard.instruction'))));
  const stopped = phase === 'timed-out' || phase === 'fault';
  return (
    <section className="screen split id-card-step" aria-labelledby="step-title" data-testid={`id-card-${role}`}>
      <div className="head">
        <h1 id="step-title">{title}</h1>
        <p className="lead">{t('idCard.instruction')}</p>
        {problem && <Alert>{problem}</Alert>}
        {message && <Alert>{message}</Alert>}
        {!stopped && (
          <p className="note" aria-live="polite">
            {t('idCard.waiting', { seconds: left })}
          </p>
        )}
        {role !== 'collector' && <p className="note">{t('idCard.privacy')}</p>}
      </div>
      <div className="panel id-card-picture">
        <CardOnReader label={t('idCard.picture')} />
      </div>
      <div className="actions">
        <BackButton onBack={onBack} />
        {stopped && (
          <button type="button" className="big-button primary" onClick={() => setAttempt((n) => n + 1)}>
            <RotateCcw className="icon" aria-hidden="true" />
            {t('idCard.retry')}
          </button>
        )}
      </div>
    </section>
  );
}

/** The card lying on the reader, drawn (no photo of a real card): what to do, at a glance. */
function CardOnReader({ label }: { label: string }) {
  return (
    <svg viewBox="0 0 320 220" role="img" aria-label={label} className="card-on-reader">
      <rect x="20" y="120" width="280" height="80" rx="14" fill="#3b4a5a" />
      <rect x="60" y="132" width="200" height="14" rx="7" fill="#6fd38a" />
      <g transform="translate(70 30) rotate(-4)">
        <rect width="180" height="112" rx="10" fill="#f4f1e6" stroke="#1d3557" strokeWidth="4" />
        <rect x="14" y="18" width="44" height="56" rx="4" fill="#a8b8c8" />
        <rect x="70" y="22" width="92" height="10" rx="5" fill="#1d3557" />
        <rect x="70" y="42" width="70" height="8" rx="4" fill="#6b7c8f" />
        <rect x="70" y="58" width="84" height="8" rx="4" fill="#6b7c8f" />
        <rect x="14" y="86" width="150" height="10" rx="5" fill="#1d3557" />
      </g>
      <path d="M160 8 v18 m-9 -9 l9 9 l9 -9" stroke="#e07a1f" strokeWidth="6" fill="none" strokeLinecap="round" />
    </svg>
  );
}
