// The custody center's console: the roster (待收押 and 在押, with each person's deadlines and
// lawyers' papers) and the movements 收押, 转押 and 出所, each audited, refused with a typed error
// when out of place, and visible only to the center concerned.
import { buildAgency, buildCase, buildDetainee, buildUser, type TestUser } from '../support/factories';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let investigator: TestUser;
let officerA: TestUser;
let officerB: TestUser;
let tokens: { inv: string; a: string; b: string };
beforeAll(async () => {
  server = await startTestServer();
  investigator = await buildUser(server.db, 'investigator');
  officerA = await buildUser(server.db, 'custody_officer');
  officerB = await buildUser(server.db, 'custody_officer');
  tokens = {
    inv: await server.login(investigator.username),
    a: await server.login(officerA.username),
    b: await server.login(officerB.username),
  };
});
afterAll(async () => {
  await server.close();
});

const roster = async (token: string) => (await server.request('GET', '/api/custody/roster', { token })).body.data.roster as any[];
const move = (token: string, personId: string, kind: 'admit' | 'transfer' | 'release', body: Record<string, unknown>) =>
  server.request('POST', `/api/custody/persons/${personId}/${kind}`, {
    token,
    body: { documentRef: '呼公（刑）拘字〔2026〕1号', ...body },
  });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function detainee() {
  const caseId = await buildCase(server.db, investigator.agencyId);
  return buildDetainee(server.db, investigator, caseId, officerA.agencyId);
}

describe('收押', () => {
  it('lists a person sent to the center as awaiting admission with D1 open, and after admission as held with D1 met', async () => {
    const p = await detainee();
    const before = (await roster(tokens.a)).find((r) => r.personId === p.id);
    expect(before).toMatchObject({
      rosterState: 'awaiting_admission',
      admittedAt: null,
      idNumberMasked: expect.stringMatching(/\*+.{4}$/),
    });
    expect(before.deadlines.map((d: { rule: string }) => d.rule)).toEqual(expect.arrayContaining(['D1', 'D2']));

    const at = minutesAgo(20);
    const res = await move(tokens.a, p.id, 'admit', { at });
    expect(res.status).toBe(201);
    const after = (await roster(tokens.a)).find((r) => r.personId === p.id);
    expect(after).toMatchObject({ rosterState: 'held', admittedAt: at });
    expect(after.deadlines.map((d: { rule: string }) => d.rule)).not.toContain('D1');

    const audit = await server.db('audit_entries').where({ action: 'custody.admission', object_id: p.caseId }).first();
    expect(audit).toMatchObject({ actor_user_id: officerA.id, outcome: 'success' });
    expect(audit.detail).toMatchObject({ personId: p.id, at, movementId: res.body.data.movementId });
  });

  it('refuses a second admission, a time ahead of the clock, another center and a non-officer, each with its own code', async () => {
    const p = await detainee();
    expect((await move(tokens.a, p.id, 'admit', { at: new Date(Date.now() + 3_600_000).toISOString() })).body.error).toBe(
      'invalid_request',
    );
    expect((await move(tokens.a, p.id, 'admit', { at: minutesAgo(5) })).status).toBe(201);
    const again = await move(tokens.a, p.id, 'admit', { at: minutesAgo(1) });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('invalid_state');
    expect((await move(tokens.b, p.id, 'admit', { at: minutesAgo(1) })).status).toBe(404);
    expect((await move(tokens.inv, p.id, 'admit', { at: minutesAgo(1) })).status).toBe(403);
    expect((await move(tokens.a, p.id, 'admit', { at: 'yesterday' })).body.error).toBe('invalid_request');
    expect((await move(tokens.a, p.id, 'admit', { at: minutesAgo(1), documentRef: '' })).body.error).toBe('invalid_request');
    expect((await server.request('GET', '/api/custody/roster', { token: tokens.inv })).status).toBe(403);
  });
});

