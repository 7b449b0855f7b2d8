// The law of each session type at booking, beyond who may be listed: a 提讯's and a plea's
// officials are the procuratorate's own staff (never a court's clerk or a police officer), a
// trial's judge and clerk the court's; a fast-track trial online needs a fast-track case, or a
// special reason stated by the organiser (audited), and never a case excluded from online trial.
import { buildCase, buildDetainee, buildRoom, buildSession, buildUser, type TestUser } from '../support/factories';
import { chinaAt, futureDays } from '../support/days';
import { ask, startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const nextDay = futureDays(3);

async function lineUp(
  holder: TestUser,
  type: string,
  officials: { user: TestUser; sessionRole: string }[],
  extra: Record<string, unknown> = {},
) {
  const custody = await buildUser(server.db, 'custody_officer');
  const caseId = (extra.caseId as string | undefined) ?? (await buildCase(server.db, holder.agencyId));
  const person = await buildDetainee(server.db, holder, caseId, custody.agencyId);
  const room = await buildRoom(server.db, custody.agencyId);
  const { caseId: _c, ...rest } = extra;
  return {
    caseId,
    type,
    title: type,
    custodyRoomId: room.id,
    personId: person.id,
    startsAt: chinaAt(nextDay(), '09:00'),
    minutes: 60,
    participants: [
      ...officials.map((o) => ({ userId: o.user.id, sessionRole: o.sessionRole })),
      { userId: custody.id, sessionRole: 'custody_officer' },
    ],
    ...rest,
  };
}
const book = async (u: TestUser, body: unknown) => server.request('POST', '/api/sessions', { token: await server.login(u.username), body });

describe('提讯', () => {
  it("is held by two of the procuratorate's own officials: a court's clerk or a police officer does not count", async () => {
    const prosecutor = await buildUser(server.db, 'prosecutor');
    const courtClerk = await buildUser(server.db, 'clerk', await buildUser(server.db, 'judge').then((j) => j.agencyId));
    const refused = await book(
      prosecutor,
      await lineUp(prosecutor, 'procuratorate_interrogation', [
        { user: prosecutor, sessionRole: 'prosecutor' },
        { user: courtClerk, sessionRole: 'clerk' },
      ]),
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'policy_unmet', data: { unmet: [{ code: 'official_of_other_agency', role: 'clerk' }] } });

    const police = await buildUser(server.db, 'investigator');
    const withPolice = await book(
      prosecutor,
      await lineUp(prosecutor, 'procuratorate_interrogation', [
        { user: prosecutor, sessionRole: 'prosecutor' },
        { user: police, sessionRole: 'investigator' },
      ]),
    );
    expect(withPolice.status).toBe(409);
    expect(withPolice.body.data.unmet.map((u: { code: string }) => u.code)).toContain('needs_two_officials');

    const otherProsecutor = await buildUser(server.db, 'prosecutor');
    const foreign = await book(
      prosecutor,
      await lineUp(prosecutor, 'procuratorate_interrogation', [
        { user: prosecutor, sessionRole: 'prosecutor' },
        { user: otherProsecutor, sessionRole: 'prosecutor' },
      ]),
    );
    expect(foreign.body.data.unmet).toEqual([{ code: 'official_of_other_agency', role: 'prosecutor' }]);

    const ownClerk = await buildUser(server.db, 'clerk', prosecutor.agencyId);
    const ok = await book(
      prosecutor,
      await lineUp(prosecutor, 'procuratorate_interrogation', [
        { user: prosecutor, sessionRole: 'prosecutor' },
        { user: ownClerk, sessionRole: 'clerk' },
        { user: police, sessionRole: 'investigator' },
      ]),
    );
    expect(ok.status).toBe(201);
  });
});

describe('the prosecutor before whom a case was sent', () => {
  it("lists the case's police sessions and reviews their recordings (audited); another procuratorate sees nothing", async () => {
    const investigator = await buildUser(server.db, 'investigator');
    const police = await buildSession(server.db, investigator);
    const prosecutor = await buildUser(server.db, 'prosecutor');
    const stranger = await buildUser(server.db, 'prosecutor');
    const inv = await server.login(investigator.username);
    expect(
      (await server.request('POST', `/api/cases/${police.caseId}/send`, { token: inv, body: { agencyId: prosecutor.agencyId } })).status,
    ).toBe(200);

    const pros = await server.login(prosecutor.username);
    const listed = await server.request('GET', `/api/cases/${police.caseId}/sessions`, { token: pros });
    expect(listed.body.data.sessions.map((s: { id: string; type: string }) => [s.id, s.type])).toEqual([[police.id, 'interrogation']]);
    const review = await server.request('GET', `/api/sessions/${police.id}/recordings`, { token: pros });
    expect(review.status).toBe(200);
    expect(review.body.data.recordings).toEqual([]);
    expect(await server.db('audit_entries').where({ action: 'recording.review', object_id: police.id }).first()).toMatchObject({
      actor_user_id: prosecutor.id,
      detail: { as: 'case_recipient' },
    });

    const other = await server.login(stranger.username);
    expect((await server.request('GET', `/api/cases/${police.caseId}/sessions`, { token: other })).status).toBe(404);
    expect((await server.request('GET', `/api/sessions/${police.id}/recordings`, { token: other })).status).toBe(404);
  });
});

