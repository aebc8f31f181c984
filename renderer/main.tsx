import './zod-jitless'; // first: before any contract schema exists
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled, so Chinese renders the same on any kiosk PC whatever fonts it has.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import './i18n';
import { SetupScreen } from './screens/SetupScreen';
import { parseSetupHash } from '../main/contract/setup-screen';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
// The Electron shell shows the technician's setup screen (and opens nothing) when a packaged app
// has no valid configuration: it says so in the page's fragment (main/contract/setup-screen.ts).
// The kiosk itself is loaded only otherwise: importing it connects to the core, which the setup
// screen must not do.
const setup = parseSetupHash(location.hash);
if (setup) createRoot(root).render(<StrictMode><SetupScreen info={setup} /></StrictMode>);
else {
  void import('./App').then(({ App }) =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
