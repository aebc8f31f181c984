import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled, so Chinese renders the same on any office PC whatever fonts it has.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import './i18n';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
