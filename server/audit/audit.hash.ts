// Canonical encoding and hash of one audit entry. Pure: used by record() and by verification.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

type Hashable = {
  at: Date;
  actorUserId: string | null;
  agencyId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  outcome: string;
  detail: Record<string, unknown>;
  prevHash: string;
};

/** JSON with object keys sorted at every depth, so the same entry always encodes the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** SHA-256 (hex) over the canonical encoding of the entry, including the previous entry's hash. */
export function hashAuditEntry(e: Hashable): string {
  const body = canonicalJson({ ...e, at: e.at.toISOString() });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
