import { verifyChain } from '../../server/audit';
import { buildUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

it('refuses UPDATE and DELETE on audit entries', async () => {
  const u = await buildUser(server.db, 'clerk');
  await server.login(u.username);
  const last = await server.db('audit_entries').where({ object_id: u.id }).first();
  await expect(server.db('audit_entries').where({ id: last.id }).update({ outcome: 'failure' })).rejects.toThrow(/append-only/);
  await expect(server.db('audit_entries').where({ id: last.id }).del()).rejects.toThrow(/append-only/);
});

it('verifies the chain and names the first entry a superuser tampered with', async () => {
  const u = await buildUser(server.db, 'judge');
  await server.login(u.username);
  expect((await verifyChain(server.db)).firstBreak).toBeNull();
  const row = await server.db('audit_entries').where({ object_id: u.id, action: 'auth.login' }).first();
  // NOTE: the test database role owns the table, so it can switch the trigger off as an attacker with superuser rights would.
  await server.db.raw('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change');
  try {
    await server.db('audit_entries').where({ id: row.id }).update({ outcome: 'failure' });
    expect((await verifyChain(server.db)).firstBreak).toEqual({ id: String(row.id), reason: 'hash_mismatch' });
  } finally {
    await server.db('audit_entries').where({ id: row.id }).update({ outcome: row.outcome });
    await server.db.raw('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change');
  }
  expect((await verifyChain(server.db)).firstBreak).toBeNull();
});
