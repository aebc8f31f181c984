// Personal fields encrypted at rest (AES-256-GCM under a key from the key file, never the
// database): a copy of cabinet.sqlite shows no phone number. Stored as `enc1:<iv>.<tag>.<body>`
// (base64). A value without the prefix is plaintext an earlier version wrote: read as it is.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsRepo } from './secrets-repo';

const PREFIX = 'enc1:';

export interface FieldCipher {
  seal(text: string): string;
  open(stored: string | null): string | null;
}

export function fieldCipher(key: Buffer): FieldCipher {
  return {
    seal(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
    },
    open(stored) {
      if (stored === null || !stored.startsWith(PREFIX)) return stored;
      const [iv, tag, body] = stored.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64'));
      if (!iv || !tag || !body) throw new Error('a sealed field is damaged');
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}

/** The cipher of phone numbers in `cases`, under the key file's 'phone-field' key. */
export const phoneCipher = (secrets: SecretsRepo): FieldCipher => fieldCipher(secrets.getOrCreate('phone-field'));
