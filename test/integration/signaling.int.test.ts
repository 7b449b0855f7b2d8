import type { Socket } from 'socket.io-client';
import { buildSession, buildUser, type TestUser } from '../support/factories';
import { ask, next, startTestServer, waitFor, type TestServer } from '../support/testServer';
import { deviceCapabilities, fakeDtls, opusProducerParameters, vp8ProducerParameters } from '../support/rtp';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function setup() {
  const investigator = await buildUser(server.db, 'investigator');
  const prosecutor = await buildUser(server.db, 'prosecutor');
  const custody = await buildUser(server.db, 'custody_officer');
  const session = await buildSession(
    server.db,
    investigator,
    [
      { user: prosecutor, sessionRole: 'prosecutor' },
      { user: custody, sessionRole: 'custody_officer' },
    ],
    { admitted: true },
  );
  return { investigator, prosecutor, custody, session };
}

async function connectAs(u: TestUser): Promise<Socket> {
  return server.socket(await server.login(u.username));
}

describe('media signaling against a real mediasoup worker', () => {
  it('joins, produces audio and video, and another participant consumes them', async () => {
    const { investigator, custody, session } = await setup();
    const inv = await connectAs(investigator);
    const kiosk = await connectAs(custody);

    const j1 = await ask(inv, 'session:join', { sessionId: session.id, endpoint: 'user' });
    expect(j1.ok).toBe(true);
    expect(j1.data.self.sessionRole).toBe('investigator');
    expect(j1.data.routerRtpCapabilities.codecs.length).toBeGreaterThan(0);
    expect((await ask(inv, 'session:capabilities', { rtpCapabilities: deviceCapabilities })).ok).toBe(true);
    const send = await ask(inv, 'transport:create', { direction: 'send' });
    expect(send.ok).toBe(true);
    expect(send.data.iceCandidates[0].port).toBeGreaterThan(0);
    expect((await ask(inv, 'transport:connect', { transportId: send.data.id, dtlsParameters: fakeDtls })).ok).toBe(true);
    const audio = await ask(inv, 'producer:create', {
      transportId: send.data.id,
      kind: 'audio',
      rtpParameters: opusProducerParameters(1111),
      source: 'microphone',
    });
    expect(audio.ok).toBe(true);

    const joinedSeen = next(inv, 'peer:joined');
    const j2 = await ask(kiosk, 'session:join', { sessionId: session.id, endpoint: 'kiosk' });
    expect(j2.ok).toBe(true);
    expect(j2.data.self.sessionRole).toBe('detainee');
    expect(j2.data.peers.map((p: { peerId: string }) => p.peerId)).toEqual([j1.data.self.peerId]);
    expect(j2.data.producers).toEqual([
      expect.objectContaining({ producerId: audio.data.producerId, kind: 'audio', source: 'microphone' }),
    ]);
    expect((await joinedSeen).sessionRole).toBe('detainee');

    const newProducer = next(kiosk, 'producer:new');
    const video = await ask(inv, 'producer:create', {
      transportId: send.data.id,
      kind: 'video',
      rtpParameters: vp8ProducerParameters(2222),
      source: 'camera',
    });
    expect(video.ok).toBe(true);
    expect((await newProducer).producerId).toBe(video.data.producerId);

    await ask(kiosk, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
    const recv = await ask(kiosk, 'transport:create', { direction: 'recv' });
    for (const p of [audio.data.producerId, video.data.producerId]) {
      const c = await ask(kiosk, 'consumer:create', { transportId: recv.data.id, producerId: p });
      expect(c.ok).toBe(true);
      expect(c.data.peerId).toBe(j1.data.self.peerId);
      expect((await ask(kiosk, 'consumer:resume', { consumerId: c.data.id })).ok).toBe(true);
    }

    // The producer leaving closes the consumer on the other side and announces the departure.
    const consumerClosed = next(kiosk, 'consumer:closed');
    const left = next(kiosk, 'peer:left');
    expect((await ask(inv, 'session:leave', {})).ok).toBe(true);
    expect((await left).peerId).toBe(j1.data.self.peerId);
    expect((await consumerClosed).producerId).toEqual(expect.any(String));
  });

  it('refuses a user not listed on the session before any transport exists', async () => {
    const { session } = await setup();
    const outsider = await buildUser(server.db, 'investigator');
    const s = await connectAs(outsider);
    const res = await ask(s, 'session:join', { sessionId: session.id, endpoint: 'user' });
    expect(res).toMatchObject({ ok: false, error: 'not_found' });
    const t = await ask(s, 'transport:create', { direction: 'send' });
    expect(t).toMatchObject({ ok: false, error: 'not_joined' });
    expect(server.media.getRoom(session.id)).toBeUndefined();
  });

  it('refuses the kiosk endpoint to anyone but the session custody officer', async () => {
    const { prosecutor, session } = await setup();
    const s = await connectAs(prosecutor);
    expect(await ask(s, 'session:join', { sessionId: session.id, endpoint: 'kiosk' })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(server.media.getRoom(session.id)).toBeUndefined();
  });

  it('refuses a socket without a valid login at the handshake', async () => {
    await expect(server.socket(undefined)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    await expect(server.socket('forged-token')).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
  });

  it('replaces an older connection of the same participant instead of leaving a ghost', async () => {
    const { investigator, prosecutor, session } = await setup();
    const watcher = await connectAs(prosecutor);
    await ask(watcher, 'session:join', { sessionId: session.id, endpoint: 'user' });
    const first = await connectAs(investigator);
    const j1 = await ask(first, 'session:join', { sessionId: session.id, endpoint: 'user' });
    const replaced = next(first, 'session:replaced');
    const leftSeen = next(watcher, 'peer:left');
    const second = await connectAs(investigator);
    const j2 = await ask(second, 'session:join', { sessionId: session.id, endpoint: 'user' });
    expect(j2.data.self.peerId).toBe(j1.data.self.peerId);
    await replaced;
    expect((await leftSeen).reason).toBe('replaced');
    const peers = server.app.signaling.livePeers(session.id);
    expect(peers.filter((p) => p.peerId === j1.data.self.peerId)).toHaveLength(1);
    // The replaced socket no longer acts for the participant.
    expect(await ask(first, 'transport:create', { direction: 'send' })).toMatchObject({ ok: false, error: 'not_joined' });
  });

  it('removes a participant whose socket disconnects and audits join and leave', async () => {
    const { investigator, prosecutor, session } = await setup();
    const a = await connectAs(investigator);
    const b = await connectAs(prosecutor);
    const ja = await ask(a, 'session:join', { sessionId: session.id, endpoint: 'user' });
    await ask(b, 'session:join', { sessionId: session.id, endpoint: 'user' });
    const left = next(b, 'peer:left');
    a.disconnect();
    expect(await left).toEqual({ peerId: ja.data.self.peerId, reason: 'disconnected' });
    expect(server.app.signaling.livePeers(session.id).map((p) => p.sessionRole)).toEqual(['prosecutor']);
    const auditOf = async () =>
      (await server.db('audit_entries').where({ object_type: 'session', object_id: session.id }).orderBy('id')).map(
        (r: { action: string }) => r.action,
      );
    const actions = await waitFor(async () => {
      const a = await auditOf();
      return a.includes('session.leave') ? a : null;
    });
    expect(actions[0]).toBe('session.create');
    expect(actions.filter((a: string) => a === 'session.join' || a === 'session.leave')).toEqual([
      'session.join',
      'session.join',
      'session.leave',
    ]);
  });

  it('does not let the detainee kiosk publish a screen share', async () => {
    const { custody, session } = await setup();
    const k = await connectAs(custody);
    await ask(k, 'session:join', { sessionId: session.id, endpoint: 'kiosk' });
    const t = await ask(k, 'transport:create', { direction: 'send' });
    const res = await ask(k, 'producer:create', {
      transportId: t.data.id,
      kind: 'video',
      rtpParameters: vp8ProducerParameters(3333),
      source: 'screen',
    });
    expect(res).toMatchObject({ ok: false, error: 'forbidden' });
  });
});
