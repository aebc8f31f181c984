import { useTranslation } from 'react-i18next';

export function Home({ onDropOff }: { onDropOff(): void }) {
  const { t } = useTranslation();
  return (
    <section className="screen home" aria-labelledby="home-title">
      <h1 id="home-title">{t('home.welcome')}</h1>
      <div className="home-choices">
        <button type="button" className="choice primary" onClick={onDropOff}>
          <span className="choice-title">{t('home.dropOff')}</span>
          <span className="choice-hint">{t('home.dropOffHint')}</span>
        </button>
        <button type="button" className="choice" disabled aria-describedby="not-yet">
          <span className="choice-title">{t('home.pickUp')}</span>
          <span className="choice-hint">{t('home.pickUpHint')}</span>
        </button>
        <button type="button" className="choice" disabled aria-describedby="not-yet">
          <span className="choice-title">{t('home.status')}</span>
          <span className="choice-hint">{t('home.statusHint')}</span>
        </button>
      </div>
      <p id="not-yet" className="note">
        {t('home.pickUp')} · {t('home.status')}: {t('home.notYet')}
      </p>
      <p className="note">{t('home.help')}</p>
    </section>
  );
}