describe('速裁庭审 eligibility', () => {
  async function court() {
    const judge = await buildUser(server.db, 'judge');
    const clerk = await buildUser(server.db, 'clerk', judge.agencyId);
    const prosecutor = await buildUser(server.db, 'prosecutor');
    const officials = [
      { user: judge, sessionRole: 'judge' },
      { user: clerk, sessionRole: 'clerk' },
      { user: prosecutor, sessionRole: 'prosecutor' },
    ];
    return { judge, clerk, prosecutor, officials };
  }

  it('books a fast-track case; another case only with a special reason, which is audited and in the session record', async () => {
    const c = await court();
    const fast = await buildCase(server.db, c.judge.agencyId, { fastTrack: true });
    expect((await book(c.judge, await lineUp(c.judge, 'fast_track_trial', c.officials, { caseId: fast }))).status).toBe(201);

    const ordinary = await buildCase(server.db, c.judge.agencyId);
    const refused = await book(c.judge, await lineUp(c.judge, 'fast_track_trial', c.officials, { caseId: ordinary }));
    expect(refused.status).toBe(409);
    expect(refused.body.data.unmet).toEqual([{ code: 'not_fast_track' }]);
    expect(
      (await book(c.judge, await lineUp(c.judge, 'fast_track_trial', c.officials, { caseId: ordinary, eligibilityOverride: '' }))).body
        .error,
    ).toBe('invalid_request');
    const reason = '被告人羁押于外地看守所，押解路途遥远';
    const overridden = await book(
      c.judge,
      await lineUp(c.judge, 'fast_track_trial', c.officials, { caseId: ordinary, eligibilityOverride: reason }),
    );
    expect(overridden.status).toBe(201);
    const id = overridden.body.data.session.id;
    expect(await server.db('audit_entries').where({ action: 'session.eligibility_override', object_id: id }).first()).toMatchObject({
      actor_user_id: c.judge.id,
      detail: { reason, caseId: ordinary },
    });
    expect((await server.db('session_events').where({ session_id: id, kind: 'eligibility_override' }).first()).data).toEqual({ reason });
  });

  it('never books a case excluded from online trial, whatever the reason given', async () => {
    const c = await court();
    const caseId = await buildCase(server.db, c.judge.agencyId, { fastTrack: true });
    const patch = await server.request('PATCH', `/api/cases/${caseId}`, {
      token: await server.login(c.judge.username),
      body: { onlineExclusion: 'state_secret' },
    });
    expect(patch.status).toBe(200);
    expect(patch.body.data.case.onlineExclusion).toBe('state_secret');
    const refused = await book(
      c.judge,
      await lineUp(c.judge, 'fast_track_trial', c.officials, { caseId, eligibilityOverride: '当事人同意' }),
    );
    expect(refused.body.data.unmet).toEqual([{ code: 'online_trial_excluded', role: 'state_secret' }]);
    expect(
      (
        await server.request('PATCH', `/api/cases/${caseId}`, {
          token: await server.login(c.judge.username),
          body: { onlineExclusion: 'gossip' },
        })
      ).body.error,
    ).toBe('invalid_request');
  });

  it("refuses a judge or clerk of another court as the trial's officials", async () => {
    const c = await court();
    const otherClerk = await buildUser(server.db, 'clerk');
    const caseId = await buildCase(server.db, c.judge.agencyId, { fastTrack: true });
    const refused = await book(
      c.judge,
      await lineUp(
        c.judge,
        'fast_track_trial',
        [c.officials[0], { user: otherClerk, sessionRole: 'clerk' }, c.officials[2]] as { user: TestUser; sessionRole: string }[],
        { caseId },
      ),
    );
    expect(refused.body.data.unmet).toEqual([{ code: 'official_of_other_agency', role: 'clerk' }]);
  });
});

describe('转为线下审理', () => {
  it('ends an online trial to go on in person, with its reason on record; an interrogation cannot be switched', async () => {
    const judge = await buildUser(server.db, 'judge');
    const clerk = await buildUser(server.db, 'clerk', judge.agencyId);
    const prosecutor = await buildUser(server.db, 'prosecutor');
    const caseId = await buildCase(server.db, judge.agencyId, { fastTrack: true });
    const body = await lineUp(
      judge,
      'fast_track_trial',
      [
        { user: judge, sessionRole: 'judge' },
        { user: clerk, sessionRole: 'clerk' },
        { user: prosecutor, sessionRole: 'prosecutor' },
      ],
      { caseId, startsAt: new Date().toISOString() },
    );
    const booked = await book(judge, body);
    expect(booked.status).toBe(201);
    const id = booked.body.data.session.id;
    const host = await server.socket(await server.login(judge.username));
    expect((await ask(host, 'session:join', { sessionId: id, endpoint: 'user' })).ok).toBe(true);
    expect((await ask(host, 'session:end', { inPerson: true })).error).toBe('invalid_request');
    const ended = await ask(host, 'session:end', { inPerson: true, reason: '被告人要求线下开庭' });
    expect(ended.ok).toBe(true);
    expect(ended.data.state).toBe('ended');
    const row = await server.db('sessions').where({ id }).first('end_reason');
    expect(row.end_reason).toBe('转为线下审理：被告人要求线下开庭');
    expect((await server.db('session_events').where({ session_id: id, kind: 'ended' }).first()).data).toMatchObject({
      inPerson: true,
      reason: '被告人要求线下开庭',
    });
    host.close();

    const investigator = await buildUser(server.db, 'investigator');
    const s = await buildSession(server.db, investigator);
    const inv = await server.socket(await server.login(investigator.username));
    expect((await ask(inv, 'session:join', { sessionId: s.id, endpoint: 'user' })).ok).toBe(true);
    expect((await ask(inv, 'session:end', { inPerson: true, reason: '改为现场讯问' })).error).toBe('invalid_request');
    inv.close();
  });
});
