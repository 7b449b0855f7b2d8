// In the room, over real sockets: the lobby, host controls, the go-live gate (attestation,
// identity confirmation, presence), phases, telemetry, join negatives and spoofed host events.
import type { Socket } from 'socket.io-client';
import { bookSession } from '../../server/scheduling';
import { actorOf, buildCase, buildDetainee, buildRoom, buildSession, buildUser, type TestUser } from '../support/factories';
import { deviceCapabilities, fakeDtls, opusProducerParameters } from '../support/rtp';
import { publish } from '../support/liveSession';
import { ask, next, startTestServer, waitFor, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const connect = async (u: TestUser): Promise<Socket> => server.socket(await server.login(u.username));
const join = (s: Socket, sessionId: string, endpoint: 'user' | 'kiosk' = 'user') => ask(s, 'session:join', { sessionId, endpoint });

async function interrogation() {
  const inv = await buildUser(server.db, 'investigator');
  const prosecutor = await buildUser(server.db, 'prosecutor');
  const session = await buildSession(server.db, inv, [{ user: prosecutor, sessionRole: 'prosecutor' }]);
  const pid = (role: string, userId?: string) =>
    session.participants.find((p) => p.sessionRole === role && (!userId || p.userId === userId))?.id as string;
  return { inv, prosecutor, session, pid, inv2: session.investigator2, custody: session.custody };
}

/** The next pushed state that satisfies `ok` (recording changes push state too). */
const nextState = (s: Socket, ok: (st: any) => boolean, timeoutMs = 10_000): Promise<any> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off('session:updated', f);
      reject(new Error('no matching session:updated'));
    }, timeoutMs);
    const f = (st: unknown) => {
      if (ok(st)) {
        clearTimeout(timer);
        s.off('session:updated', f);
        resolve(st);
      }
    };
    s.on('session:updated', f);
  });

/** The investigator hosts; the prosecutor joins and is admitted from the lobby. */
async function hostWithAdmittedProsecutor(w: Awaited<ReturnType<typeof interrogation>>) {
  const host = await connect(w.inv);
  await join(host, w.session.id);
  const pros = await connect(w.prosecutor);
  await join(pros, w.session.id);
  await ask(host, 'lobby:admit', { participantId: w.pid('prosecutor') });
  return { host, pros };
}

