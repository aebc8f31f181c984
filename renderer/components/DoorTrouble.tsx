// 柜门没有打开 / The door did not open: tells the staff on duty (help.call, rate-limited by the
// core) and says what to try meanwhile. Never sends another open: only staff may open a door again.
import { useState } from 'react';
import { CircleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../main/contract/schemas';
import { api } from '../cabinet-api';
import { useCabinet } from '../cabinet-context';

export function DoorTrouble({ flow, label }: { flow: 'drop-off' | 'pick-up'; label: string }) {
  const { t, i18n } = useTranslation();
  const { help } = useCabinet();
  const [told, setTold] = useState<'no' | 'calling' | 'told' | 'failed'>('no');
  const call = () => {
    setTold('calling');
    api['help.call']({ screen: `${flow}/door-did-not-open`, language: i18n.language as Language }).then(
      () => setTold('told'),
      () => setTold('failed'),
    );
  };
  return (
    <>
      <button type="button" className="big-button" onClick={call} disabled={told === 'calling'}>
        <CircleAlert className="icon" aria-hidden="true" />
        {t('door.didNotOpen')}
      </button>
      {told !== 'no' && (
        <p className="note strong" role="status" data-testid="door-trouble">
          {told === 'calling' ? t('help.calling') : told === 'told' ? t('door.troubleTold', { label }) : t('door.troubleFailed', { hotline: help.hotline })}
        </p>
      )}
    </>
  );
}
