// The audit chain: the application's role cannot change it, and a superuser who does (update,
// delete, swap) is named by `verifyChain` and by `hearing verify audit`.
import { randomUUID } from 'node:crypto';
import { record, verifyChain } from '../../server/audit';
import { runVerifyAudit } from '../../server/cli/audit';
import { connectDb, migrateWithOwner, type Db } from '../../server/db/db';
import { buildUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

it('runs the application as a role that cannot update or delete audit entries', async () => {
  const u = await buildUser(server.db, 'clerk');
  await server.login(u.username);
  const last = await server.db('audit_entries').where({ object_id: u.id }).first();
  expect((await server.db.raw('SELECT current_user AS u')).rows[0].u).toBe('hearing_app');
  await expect(server.db('audit_entries').where({ id: last.id }).update({ outcome: 'failure' })).rejects.toThrow(/permission denied/);
  await expect(server.db('audit_entries').where({ id: last.id }).del()).rejects.toThrow(/permission denied/);
  await expect(server.db.raw('TRUNCATE audit_entries')).rejects.toThrow(/permission denied/);
});

it('keeps the append-only trigger as a second line even for the table owner', async () => {
  const owner = connectDb(process.env.TEST_DATABASE_URL as string, { max: 1 });
  try {
    const last = await owner('audit_entries').orderBy('id', 'desc').first();
    await expect(owner('audit_entries').where({ id: last.id }).update({ outcome: 'failure' })).rejects.toThrow(/append-only/);
    await expect(owner('audit_entries').where({ id: last.id }).del()).rejects.toThrow(/append-only/);
  } finally {
    await owner.destroy();
  }
});

describe('tampering by a superuser, in a database of its own', () => {
  let url: string;
  let owner: Db;
  let app: Db;
  const ids: string[] = [];
  beforeAll(async () => {
    const name = `audit_tamper_${randomUUID().slice(0, 8)}`;
    const admin = connectDb(process.env.TEST_DATABASE_URL as string, { max: 1 });
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.destroy();
    url = (process.env.TEST_DATABASE_URL as string).replace(/\/[^/]+$/, `/${name}`);
    await migrateWithOwner(url);
    owner = connectDb(url, { max: 1 });
    app = connectDb(url, { max: 2, asAppRole: true });
    for (let i = 0; i < 6; i += 1) {
      const e = await app.transaction((trx) =>
        record(trx, {
          actorUserId: null,
          agencyId: null,
          action: 'test.event',
          objectType: 'test',
          objectId: null,
          outcome: 'success',
          detail: { i },
        }),
      );
      ids.push(e.id);
    }
  });
  afterAll(async () => {
    await app.destroy();
    await owner.destroy();
  });

  // NOTE: a superuser can switch triggers off for its session, as an attacker with full rights would.
  const asSuperuser = async (fn: (trx: Db) => Promise<void>) =>
    owner.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await fn(trx as unknown as Db);
    });
  const row = async (id: string) => owner('audit_entries').where({ id }).first();

  it('verifies the untouched chain', async () => {
    expect(await verifyChain(app)).toEqual({ checked: 6, firstBreak: null });
    expect(await runVerifyAudit(url)).toBe(0);
  });

  const content = (r: Record<string, unknown>) => {
    const { id: _id, ...rest } = r;
    return { ...rest, detail: JSON.stringify(rest.detail) };
  };

  it('names an updated entry', async () => {
    const original = await row(ids[1] as string);
    await asSuperuser(async (t) => {
      await t('audit_entries').where({ id: ids[1] }).update({ outcome: 'failure' });
    });
    expect((await verifyChain(app)).firstBreak).toEqual({ id: ids[1], reason: 'hash_mismatch' });
    expect(await runVerifyAudit(url)).toBe(1);
    await asSuperuser(async (t) => {
      await t('audit_entries').where({ id: ids[1] }).update({ outcome: original.outcome });
    });
    expect((await verifyChain(app)).firstBreak).toBeNull();
  });

  it('names the entry after a deleted one', async () => {
    const original = await row(ids[2] as string);
    await asSuperuser(async (t) => {
      await t('audit_entries').where({ id: ids[2] }).del();
    });
    expect((await verifyChain(app)).firstBreak).toEqual({ id: ids[3], reason: 'prev_hash_mismatch' });
    expect(await runVerifyAudit(url)).toBe(1);
    await asSuperuser(async (t) => {
      await t('audit_entries').insert({ ...content(original), id: original.id });
    });
    expect((await verifyChain(app)).firstBreak).toBeNull();
  });

  it('names the first of two swapped entries', async () => {
    const a = await row(ids[4] as string);
    const b = await row(ids[5] as string);
    await asSuperuser(async (t) => {
      await t('audit_entries')
        .where({ id: ids[4] })
        .update({ ...content(b), hash: 'swap-in-progress' });
      await t('audit_entries').where({ id: ids[5] }).update(content(a));
      await t('audit_entries').where({ id: ids[4] }).update({ hash: b.hash });
    });
    expect((await verifyChain(app)).firstBreak).toEqual({ id: ids[4], reason: 'prev_hash_mismatch' });
    expect(await runVerifyAudit(url)).toBe(1);
  });
});
