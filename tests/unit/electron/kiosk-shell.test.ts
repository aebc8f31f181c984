// Shortcuts, zoom, cursor, menu, display sleep and the single instance, through stand-ins.
import { describe, expect, it } from 'vitest';
import { applyKioskShell, claimSingleInstance, hardenContents, HIDE_CURSOR_CSS } from '../../../main/electron/kiosk-shell';
import { isBlockedShortcut, type KeyInput } from '../../../main/electron/shortcuts';
import { StandInEmitter } from './stand-in';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, code: '', control: false, meta: false, alt: false, shift: false, ...mods });
const ctrl = (k: string, more: Partial<KeyInput> = {}) => key(k, { control: true, ...more });

describe('shortcut blocking', () => {
  it.each([
    ['Ctrl+R', ctrl('r')],
    ['Cmd+R', key('r', { meta: true })],
    ['Ctrl+Shift+R', ctrl('R', { shift: true })],
    ['F5', key('F5')],
    ['Ctrl+F5', ctrl('F5')],
    ['Ctrl+Shift+I', ctrl('I', { shift: true })],
    ['Ctrl+Shift+J', ctrl('J', { shift: true })],
    ['Ctrl+Shift+C', ctrl('C', { shift: true })],
    ['Cmd+Alt+I', key('i', { meta: true, alt: true })],
    ['F12', key('F12')],
    ['Ctrl+W', ctrl('w')],
    ['Ctrl+Q', ctrl('q')],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+F4', ctrl('F4')],
    ['Ctrl+=', ctrl('=', { code: 'Equal' })],
    ['Ctrl+Shift+= (+)', ctrl('+', { code: 'Equal', shift: true })],
    ['Ctrl+-', ctrl('-', { code: 'Minus' })],
    ['Ctrl+0', ctrl('0', { code: 'Digit0' })],
    ['Ctrl+keypad +', ctrl('+', { code: 'NumpadAdd' })],
    ['F11 (fullscreen exit)', key('F11')],
    ['Ctrl+P', ctrl('p')],
    ['Ctrl+N', ctrl('n')],
    ['Alt+Left (back)', key('ArrowLeft', { alt: true })],
    ['BrowserRefresh key', key('BrowserRefresh')],
    ['a key-up of Ctrl+R too', { ...ctrl('r'), type: 'keyUp' }],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each([
    ['a digit', key('5', { code: 'Digit5' })],
    ['a letter', key('a')],
    ['Backspace', key('Backspace')],
    ['Enter', key('Enter')],
    ['Ctrl+C (staff copy)', ctrl('c')],
    ['Ctrl+V (staff paste)', ctrl('v')],
    ['Ctrl+A', ctrl('a')],
    ['Shift+letter', key('A', { shift: true })],
    ['Escape', key('Escape')],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });

  it('lets devtools keys through only when devtools are allowed (unpackaged, windowed), never reload', () => {
    expect(isBlockedShortcut(key('F12'), { devTools: true })).toBe(false);
    expect(isBlockedShortcut(ctrl('I', { shift: true }), { devTools: true })).toBe(false);
    expect(isBlockedShortcut(ctrl('r'), { devTools: true })).toBe(true);
  });
});

class StandInContents extends StandInEmitter {
  zoomLimits: [number, number] | undefined;
  css: string[] = [];
  zoomFactors: number[] = [];
  setZoomFactor(factor: number) {
    this.zoomFactors.push(factor);
  }
  async setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max];
  }
  async insertCSS(css: string) {
    this.css.push(css);
    return 'key';
  }
}

describe('hardening a web contents', () => {
  it('prevents blocked keys before the page sees them, fixes zoom at 1 after each load, and undoes Ctrl+wheel zoom', () => {
    const contents = new StandInContents();
    hardenContents(contents, { devTools: false, hideCursor: false });
    expect(contents.emitPreventable('before-input-event', ctrl('r'))).toBe(true);
    expect(contents.emitPreventable('before-input-event', key('7', { code: 'Digit7' }))).toBe(false);
    expect(contents.zoomLimits).toBeUndefined();
    contents.emit('did-finish-load');
    expect(contents.zoomLimits).toEqual([1, 1]);
    expect(contents.css).toEqual([]);
    contents.emit('zoom-changed', {}, 'in');
    expect(contents.zoomFactors).toEqual([1]);
  });

  it('hides the cursor on touch units (config kiosk.hideCursor), after every load', () => {
    const contents = new StandInContents();
    hardenContents(contents, { devTools: false, hideCursor: true });
    contents.emit('did-finish-load');
    contents.emit('did-finish-load');
    expect(contents.css).toEqual([HIDE_CURSOR_CSS, HIDE_CURSOR_CSS]);
  });
});

describe('the app around the window', () => {
  it('removes the menu and keeps the display awake', () => {
    const calls: unknown[] = [];
    const id = applyKioskShell({ Menu: { setApplicationMenu: (m) => calls.push(['menu', m]) }, powerSaveBlocker: { start: (t) => (calls.push(['blocker', t]), 7) } });
    expect(calls).toEqual([['menu', null], ['blocker', 'prevent-display-sleep']]);
    expect(id).toBe(7);
  });

  it('quits a second instance, and brings the first forward when one is launched', () => {
    const second = Object.assign(new StandInEmitter(), { requestSingleInstanceLock: () => false, quitted: false, quit() { this.quitted = true; } });
    expect(claimSingleInstance(second, () => undefined)).toBe(false);
    expect(second.quitted).toBe(true);

    const first = Object.assign(new StandInEmitter(), { requestSingleInstanceLock: () => true, quit() { throw new Error('must not quit'); } });
    const actions: string[] = [];
    const w = { isDestroyed: () => false, isMinimized: () => true, restore: () => actions.push('restore'), show: () => actions.push('show'), focus: () => actions.push('focus') };
    expect(claimSingleInstance(first, () => w)).toBe(true);
    first.emit('second-instance');
    expect(actions).toEqual(['restore', 'show', 'focus']);
  });
});
