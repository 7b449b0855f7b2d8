import { createHash, randomBytes } from 'node:crypto';

export const AUTH_COOKIE = 'hs_sid';

/** A new opaque bearer token (256 bits) and the hash we store. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
