// The home screen: three services as large tiles with icons, and the large 长辈模式 / Senior mode
// choice, which then holds for the whole visit.
import { FileSearch, PackageOpen, PackagePlus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../flow-steps';
import { ElderToggle } from '../components/ElderToggle';
import { useVoice } from '../speech';

interface HomeProps {
  elderMode: boolean;
  onElderMode(on: boolean): void;
  onStart(flow: Flow): void;
}

export function Home({ elderMode, onElderMode, onStart }: HomeProps) {
  const { t } = useTranslation();
  useVoice(t('home.voice'));
  const tiles = [
    { flow: 'dropOff' as const, Icon: PackagePlus, title: t('home.dropOff'), hint: t('home.dropOffHint'), primary: true },
    { flow: 'pickUp' as const, Icon: PackageOpen, title: t('home.pickUp'), hint: t('home.pickUpHint'), primary: false },
    { flow: 'status' as const, Icon: FileSearch, title: t('home.status'), hint: t('home.statusHint'), primary: false },
  ];
  return (
    <section className="screen home" aria-labelledby="home-title">
      <div className="head">
        <h1 id="home-title">{t('home.welcome')}</h1>
        <p className="lead">{t('home.lead')}</p>
      </div>
      <div className="home-choices">
        {tiles.map(({ flow, Icon, title, hint, primary }) => (
          <button key={flow} type="button" className={primary ? 'choice primary' : 'choice'} onClick={() => onStart(flow)}>
            <Icon className="choice-icon" aria-hidden="true" />
            <span className="choice-text">
              <span className="choice-title">{title}</span>
              <span className="choice-hint">{hint}</span>
            </span>
          </button>
        ))}
      </div>
      <div className="actions">
        <ElderToggle on={elderMode} onChange={onElderMode} />
      </div>
    </section>
  );
}
