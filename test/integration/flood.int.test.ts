// Abuse from one connection must not touch the others: an event flood (1,000 events in about a
// second, known and unknown names alike) is answered rate_limited while another participant's
// requests go through; 10,000 malformed events leave memory bounded; a join storm of 100 joins
// across 25 sessions lands every participant once, with no ghost.
import type { Socket } from 'socket.io-client';
import { buildSession, buildUser, type TestUser } from '../support/factories';
import { ask, startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const connect = async (u: TestUser): Promise<Socket> => server.socket(await server.login(u.username));

it('throttles a flood of 1,000 events a second from one socket, known and unknown, and serves everyone else meanwhile', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv, [], { admitted: true });
  const flooder = await connect(inv);
  const bystander = await connect(session.investigator2);
  expect((await ask(bystander, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);

  const answers: Promise<{ ok: boolean; error?: string }>[] = [];
  const protocolErrors: { error: string }[] = [];
  flooder.on('protocol:error', (e) => protocolErrors.push(e));
  const started = Date.now();
  for (let i = 0; i < 1000; i++) {
    const name = i % 2 === 0 ? 'session:state' : `made:up:${i}`;
    answers.push(ask(flooder, name, {}, 30_000));
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 100));
  }
  // Meanwhile the bystander's requests are answered as usual.
  const theirs = await Promise.all(Array.from({ length: 20 }, () => ask(bystander, 'session:state', {})));
  const flood = await Promise.all(answers);
  const seconds = (Date.now() - started) / 1000;
  const limited = flood.filter((a) => a.error === 'rate_limited').length;
  console.log(`event flood: 1000 events in ${seconds.toFixed(2)} s, ${limited} rate_limited, ${1000 - limited} answered`);
  expect(theirs.every((a) => a.ok)).toBe(true);
  expect(limited).toBeGreaterThan(500);
  expect(flood.filter((a, i) => i % 2 === 1 && a.error === 'rate_limited').length).toBeGreaterThan(250);
  for (const a of flood) expect(['rate_limited', 'unknown_event', 'not_joined']).toContain(a.error);
  // Without acks, a flood gets at most one rate_limited report a second, not one per event.
  for (let i = 0; i < 500; i++) flooder.emit(`no:ack:${i}`, {});
  await new Promise((r) => setTimeout(r, 500));
  expect(protocolErrors.filter((e) => e.error === 'rate_limited').length).toBeLessThanOrEqual(2);
  // The flooder is served again once it slows down.
  await new Promise((r) => setTimeout(r, 2500));
  expect(await ask(flooder, 'session:state', {})).toMatchObject({ ok: false, error: 'not_joined' });
});

it('keeps memory bounded over 10,000 malformed events', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const s = await connect(inv);
  const heap = () => process.memoryUsage().heapUsed;
  const before = heap();
  for (let round = 0; round < 50; round++) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) {
      const n = round * 200 + i;
      batch.push(
        ask(
          s,
          n % 3 === 0 ? `junk:${n}` : 'producer:create',
          n % 3 === 1 ? { transportId: 'x'.repeat(n % 5000) } : [n, 'y'.repeat(n % 700)],
        ),
      );
    }
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, 250));
  }
  const grownMiB = (heap() - before) / 1024 / 1024;
  console.log(`10,000 malformed events: heap grew ${grownMiB.toFixed(1)} MiB`);
  expect(grownMiB).toBeLessThan(100);
  expect((await server.request('GET', '/healthz')).status).toBe(200);
}, 120_000);

it('lands a join storm of 100 joins in 25 sessions, each participant once', async () => {
  const sessions = await Promise.all(
    Array.from({ length: 25 }, async () => {
      const inv = await buildUser(server.db, 'investigator');
      const prosecutor = await buildUser(server.db, 'prosecutor');
      const s = await buildSession(server.db, inv, [{ user: prosecutor, sessionRole: 'prosecutor' }], { admitted: true });
      return {
        s,
        people: [
          { user: inv, endpoint: 'user' as const },
          { user: s.investigator2, endpoint: 'user' as const },
          { user: prosecutor, endpoint: 'user' as const },
          { user: s.custody, endpoint: 'kiosk' as const },
        ],
      };
    }),
  );
  const sockets = await Promise.all(
    sessions.flatMap((x) => x.people.map(async (p) => ({ sock: await connect(p.user), sessionId: x.s.id, endpoint: p.endpoint }))),
  );
  const started = Date.now();
  const joins = await Promise.all(
    sockets.map((x) => ask(x.sock, 'session:join', { sessionId: x.sessionId, endpoint: x.endpoint }, 30_000)),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`join storm: 100 joins in ${seconds.toFixed(2)} s`);
  expect(joins.filter((j) => !j.ok)).toEqual([]);
  for (const x of sessions) {
    const peers = server.app.signaling.livePeers(x.s.id);
    expect(peers).toHaveLength(4);
    expect(new Set(peers.map((p) => p.peerId)).size).toBe(4);
  }
  for (const x of sockets) x.sock.close();
}, 120_000);
