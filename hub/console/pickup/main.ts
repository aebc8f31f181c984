// The resident's pickup QR page (/pickup#CCP-<code>-<last4>), linked from the ready-for-pickup SMS.
// Public and silent: no login, no API call, nothing sent anywhere. The code lives in the URL
// fragment, which the browser never sends to the hub, and the page only reads it from location.hash.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './pickup.css';
import { parsePickupQr, pickupQrText } from '../../../main/contract/pickup-qr';
import { qrSvg } from './qr-svg';
import { PICKUP_STRINGS, type PickupLanguage } from './strings';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The link's fragment, decoded; a malformed escape is an incomplete link like any other. */
function fragment(): string {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
}

function render(root: HTMLElement, language: PickupLanguage): void {
  const s = PICKUP_STRINGS[language];
  document.documentElement.lang = language;
  document.title = s.title;
  const parsed = parsePickupQr(fragment());
  const switcher = el('button', 'switch', s.switchTo);
  switcher.type = 'button';
  switcher.lang = s.switchLang;
  switcher.addEventListener('click', () => render(root, s.switchLang as PickupLanguage));
  const heading = el('h1', 'title', s.title);
  const body: HTMLElement[] = [];
  if (parsed) {
    const text = pickupQrText(parsed.code, parsed.phoneLast4) ?? '';
    const figure = el('figure', 'qr');
    figure.appendChild(qrSvg(text, `${s.qrLabel} ${parsed.code}`));
    const caption = el('figcaption', 'code');
    caption.append(el('span', 'code-label', s.code), el('span', 'code-digits', parsed.code));
    figure.appendChild(caption);
    body.push(figure, el('p', 'hint', s.hint));
  } else {
    const box = el('div', 'incomplete');
    box.setAttribute('role', 'alert');
    box.append(el('p', 'incomplete-title', s.incomplete), el('p', 'hint', s.incompleteHint));
    body.push(box);
  }
  root.replaceChildren(switcher, heading, ...body);
}

const root = document.getElementById('pickup');
if (root) {
  render(root, 'zh-CN');
  // A resident who opens a second link in the same tab sees that link's QR.
  window.addEventListener('hashchange', () => render(root, document.documentElement.lang === 'en' ? 'en' : 'zh-CN'));
}