describe('the lobby', () => {
  it('holds early arrivals until a host admits them; nobody gets media first', async () => {
    const w = await interrogation();
    const guest = await connect(w.prosecutor);
    const waiting = await join(guest, w.session.id);
    expect(waiting.data).toMatchObject({ admitted: false, host: false, peers: [], producers: [] });
    expect(waiting.data.routerRtpCapabilities).toEqual({});
    expect(await ask(guest, 'transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: 'in_lobby' });
    expect(server.media.getRoom(w.session.id)).toBeUndefined();
    expect(await ask(guest, 'session:goLive', {})).toMatchObject({ ok: false, error: 'forbidden' });

    const host = await connect(w.inv);
    const lobbySeen = next(host, 'lobby:changed');
    const h = await join(host, w.session.id);
    expect(h.data).toMatchObject({ admitted: true, host: true, grants: { moderate: true } });
    expect((await lobbySeen).waiting.map((p: { peerId: string }) => p.peerId)).toEqual([w.pid('prosecutor')]);

    const admitted = next(guest, 'lobby:admitted');
    const peerJoined = next(host, 'peer:joined');
    expect((await ask(host, 'lobby:admit', { participantId: w.pid('prosecutor') })).ok).toBe(true);
    const view = await admitted;
    expect(view).toMatchObject({ admitted: true, peers: [expect.objectContaining({ peerId: h.data.self.peerId })] });
    expect(view.routerRtpCapabilities.codecs.length).toBeGreaterThan(0);
    expect((await peerJoined).peerId).toBe(w.pid('prosecutor'));
    expect((await ask(guest, 'session:capabilities', { rtpCapabilities: deviceCapabilities })).ok).toBe(true);
    expect((await ask(guest, 'transport:create', { direction: 'recv' })).ok).toBe(true);
    // A reconnect of an admitted participant goes straight back in.
    guest.disconnect();
    const again = await connect(w.prosecutor);
    expect((await join(again, w.session.id)).data.admitted).toBe(true);
  });

  it('denies, sends back, admits all, and refuses newcomers while locked', async () => {
    const w = await interrogation();
    const host = await connect(w.inv);
    await join(host, w.session.id);
    expect((await ask(host, 'host:lock', { locked: true })).data.locked).toBe(true);
    const pros = await connect(w.prosecutor);
    expect(await join(pros, w.session.id)).toMatchObject({ ok: false, error: 'session_locked' });
    await ask(host, 'host:lock', { locked: false });

    expect((await join(pros, w.session.id)).data.admitted).toBe(false);
    const denied = next(pros, 'lobby:denied');
    expect((await ask(host, 'lobby:deny', { participantId: w.pid('prosecutor'), reason: '身份存疑' })).ok).toBe(true);
    expect(await denied).toEqual({ reason: '身份存疑' });
    expect(server.app.signaling.livePeers(w.session.id).map((p) => p.sessionRole)).toEqual(['investigator']);

    const guest = await connect(w.inv2);
    await join(guest, w.session.id);
    const pros2 = await connect(w.prosecutor);
    await join(pros2, w.session.id);
    const st = await ask(host, 'lobby:admitAll', {});
    expect(st.ok).toBe(true);
    expect(new Set(st.data.present)).toEqual(
      new Set([w.pid('investigator', w.inv.id), w.pid('investigator', w.inv2.id), w.pid('prosecutor')]),
    );

    const returned = next(pros2, 'lobby:returned');
    const left = next(host, 'peer:left');
    expect((await ask(host, 'lobby:return', { participantId: w.pid('prosecutor') })).ok).toBe(true);
    await returned;
    expect(await left).toEqual({ peerId: w.pid('prosecutor'), reason: 'lobby' });
    expect(await ask(pros2, 'transport:create', { direction: 'recv' })).toMatchObject({ ok: false, error: 'in_lobby' });
    expect(server.media.getRoom(w.session.id)?.peerIds()).not.toContain(w.pid('prosecutor'));
  });
});

describe('going live', () => {
  it('goes live only when the law is satisfied, with attestation and identity confirmations on record', async () => {
    const w = await interrogation();
    const host = await connect(w.inv);
    await join(host, w.session.id);
    const early = await ask(host, 'session:goLive', {});
    expect(early).toMatchObject({ ok: false, error: 'policy_unmet' });
    expect(early.data.unmet.map((u: { code: string }) => u.code)).toEqual(
      expect.arrayContaining(['present_two_investigators', 'present_detainee', 'identity_attestation', 'identity_confirmation']),
    );

    const kiosk = await connect(w.custody);
    expect((await join(kiosk, w.session.id, 'kiosk')).data.admitted).toBe(false);
    // Only the custody officer attests, and the ID must match the record.
    expect(await ask(host, 'session:attestIdentity', { method: 'face_to_face' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await ask(kiosk, 'session:attestIdentity', { method: 'id_card', idLast4: '0000' })).toMatchObject({
      ok: false,
      error: 'invalid_request',
    });
    expect(await ask(kiosk, 'session:attestIdentity', { method: 'id_card' })).toMatchObject({ ok: false, error: 'invalid_request' });
    const attested = await ask(kiosk, 'session:attestIdentity', { method: 'id_card', idLast4: w.session.idNumber.slice(-4) });
    expect(attested.data.attestation).toMatchObject({ method: 'id_card' });

    const guest = await connect(w.inv2);
    await join(guest, w.session.id);
    await ask(host, 'lobby:admitAll', {});
    const still = await ask(host, 'session:goLive', {});
    expect(still.data.unmet).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'identity_confirmation', participantId: w.pid('investigator', w.inv.id) })]),
    );
    expect((await ask(host, 'session:confirmIdentity', {})).ok).toBe(true);
    expect((await ask(guest, 'session:confirmIdentity', {})).ok).toBe(true);
    expect(await ask(kiosk, 'session:confirmIdentity', {})).toMatchObject({ ok: false, error: 'forbidden' });

    // The recording gate: the detainee's picture and sound and each host's microphone must be recording.
    const unrecorded = await ask(host, 'session:goLive', {});
    expect(unrecorded).toMatchObject({ ok: false, error: 'policy_unmet' });
    expect(unrecorded.data.unmet).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'recording_track', participantId: w.pid('detainee'), source: 'camera' }),
        expect.objectContaining({ code: 'recording_track', participantId: w.pid('detainee'), source: 'microphone' }),
        expect.objectContaining({ code: 'recording_track', participantId: w.pid('investigator', w.inv.id), source: 'microphone' }),
      ]),
    );
    await publish(kiosk, ['camera', 'microphone']);
    await publish(host, ['microphone']);
    await publish(guest, ['microphone']);
    await waitFor(async () => server.recordings.recorderPids(w.session.id).length === 4, 15_000);

    const updated = nextState(guest, (st) => st.state === 'live');
    const live = await ask(host, 'session:goLive', {});
    expect(live.data).toMatchObject({ state: 'live', unmet: [] });
    expect((await updated).state).toBe('live');

    // Phases: host only, time-stamped, visible to all, kept.
    expect(await ask(guest, 'session:phase', { phase: 'questioning' })).toMatchObject({ ok: true });
    expect(await ask(kiosk, 'session:phase', { phase: 'questioning' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await ask(host, 'session:phase', { phase: 'judgment' })).toMatchObject({ ok: false, error: 'invalid_request' });
    const phaseSeen = nextState(kiosk, (st) => st.phases.length === 2);
    await ask(host, 'session:phase', { phase: 'rights_notice' });
    expect((await phaseSeen).phases.map((p: { phase: string }) => p.phase)).toEqual(['questioning', 'rights_notice']);

    expect((await ask(host, 'session:interrupt', { reason: '羁押室摄像头故障' })).data.state).toBe('interrupted');
    expect((await ask(host, 'session:resume', {})).data.state).toBe('live');
    const ended = next(kiosk, 'session:ended');
    expect((await ask(host, 'session:end', { reason: '讯问结束' })).data.state).toBe('ended');
    expect(await ended).toMatchObject({ state: 'ended', reason: '讯问结束' });
    expect(server.media.getRoom(w.session.id)).toBeUndefined();
    expect(await join(await connect(w.inv), w.session.id)).toMatchObject({ ok: false, error: 'session_not_joinable' });

    const kinds = (
      await server.request('GET', `/api/sessions/${w.session.id}/record`, { token: await server.login(w.inv.username) })
    ).body.data.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'booked',
        'lobby_opened',
        'identity_attested',
        'admitted',
        'identity_confirmed',
        'went_live',
        'phase',
        'interrupted',
        'resumed',
        'ended',
      ]),
    );
    const audited = (await server.db('audit_entries').where({ object_type: 'session', object_id: w.session.id })).map(
      (r: { action: string }) => r.action,
    );
    expect(audited).toEqual(expect.arrayContaining(['session.identity_attested', 'session.went_live', 'session.phase', 'session.ended']));
    // Ending sealed the recording; it was recorded from the lobby on and offers no pause.
    const [rec] = await server.db('recordings').where({ session_id: w.session.id });
    expect(rec).toMatchObject({ state: 'complete', part: 1 });
    expect(rec.manifest_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await server.db('recording_tracks').where({ recording_id: rec.id })).toHaveLength(4);
  });
});

