// Keys a USB keyboard plugged into the kiosk could use to leave, reload, zoom or inspect it:
// swallowed in 'before-input-event' before the page or Chromium sees them. Pure: an Electron Input
// in, a verdict out. Residents never type free text; staff fields still get letters, digits,
// copy and paste.

export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

// With Ctrl (or Cmd): reload, close, quit, print, new window/tab, open, save, view source, find-in-page is harmless.
const COMMAND_LETTERS = new Set(['r', 'w', 'q', 'p', 'n', 't', 'o', 's', 'u', 'h', 'm']);
// With Ctrl+Shift: devtools (I, J, C) and the hard reload / close-all variants.
const DEVTOOLS_LETTERS = new Set(['i', 'j', 'c']);
// Zoom with Ctrl: = + - _ 0 on the main row and the keypad.
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);
const ZOOM_KEYS = new Set(['=', '+', '-', '_', '0']);
// Alone: reload, devtools, fullscreen toggle, the browser keys of multimedia keyboards.
const BARE_KEYS = new Set(['F5', 'F11', 'F12', 'BrowserRefresh', 'BrowserBack', 'BrowserForward', 'BrowserHome', 'BrowserSearch', 'ZoomIn', 'ZoomOut', 'ZoomToggle', 'Close']);

export interface ShortcutPolicy {
  /** Devtools keys pass (F12, Ctrl+Shift+I/J/C): only an unpackaged, windowed development run. */
  devTools: boolean;
}

/** True when the key must not reach the page or Chromium. */
export function isBlockedShortcut(input: KeyInput, policy: ShortcutPolicy = { devTools: false }): boolean {
  const command = input.control || input.meta;
  const letter = input.key.length === 1 ? input.key.toLowerCase() : '';
  const devtoolsKey = input.key === 'F12' || (command && input.shift && DEVTOOLS_LETTERS.has(letter)) || (input.meta && input.alt && letter === 'i');
  if (devtoolsKey) return !policy.devTools;
  if (BARE_KEYS.has(input.key)) return true;
  if (input.alt && (input.key === 'F4' || input.key === 'ArrowLeft' || input.key === 'ArrowRight' || input.key === 'Home')) return true;
  if (!command) return false;
  if (COMMAND_LETTERS.has(letter)) return true;
  if (ZOOM_CODES.has(input.code) || ZOOM_KEYS.has(input.key)) return true;
  return input.key === 'F4' || input.key === 'Tab' || input.key === 'PageUp' || input.key === 'PageDown';
}