describe('转押 and 出所', () => {
  it('moves a held person to another center, which sees them awaiting admission, and both centers read the movements', async () => {
    const p = await detainee();
    await move(tokens.a, p.id, 'admit', { at: minutesAgo(30) });
    const notHeld = await detainee();
    expect((await move(tokens.a, notHeld.id, 'transfer', { toCenterId: officerB.agencyId, at: minutesAgo(1) })).status).toBe(409);
    const police = await buildAgency(server.db, 'police');
    expect((await move(tokens.a, p.id, 'transfer', { toCenterId: police, at: minutesAgo(1) })).body.error).toBe('invalid_request');
    expect((await move(tokens.a, p.id, 'transfer', { toCenterId: officerA.agencyId, at: minutesAgo(1) })).body.error).toBe(
      'invalid_request',
    );
    expect((await move(tokens.a, p.id, 'transfer', { toCenterId: officerB.agencyId, at: minutesAgo(40) })).body.error).toBe(
      'invalid_request',
    );

    expect((await move(tokens.a, p.id, 'transfer', { toCenterId: officerB.agencyId, at: minutesAgo(2), note: '异地羁押' })).status).toBe(
      201,
    );
    expect((await roster(tokens.a)).some((r) => r.personId === p.id)).toBe(false);
    expect((await roster(tokens.b)).find((r) => r.personId === p.id)).toMatchObject({ rosterState: 'awaiting_admission' });
    expect((await move(tokens.b, p.id, 'admit', { at: minutesAgo(1) })).status).toBe(201);

    for (const token of [tokens.a, tokens.b]) {
      const res = await server.request('GET', `/api/custody/persons/${p.id}/movements`, { token });
      expect(res.body.data.movements.map((m: { kind: string }) => m.kind)).toEqual(['admission', 'transfer', 'admission']);
      expect(res.body.data.movements[1]).toMatchObject({
        fromCenterId: officerA.agencyId,
        toCenterId: officerB.agencyId,
        note: '异地羁押',
      });
    }
    const stranger = await buildUser(server.db, 'custody_officer');
    expect(
      (await server.request('GET', `/api/custody/persons/${p.id}/movements`, { token: await server.login(stranger.username) })).status,
    ).toBe(404);
  });

  it('releases on bail: the person leaves the roster, their status changes on the case, and custody deadlines no longer hold', async () => {
    const p = await detainee();
    await move(tokens.a, p.id, 'admit', { at: minutesAgo(30) });
    expect((await move(tokens.a, p.id, 'release', { newStatus: 'at_large', at: minutesAgo(1) })).body.error).toBe('invalid_request');
    expect(
      (await move(tokens.a, p.id, 'release', { newStatus: 'bail', at: minutesAgo(1), documentRef: '取保候审决定书〔2026〕7号' })).status,
    ).toBe(201);
    expect((await roster(tokens.a)).some((r) => r.personId === p.id)).toBe(false);
    const view = await server.request('GET', `/api/cases/${p.caseId}`, { token: tokens.inv });
    const person = view.body.data.case.persons.find((x: { id: string }) => x.id === p.id);
    expect(person).toMatchObject({ custodyStatus: 'bail', admittedAt: null });
    expect(
      view.body.data.case.deadlines
        .filter((d: { personId: string }) => d.personId === p.id)
        .every((d: { inCustody: boolean }) => !d.inCustody),
    ).toBe(true);
    expect((await move(tokens.a, p.id, 'release', { newStatus: 'released', at: minutesAgo(0) })).status).toBe(404);
  });
});

describe('lawyers on the roster', () => {
  it("shows each lawyer's papers with the 48-hour meeting deadline (D11)", async () => {
    const p = await detainee();
    const lawyer = await buildUser(server.db, 'lawyer');
    const presented = minutesAgo(60);
    const res = await server.request('POST', '/api/representations', {
      token: tokens.a,
      body: { personId: p.id, lawyerUserId: lawyer.id, lawyerKind: 'defence_lawyer', papersPresentedAt: presented },
    });
    expect(res.status).toBe(201);
    const entry = (await roster(tokens.a)).find((r) => r.personId === p.id);
    expect(entry.lawyers).toEqual([
      expect.objectContaining({
        lawyerKind: 'defence_lawyer',
        papersPresentedAt: presented,
        d11: expect.objectContaining({
          rule: 'D11',
          status: 'open',
          dueAt: new Date(Date.parse(presented) + 48 * 3_600_000).toISOString(),
        }),
      }),
    ]);
  });
});