describe('host controls', () => {
  it('mutes a participant in the SFU until a host allows them, keeps one producer per source, and removes a participant for good', async () => {
    const w = await interrogation();
    const { host, pros } = await hostWithAdmittedProsecutor(w);
    await ask(pros, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
    const send = await ask(pros, 'transport:create', { direction: 'send' });
    await ask(pros, 'transport:connect', { transportId: send.data.id, dtlsParameters: fakeDtls });
    const mic = await ask(pros, 'producer:create', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: opusProducerParameters(4242),
      source: 'microphone',
    });
    const paused = next(host, 'producer:paused');
    const muted = next(pros, 'host:muted');
    expect((await ask(host, 'host:mute', { participantId: w.pid('prosecutor') })).ok).toBe(true);
    expect(await paused).toEqual({ producerId: mic.data.producerId, peerId: w.pid('prosecutor'), paused: true });
    expect((await muted).source).toBe('microphone');
    expect(
      server.media
        .getRoom(w.session.id)
        ?.listProducers()
        .find((p) => p.producerId === mic.data.producerId)?.paused,
    ).toBe(true);

    // The mute stands in the SFU: the participant's own unmute is refused, and so is a second
    // microphone (which would be heard and not recorded) or a new one made around the mute.
    const refused = await ask(pros, 'producer:setPaused', { producerId: mic.data.producerId, paused: false });
    expect(refused).toMatchObject({ ok: false, error: 'muted_by_host', data: { source: 'microphone' } });
    const second = await ask(pros, 'producer:create', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: opusProducerParameters(4243),
      source: 'microphone',
    });
    expect(second).toMatchObject({ ok: false, error: 'invalid_state' });
    expect(second.message).toMatch(/microphone is already sent/);
    expect((await ask(pros, 'producer:close', { producerId: mic.data.producerId })).ok).toBe(true);
    const remutedOnCreate = next(pros, 'host:muted');
    const again = await ask(pros, 'producer:create', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: opusProducerParameters(4244),
      source: 'microphone',
    });
    expect(again.ok).toBe(true);
    expect((await remutedOnCreate).source).toBe('microphone');
    const room = () => server.media.getRoom(w.session.id)!;
    expect(
      room()
        .listProducers()
        .find((p) => p.producerId === again.data.producerId)?.paused,
    ).toBe(true);
    // Only a host lifts it; then the participant unmutes when they choose (the host never does).
    expect(await ask(pros, 'host:unmute', { participantId: w.pid('prosecutor') })).toMatchObject({ ok: false, error: 'forbidden' });
    const allowed = next(pros, 'host:unmuted');
    expect((await ask(host, 'host:unmute', { participantId: w.pid('prosecutor') })).ok).toBe(true);
    expect((await allowed).source).toBe('microphone');
    expect(
      room()
        .listProducers()
        .find((p) => p.producerId === again.data.producerId)?.paused,
    ).toBe(true);
    expect((await ask(pros, 'producer:setPaused', { producerId: again.data.producerId, paused: false })).ok).toBe(true);
    expect(
      room()
        .listProducers()
        .find((p) => p.producerId === again.data.producerId)?.paused,
    ).toBe(false);
    const acts = (
      await server.db('session_events').where({ session_id: w.session.id }).whereIn('kind', ['muted', 'unmuted']).orderBy('id')
    ).map((e: { kind: string }) => e.kind);
    expect(acts).toEqual(['muted', 'unmuted']);

    const removed = next(pros, 'session:removed');
    expect((await ask(host, 'host:remove', { participantId: w.pid('prosecutor'), reason: '不当言行' })).ok).toBe(true);
    expect((await removed).reason).toBe('不当言行');
    expect(server.media.getRoom(w.session.id)?.peerIds()).toEqual([w.pid('investigator', w.inv.id)]);
    const back = await connect(w.prosecutor);
    expect(await join(back, w.session.id)).toMatchObject({ ok: false, error: 'not_found' });
    expect(await ask(back, 'transport:create', { direction: 'recv' })).toMatchObject({ ok: false, error: 'not_joined' });
    expect(server.media.getRoom(w.session.id)?.peerIds()).toEqual([w.pid('investigator', w.inv.id)]);
  });
});

