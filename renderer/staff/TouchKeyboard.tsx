// The console's on-screen keyboard: the kiosk has no physical one. Free-text fields get
// simple-keyboard (a maintained component) with the pinyin candidates of simple-keyboard-layouts'
// Chinese layout (type "wang", pick 王); code fields (seal, card) the same keys without pinyin;
// digit fields the keypad. One keyboard at a time, docked at the bottom; 完成 closes it.
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
// The ESM build: the package's main (UMD) loses its default export in the bundle.
import { SimpleKeyboard as Keyboard } from 'simple-keyboard/build/index.modern.esm.js';
import 'simple-keyboard/build/css/index.css';
import chineseLayout from 'simple-keyboard-layouts/build/layouts/chinese';
import { Keypad } from '../components/Keypad';

export type FieldKind = 'text' | 'code' | 'digits';

interface Target {
  id: string;
  kind: FieldKind;
  label: string;
  value: string;
  maxLength: number;
  onChange(value: string): void;
}

interface KeyboardApi {
  open(target: Target): void;
  /** The field's value changed from outside the keyboard (a card reader, a reset). */
  sync(id: string, value: string): void;
  activeId: string | null;
}

/** The layout package ships the candidates beside its layout, though its type does not say so. */
const pinyinCandidates = (chineseLayout as unknown as { layoutCandidates: Record<string, string> }).layoutCandidates;

const KeyboardCtx = createContext<KeyboardApi | null>(null);

/** Letters only: the kiosk needs no tab, caps lock or ".com". The pinyin candidates come from the layout package. */
const layout = {
  default: ['1 2 3 4 5 6 7 8 9 0 {bksp}', 'q w e r t y u i o p', 'a s d f g h j k l -', '{shift} z x c v b n m _ {shift}', '{lang} {space} {done}'],
  shift: ['1 2 3 4 5 6 7 8 9 0 {bksp}', 'Q W E R T Y U I O P', 'A S D F G H J K L -', '{shift} Z X C V B N M _ {shift}', '{lang} {space} {done}'],
};

export function KeyboardHost({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<Target | null>(null);
  const open = useCallback((t: Target) => setTarget(t), []);
  const sync = useCallback((id: string, value: string) => setTarget((t) => (t && t.id === id && t.value !== value ? { ...t, value } : t)), []);
  const change = (value: string) => {
    if (!target) return;
    const v = value.slice(0, target.maxLength);
    target.onChange(v);
    setTarget({ ...target, value: v });
  };
  return (
    <KeyboardCtx.Provider value={{ open, sync, activeId: target?.id ?? null }}>
      <div className={target ? 'keyboard-room' : undefined}>{children}</div>
      {target && <KeyboardPanel target={target} onChange={change} onDone={() => setTarget(null)} />}
    </KeyboardCtx.Provider>
  );
}

function KeyboardPanel({ target, onChange, onDone }: { target: Target; onChange(value: string): void; onDone(): void }) {
  const { t } = useTranslation();
  return (
    <section className="touch-keyboard" aria-label={t('staff.keyboard.label', { field: target.label })} data-testid="touch-keyboard">
      <p className="touch-keyboard-field">
        {target.label}: <strong>{target.kind === 'digits' ? target.value.replace(/./g, '•') || '—' : target.value || '—'}</strong>
      </p>
      {target.kind === 'digits' ? (
        <Keypad value={target.value} maxLength={target.maxLength} onChange={onChange} onConfirm={onDone} confirmLabel={t('staff.keyboard.done')} />
      ) : (
        <TextKeys key={target.id} target={target} onChange={onChange} onDone={onDone} />
      )}
    </section>
  );
}

function TextKeys({ target, onChange, onDone }: { target: Target; onChange(value: string): void; onDone(): void }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const keyboard = useRef<Keyboard | null>(null);
  const [pinyin, setPinyin] = useState(target.kind === 'text');
  const latest = useRef({ onChange, onDone });
  latest.current = { onChange, onDone };

  useEffect(() => {
    if (!host.current) return;
    const kb = new Keyboard(host.current, {
      layout,
      layoutName: 'default',
      theme: 'hg-theme-default civic-keys',
      display: { '{bksp}': t('staff.keyboard.delete'), '{shift}': '⇧', '{space}': t('staff.keyboard.space'), '{done}': t('staff.keyboard.done'), '{lang}': pinyin ? '中 → EN' : 'EN → 中' },
      buttonTheme: [{ class: 'key-done', buttons: '{done}' }, ...(target.kind === 'text' ? [] : [{ class: 'key-hidden', buttons: '{lang} {space}' }])],
      enableLayoutCandidates: pinyin,
      layoutCandidates: pinyinCandidates,
      layoutCandidatesPageSize: 6,
      preventMouseDownDefault: true,
      disableButtonHold: true,
      onChange: (input) => latest.current.onChange(input),
      onKeyPress: (button) => {
        if (button === '{done}') latest.current.onDone();
        if (button === '{lang}') setPinyin((p) => !p);
        if (button === '{shift}') kb.setOptions({ layoutName: kb.options.layoutName === 'shift' ? 'default' : 'shift' });
      },
    });
    kb.setInput(target.value);
    keyboard.current = kb;
    return () => {
      kb.destroy();
      keyboard.current = null;
    };
    // Built once per field and per pinyin choice; the value follows below.
  }, [pinyin, target.kind, t]);

  useEffect(() => {
    if (keyboard.current && keyboard.current.getInput() !== target.value) keyboard.current.setInput(target.value);
  }, [target.value]);

  return <div ref={host} className="simple-keyboard" aria-hidden="false" />;
}

interface TouchFieldProps {
  label: string;
  kind: FieldKind;
  value: string;
  onChange(value: string): void;
  maxLength: number;
  /** A PIN: shown as dots. */
  secret?: boolean;
  /** The label is read out but not shown (a field inside a table row). */
  hideLabel?: boolean;
}

/** A field that opens the on-screen keyboard when touched (inputMode none: no system keyboard pops up). */
export function TouchField({ label, kind, value, onChange, maxLength, secret = false, hideLabel = false }: TouchFieldProps) {
  const ctx = useContext(KeyboardCtx);
  const id = useId();
  const open = () => ctx?.open({ id, kind, label, value, maxLength, onChange });
  const input = (
    <input
      id={id}
      aria-label={hideLabel ? label : undefined}
      value={value}
      type={secret ? 'password' : 'text'}
      inputMode="none"
      autoComplete="off"
      maxLength={maxLength}
      data-keyboard-open={ctx?.activeId === id ? "true" : undefined}
      onFocus={open}
      onClick={open}
      onChange={(e) => {
        onChange(e.target.value);
        ctx?.sync(id, e.target.value);
      }}
    />
  );
  if (hideLabel) return input;
  return (
    <label className="field" htmlFor={id}>
      {label}
      {input}
    </label>
  );
}
