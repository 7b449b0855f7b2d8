// The whole procedure through the real UI in Debian Chromium: an investigator books a custody
// room for a case, the custody officer attests the detainee's identity on the kiosk, the
// investigator admits the prosecutor from the lobby, everyone confirms identity, the session
// goes live, phases are marked, evidence is shown on the kiosk, and the session ends.
import path from 'node:path';
import { enterSession, loginParticipant, waitForState, type Participant } from '../../server/cli/browser';
import {
  admitFromLobby,
  attestOnKiosk,
  bookThroughUi,
  confirmIdentity,
  endSession,
  evidenceVisible,
  goLive,
  markPhase,
  sessionStateIs,
  showEvidence,
} from '../../server/cli/walkthrough';
import { buildCase, buildDetainee, buildRoom, buildUser } from '../support/factories';
import { ARTIFACTS, useBrowserServer } from '../support/browserServer';
import { TEST_PASSWORD } from '../support/testServer';

const EVIDENCE = path.resolve(__dirname, '..', '..', 'server', 'cli', 'assets', 'evidence-sample.png');
const ctx = useBrowserServer();

it('books, attests, admits from the lobby, goes live, marks phases, shows evidence and ends', async () => {
  const inv = await buildUser(ctx.server.db, 'investigator');
  const inv2 = await buildUser(ctx.server.db, 'investigator', inv.agencyId);
  const prosecutor = await buildUser(ctx.server.db, 'prosecutor');
  const custody = await buildUser(ctx.server.db, 'custody_officer');
  const caseId = await buildCase(ctx.server.db, inv.agencyId);
  const person = await buildDetainee(ctx.server.db, inv, caseId, custody.agencyId);
  const room = await buildRoom(ctx.server.db, custody.agencyId);
  const login = (u: { username: string }) => loginParticipant(ctx.chromium.browser, ctx.server.url, u.username, TEST_PASSWORD);
  const people: Participant[] = [];
  const shot = (p: Participant, name: string) =>
    p.page.screenshot({ path: path.join(ARTIFACTS, `booking-${name}.png`) }).then(() => undefined);
  try {
    const host = await login(inv);
    people.push(host);
    // The case page: record the arrest in the form; the arrest deadlines (D3, D6) appear with their warnings.
    await host.page.goto(`${ctx.server.url}/#/cases/${caseId}`, { waitUntil: 'domcontentloaded' });
    await host.page.waitForSelector('[data-testid=case-deadlines] tr[data-rule=D2]');
    await host.page.select('[data-testid=keydate-person]', person.id);
    await host.page.select('[data-testid=keydate-kind]', 'arrest');
    await host.page.$eval('[data-testid=keydate-at]', (el) => {
      (el as unknown as { value: string }).value = new Date(Date.now() + 8 * 3_600_000 - 3_600_000).toISOString().slice(0, 16);
    });
    await host.page.click('[data-testid=keydate-save]');
    await host.page.waitForSelector('[data-testid=case-deadlines] tr[data-rule=D6]', { timeout: 10_000 });
    await shot(host, '0-case-deadlines');
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const minutesLeftToday = 24 * 60 - Math.floor((start.getTime() / 60_000 + 8 * 60) % (24 * 60));
    const { sessionId, checkText } = await bookThroughUi(
      host,
      ctx.server.url,
      {
        caseId,
        personId: person.id,
        centerId: custody.agencyId,
        roomId: room.id,
        startsAt: start,
        minutes: Math.min(60, minutesLeftToday),
        title: '第一次讯问（远程）',
        participantIds: [inv2.id, prosecutor.id, custody.id],
      },
      (n) => shot(host, n),
    );
    expect(checkText).toContain('D2');
    const booked = await ctx.server.db('sessions').where({ id: sessionId }).first();
    expect(booked).toMatchObject({ state: 'scheduled', custody_room_id: room.id, person_id: person.id, type: 'interrogation' });
    const pid = async (userId: string | null, role: string) =>
      (
        await ctx.server
          .db('session_participants')
          .where({ session_id: sessionId, session_role: role })
          .modify((q) => (userId ? q.where({ user_id: userId }) : q.whereNull('user_id')))
          .first()
      ).id as string;

    const kiosk = await login(custody);
    people.push(kiosk);
    await enterSession(kiosk, ctx.server.url, sessionId, 'kiosk', 'lobby');
    await attestOnKiosk(kiosk, person.idNumber.slice(-4));
    await shot(kiosk, '2-kiosk-attested');

    await enterSession(host, ctx.server.url, sessionId, 'room');
    const pros = await login(prosecutor);
    people.push(pros);
    await enterSession(pros, ctx.server.url, sessionId, 'room', 'lobby');
    const notice = await pros.page.$eval('[data-testid=room-notice]', (e) => e.textContent);
    expect(notice).toContain('候场');
    const second = await login(inv2);
    people.push(second);
    await enterSession(second, ctx.server.url, sessionId, 'room');
    await shot(host, '3-lobby');

    await admitFromLobby(host, await pid(prosecutor.id, 'prosecutor'));
    await waitForState(pros, 'connected');
    await admitFromLobby(host, await pid(null, 'detainee'));
    await waitForState(kiosk, 'connected');
    for (const p of [host, second, pros]) await confirmIdentity(p);
    // The panel shows the recording running before the session may go live; there is no pause control.
    await host.page.waitForSelector('[data-testid=recording-state][data-recording="true"]', { timeout: 15_000 });
    expect(await host.page.$$('[data-testid*=pause]')).toHaveLength(0);
    await goLive(host);
    for (const p of [second, pros]) await sessionStateIs(p, 'live');
    for (const phase of ['identity_check', 'rights_notice', 'questioning', 'evidence']) await markPhase(host, phase);
    await kiosk.page.waitForSelector('[data-testid=kiosk-phase][data-phase="evidence"]', { timeout: 10_000 });
    await showEvidence(host, EVIDENCE);
    expect(await evidenceVisible(kiosk)).toBeGreaterThan(0);
    expect(await evidenceVisible(pros)).toBeGreaterThan(0);
    await shot(kiosk, '4-kiosk-evidence');
    await shot(host, '5-host-live');
    // Every participant sees all others: three remote tiles on the host's screen.
    await host.page.waitForFunction(() => document.querySelectorAll('[data-testid=tiles] figure').length === 3, { timeout: 10_000 });

    await endSession(host, '讯问结束');
    for (const p of [kiosk, pros, second]) await waitForState(p, 'ended');
    await shot(pros, '6-ended');

    const s = await ctx.server.db('sessions').where({ id: sessionId }).first();
    expect(s).toMatchObject({ state: 'ended', end_reason: '讯问结束' });
    expect(s.live_at).not.toBeNull();
    const events = await ctx.server.db('session_events').where({ session_id: sessionId }).orderBy('id');
    const kinds = events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['booked', 'lobby_opened', 'identity_attested']);
    expect(kinds).toEqual(expect.arrayContaining(['admitted', 'identity_confirmed', 'went_live', 'ended']));
    expect(events.filter((e: { kind: string }) => e.kind === 'phase').map((e: { data: { phase: string } }) => e.data.phase)).toEqual([
      'identity_check',
      'rights_notice',
      'questioning',
      'evidence',
    ]);
    const telemetry = await ctx.server.db('connection_events').where({ session_id: sessionId });
    expect(telemetry.some((t: { kind: string }) => t.kind === 'ice_completed' || t.kind === 'ice_connected')).toBe(true);
    expect(telemetry.some((t: { kind: string }) => t.kind === 'dtls_connected')).toBe(true);

    // The sealed recording is played in the browser: the court view loads by range requests, the
    // timeline carries the phase markers, and the viewing is audited.
    const [rec] = await ctx.server.db('recordings').where({ session_id: sessionId });
    await ctx.server.recordings.courtView(rec.id);
    await host.page.goto(`${ctx.server.url}/#/recordings/${sessionId}`);
    await host.page.waitForSelector('[data-testid=court-view]', { timeout: 15_000 });
    await host.page.waitForFunction(() => (document.querySelector('[data-testid=court-view]') as HTMLVideoElement).readyState >= 1, {
      timeout: 15_000,
    });
    expect(await host.page.$$eval('[data-testid=timeline] .marker[data-kind=phase]', (m) => m.length)).toBe(4);
    await shot(host, '7-playback');
    expect(
      await ctx.server.db('audit_entries').where({ object_id: rec.id, action: 'recording.played', actor_user_id: inv.id }),
    ).not.toHaveLength(0);
  } finally {
    for (const p of people) await p.context.close().catch(() => undefined);
  }
});