describe('cancelling', () => {
  it('interrupts, never completes, a recording that began in the lobby of a session cancelled over HTTP', async () => {
    const w = await interrogation();
    const host = await connect(w.inv);
    await join(host, w.session.id);
    await ask(host, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
    const send = await ask(host, 'transport:create', { direction: 'send' });
    await ask(host, 'transport:connect', { transportId: send.data.id, dtlsParameters: fakeDtls });
    await ask(host, 'producer:create', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: opusProducerParameters(5151),
      source: 'microphone',
    });
    const rec = await waitFor(
      async () => (await server.db('recordings').where({ session_id: w.session.id, state: 'recording' }).first()) ?? null,
    );
    const ended = next(host, 'session:ended');
    const token = await server.login(w.inv.username);
    const res = await server.request('POST', `/api/sessions/${w.session.id}/cancel`, { token, body: { reason: '在押人员因病就医' } });
    expect(res.status).toBe(200);
    expect(await ended).toMatchObject({ state: 'cancelled' });
    const after = await waitFor(async () => {
      const r = await server.db('recordings').where({ id: rec.id }).first();
      return r.sealed_at ? r : null;
    }, 10_000);
    expect(after).toMatchObject({ state: 'interrupted', interrupted_reason: '会话已取消 session cancelled: 在押人员因病就医' });
  });
});

