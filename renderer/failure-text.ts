// What a screen says when a call fails. 'unavailable' is the cabinet that cannot record anything
// right now (a full or failing disk) or cannot be reached: nothing was opened, so say so plainly.
import type { TFunction } from 'i18next';
import { CallError } from '../main/contract/errors';

export function failureText(t: TFunction, error: unknown): string {
  return error instanceof CallError && error.code === 'unavailable' ? t('errors.cannotRecord') : t('errors.generic');
}
