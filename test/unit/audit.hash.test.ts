import { canonicalJson, GENESIS_HASH, hashAuditEntry } from '../../server/audit/audit.hash';

const entry = {
  at: new Date('2024-05-01T14:00:00.123Z'),
  actorUserId: 'u1',
  agencyId: 'a1',
  action: 'session.join',
  objectType: 'session',
  objectId: 's1',
  outcome: 'success',
  detail: { b: 2, a: { d: 4, c: 3 } },
  prevHash: GENESIS_HASH,
};

describe('audit entry hashing', () => {
  it('encodes objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { z: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"z":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('gives the same hash whatever the key order of the detail', () => {
    expect(hashAuditEntry(entry)).toBe(hashAuditEntry({ ...entry, detail: { a: { c: 3, d: 4 }, b: 2 } }));
    expect(hashAuditEntry(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any field or the previous hash changes', () => {
    const base = hashAuditEntry(entry);
    expect(hashAuditEntry({ ...entry, outcome: 'denied' })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, at: new Date('2024-05-01T14:00:00.124Z') })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(hashAuditEntry({ ...entry, detail: { ...entry.detail, b: 3 } })).not.toBe(base);
  });
});