describe('spoofing', () => {
  const HOST_EVENTS: [string, unknown][] = [
    ['lobby:admitAll', {}],
    ['host:mute', { participantId: '00000000-0000-4000-8000-000000000000' }],
    ['host:unmute', { participantId: '00000000-0000-4000-8000-000000000000' }],
    ['host:remove', { participantId: '00000000-0000-4000-8000-000000000000', reason: '冒充' }],
    ['host:lock', { locked: true }],
    ['session:goLive', {}],
    ['session:end', { reason: '冒充结束' }],
    ['session:phase', { phase: 'questioning' }],
    ['session:interrupt', { reason: '冒充中断' }],
    ['session:consent', { participantId: '00000000-0000-4000-8000-000000000000', method: 'written' }],
  ];

  it('answers a kiosk and a lawyer emitting host-only events with a typed 403 and changes nothing', async () => {
    // A plea session held by the procuratorate: the duty lawyer is a party, not a host.
    const prosecutor = await buildUser(server.db, 'prosecutor');
    const lawyer = await buildUser(server.db, 'lawyer');
    const custody = await buildUser(server.db, 'custody_officer');
    const caseId = await buildCase(server.db, prosecutor.agencyId);
    const person = await buildDetainee(server.db, prosecutor, caseId, custody.agencyId);
    const room = await buildRoom(server.db, custody.agencyId);
    const s = await bookSession(server.db, await actorOf(server.db, prosecutor), {
      caseId,
      type: 'plea',
      title: '认罪认罚具结',
      custodyRoomId: room.id,
      personId: person.id,
      startsAt: new Date().toISOString(),
      minutes: 60,
      participants: [
        { userId: prosecutor.id, sessionRole: 'prosecutor' },
        { userId: lawyer.id, sessionRole: 'duty_lawyer' },
        { userId: custody.id, sessionRole: 'custody_officer' },
      ],
    });
    const host = await connect(prosecutor);
    await join(host, s.id);
    const kiosk = await connect(custody);
    const law = await connect(lawyer);
    await join(kiosk, s.id, 'kiosk');
    await join(law, s.id);
    await ask(host, 'lobby:admitAll', {});
    const before = await server.db('session_events').where({ session_id: s.id }).count<{ count: string }[]>('id as count');
    for (const sock of [kiosk, law]) {
      for (const [event, payload] of HOST_EVENTS) {
        const res = await ask(sock, event, payload);
        expect({ event, res }).toMatchObject({ event, res: { ok: false, error: 'forbidden' } });
      }
      for (const target of s.participants) {
        expect(await ask(sock, 'lobby:admit', { participantId: target.id })).toMatchObject({ ok: false, error: 'forbidden' });
        expect(await ask(sock, 'lobby:return', { participantId: target.id })).toMatchObject({ ok: false, error: 'forbidden' });
      }
    }
    const after = await server.db('session_events').where({ session_id: s.id }).count<{ count: string }[]>('id as count');
    expect(after[0]?.count).toBe(before[0]?.count);
    const row = await server.db('sessions').where({ id: s.id }).first();
    expect(row).toMatchObject({ state: 'lobby', locked: false });
    expect(server.app.signaling.livePeers(s.id)).toHaveLength(3);
    // The lawyer may record their own consent in the session, not anybody else's.
    const lawPid = s.participants.find((p) => p.userId === lawyer.id)?.id;
    expect((await ask(law, 'session:consent', { participantId: lawPid, method: 'in_session' })).ok).toBe(true);
  });
});

