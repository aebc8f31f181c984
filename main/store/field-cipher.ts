// Personal fields encrypted at rest (AES-256-GCM under a key from the key file, never the
// database): a copy of cabinet.sqlite shows no phone number. Stored as `enc1:<iv>.<tag>.<body>`
// (base64). A value without the prefix is plaintext an earlier version wrote: read as it is.
// Sealed with the ring's current key; opened with whichever key of the ring authenticates it, so
// rows written before a rotation stay readable until the re-encryption pass has reached them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsRepo } from './secrets-repo';

const PREFIX = 'enc1:';

export interface FieldCipher {
  seal(text: string): string;
  open(stored: string | null): string | null;
}

function openWith(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null; // not this key (GCM's tag does not authenticate)
  }
}

/** `ring()`: the keys, current first (read on every call, so a rotation takes effect at once). */
export function fieldCipher(ring: () => Buffer[]): FieldCipher {
  return {
    seal(text) {
      const [key] = ring();
      if (!key) throw new Error('no key to seal a field with');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return PREFIX + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
    },
    open(stored) {
      if (stored === null || !stored.startsWith(PREFIX)) return stored;
      const [iv, tag, body] = stored.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64'));
      if (!iv || !tag || !body) throw new Error('a sealed field is damaged');
      for (const key of ring()) {
        const text = openWith(key, iv, tag, body);
        if (text !== null) return text;
      }
      throw new Error('a sealed field opens with no key of the ring (damaged, or its key was lost)');
    },
  };
}

/** The cipher of phone numbers in `cases`, under the key file's 'phone-field' ring. */
export const phoneCipher = (secrets: SecretsRepo): FieldCipher => fieldCipher(() => secrets.ring('phone-field'));
