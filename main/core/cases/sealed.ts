// A pickup code must reach the resident's SMS, yet never be stored in plain text: the outbox
// keeps it sealed (AES-256-GCM under a per-cabinet key kept in the database's secrets table);
// the delivery worker opens it to send and then drops it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsRepo } from '../../store/secrets-repo';

export function sealKey(secrets: SecretsRepo): Buffer {
  return secrets.getOrCreate('outbox-seal');
}

export function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
  if (!iv || !tag || !body) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