describe('join negatives', () => {
  it('refuses a socket without a token or with an expired one', async () => {
    await expect(server.socket(undefined)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    const u = await buildUser(server.db, 'investigator');
    const token = await server.login(u.username);
    await server
      .db('auth_sessions')
      .where({ user_id: u.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    await expect(server.socket(token)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
  });

  it('answers not_found for another session, with no router or transport made', async () => {
    const a = await interrogation();
    const b = await interrogation();
    const sock = await connect(a.inv);
    expect(await join(sock, b.session.id)).toMatchObject({ ok: false, error: 'not_found' });
    expect(await ask(sock, 'transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: 'not_joined' });
    expect(server.media.getRoom(b.session.id)).toBeUndefined();
    const denied = await server.db('audit_entries').where({ object_id: b.session.id, action: 'session.join', outcome: 'denied' });
    expect(denied).toHaveLength(1);
  });

  it('keeps the custody officer out of a lawyer meeting (the kiosk only) and refuses a recorder at the media layer', async () => {
    const w = await interrogation();
    const lawyer = await buildUser(server.db, 'lawyer');
    const custodyToken = await server.login(w.custody.username);
    await server.request('POST', '/api/representations', {
      token: custodyToken,
      body: {
        personId: w.session.personId,
        lawyerUserId: lawyer.id,
        lawyerKind: 'defence_lawyer',
        papersPresentedAt: new Date().toISOString(),
      },
    });
    const meeting = await server.request('POST', '/api/sessions', {
      token: await server.login(lawyer.username),
      body: {
        type: 'lawyer_meeting',
        title: '会见',
        custodyRoomId: w.session.roomId,
        personId: w.session.personId,
        startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        minutes: 30,
        participants: [{ userId: w.custody.id, sessionRole: 'custody_officer' }],
      },
    });
    expect(meeting.status).toBe(201);
    const id = meeting.body.data.session.id;
    const officer = await connect(w.custody);
    expect(await join(officer, id)).toMatchObject({ ok: false, error: 'forbidden' });
    expect((await join(officer, id, 'kiosk')).ok).toBe(true);
    const law = await connect(lawyer);
    expect((await join(law, id)).data).toMatchObject({ host: true, room: { recording: 'forbidden' } });
    const room = server.media.getRoom(id);
    expect(room?.recording).toBe('forbidden');
    expect(() => room?.assertRecordingAllowed()).toThrow(expect.objectContaining({ reason: 'recording_forbidden' }));
    // Their conversation is sent, never recorded: no recorder starts, a direct request is refused and audited.
    await publish(law, ['microphone']);
    const [mic] = room!.listProducers();
    await expect(room!.createRecordingTap(mic!.producerId, { port: 61000, rtcpPort: 61001 })).rejects.toMatchObject({
      reason: 'recording_forbidden',
    });
    expect(await ask(law, 'recording:start', {})).toMatchObject({ ok: false, error: 'recording_forbidden' });
    expect(server.recordings.recorderPids(id)).toEqual([]);
    expect(await server.db('recordings').where({ session_id: id })).toEqual([]);
    const trail = await server
      .db('audit_entries')
      .where({ object_type: 'session', object_id: id })
      .whereIn('action', ['recording.not_made', 'recording.start']);
    expect(trail.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`).sort()).toEqual([
      'recording.not_made:success',
      'recording.start:denied',
    ]);
    expect((await join(law, id)).data.room.recorder).toBeNull();
  });
});

it('keeps connection telemetry that tells a dropped connection from leaving', async () => {
  const w = await interrogation();
  const { pros } = await hostWithAdmittedProsecutor(w);
  pros.disconnect();
  const back = await connect(w.prosecutor);
  await waitFor(
    async () => (await server.db('connection_events').where({ participant_id: w.pid('prosecutor'), kind: 'leave' })).length > 0,
  );
  expect((await join(back, w.session.id)).data.admitted).toBe(true);
  await ask(back, 'session:leave', {});
  const rows = await waitFor(async () => {
    const r = await server
      .db('connection_events')
      .where({ participant_id: w.pid('prosecutor') })
      .orderBy('id');
    return r.length >= 5 ? r : null;
  });
  expect(
    rows.map((r: { kind: string; detail: { reason?: string } }) => `${r.kind}${r.detail.reason ? `:${r.detail.reason}` : ''}`),
  ).toEqual(['join', 'admitted', 'leave:disconnected', 'reconnect', 'leave:left']);
  expect(rows[3].detail.gapMs).toBeGreaterThanOrEqual(0);
});
