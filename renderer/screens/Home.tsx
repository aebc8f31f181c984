import { useTranslation } from 'react-i18next';
import { useVoice } from '../speech';

interface HomeProps {
  onDropOff(): void;
  onPickUp(): void;
  onStatus(): void;
}

export function Home({ onDropOff, onPickUp, onStatus }: HomeProps) {
  const { t } = useTranslation();
  useVoice(t('home.voice'));
  return (
    <section className="screen home" aria-labelledby="home-title">
      <h1 id="home-title">{t('home.welcome')}</h1>
      <div className="home-choices">
        <button type="button" className="choice primary" onClick={onDropOff}>
          <span className="choice-title">{t('home.dropOff')}</span>
          <span className="choice-hint">{t('home.dropOffHint')}</span>
        </button>
        <button type="button" className="choice" onClick={onPickUp}>
          <span className="choice-title">{t('home.pickUp')}</span>
          <span className="choice-hint">{t('home.pickUpHint')}</span>
        </button>
        <button type="button" className="choice" onClick={onStatus}>
          <span className="choice-title">{t('home.status')}</span>
          <span className="choice-hint">{t('home.statusHint')}</span>
        </button>
      </div>
      <p className="note">{t('home.help')}</p>
    </section>
  );
}
