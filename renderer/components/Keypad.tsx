// The on-screen number keypad: residents never type free text. Big keys, each with a name a
// screen reader and a test can find.
import { Check, Delete, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';

interface KeypadProps {
  value: string;
  maxLength: number;
  onChange(value: string): void;
  onConfirm(): void;
  confirmDisabled?: boolean;
  /** Every key off (e.g. during a lockout). */
  disabled?: boolean;
  /** The confirm key's words when they say more than 确认 (e.g. 发送验证码). */
  confirmLabel?: string;
}

export function Keypad({ value, maxLength, onChange, onConfirm, confirmDisabled, disabled = false, confirmLabel }: KeypadProps) {
  const { t } = useTranslation();
  const press = (digit: string) => value.length < maxLength && onChange(value + digit);
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button key={d} type="button" className="key" aria-label={t('keypad.digit', { digit: d })} onClick={() => press(d)} disabled={disabled}>
          {d}
        </button>
      ))}
      <button type="button" className="key key-secondary" onClick={() => onChange(value.slice(0, -1))} disabled={disabled || !value}>
        <Delete className="icon" aria-hidden="true" />
        {t('keypad.delete')}
      </button>
      <button type="button" className="key" aria-label={t('keypad.digit', { digit: '0' })} onClick={() => press('0')} disabled={disabled}>
        0
      </button>
      <button type="button" className="key key-secondary" onClick={() => onChange('')} disabled={disabled || !value}>
        <X className="icon" aria-hidden="true" />
        {t('keypad.clear')}
      </button>
      <button type="button" className="key key-confirm" onClick={onConfirm} disabled={disabled || confirmDisabled}>
        <Check className="icon" aria-hidden="true" />
        {confirmLabel ?? t('keypad.confirm')}
      </button>
    </div>
  );
}

/** Digits grouped as a resident reads a mobile number: 138 1234 5678. */
export function groupDigits(digits: string): string {
  return [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].filter(Boolean).join(' ');
}
