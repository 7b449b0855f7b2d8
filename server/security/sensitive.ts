// Sensitive personal data (ID numbers) is stored as AES-256-GCM ciphertext and shown masked.
// The key comes from config (SENSITIVE_DATA_KEY) or, outside production, a key file kept in var/.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

let key: Buffer | undefined;

/** Sets the process-wide data key (32 bytes). Called once by startPlatform. */
export function useSensitiveKey(k: Buffer): void {
  if (k.length !== 32) throw new Error('the sensitive data key must be 32 bytes');
  key = k;
}

/** Reads the key file, creating it (mode 600) on first use. */
export function loadOrCreateKeyFile(file: string): Buffer {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

const currentKey = (): Buffer => {
  if (!key) throw new Error('sensitive data key not configured');
  return key;
};

/** Encrypts to "v1.<iv>.<tag>.<ciphertext>" (base64 parts). */
export function seal(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', currentKey(), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function unseal(sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown sealed format');
  const d = createDecipheriv('aes-256-gcm', currentKey(), Buffer.from(iv, 'base64'));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
}

/** "1501**********1234": never more than the first four and last four characters. */
export const maskIdNumber = (last4: string): string => `**************${last4}`;
