// 1,000 malformed socket events: wrong types, unknown events, oversized payloads, missing acks.
// The process stays up, every acked request gets a typed error, and the socket still works after.
import { buildSession, buildUser } from '../support/factories';
import { ask, startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const EVENTS = [
  'session:join',
  'session:capabilities',
  'session:leave',
  'transport:create',
  'transport:connect',
  'transport:restartIce',
  'producer:create',
  'producer:setPaused',
  'producer:close',
  'consumer:create',
  'consumer:resume',
];
const CODES = new Set([
  'invalid_request',
  'unknown_event',
  'payload_too_large',
  'not_joined',
  'not_found',
  'forbidden',
  'rate_limited',
  'media_unavailable',
  'session_not_joinable',
]);

// A deterministic generator so a failure can be replayed.
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
}

function junk(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * 12);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(r() * 1e9) - 5e8;
    case 2:
      return 'x'.repeat(Math.floor(r() * 100));
    case 3:
      return r() > 0.5;
    case 4:
      return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => junk(r, depth + 1));
    case 5:
      return { sessionId: junk(r, depth + 1), endpoint: junk(r, depth + 1) };
    case 6:
      return { transportId: '../../etc/passwd', dtlsParameters: { fingerprints: 'no' } };
    case 7:
      return { direction: 'sideways' };
    case 8:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    case 9:
      return { producerId: 'a'.repeat(500), paused: 'yes' };
    case 10:
      return { sessionId: '00000000-0000-0000-0000-000000000000', endpoint: 'kiosk', extra: 1 };
    default:
      return undefined;
  }
}

it('answers 1,000 malformed events with typed errors and keeps serving', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const session = await buildSession(server.db, inv, [], { admitted: true });
  const token = await server.login(inv.username);
  const s = await server.socket(token);
  const r = rng(20261121);
  const protocolErrors: unknown[] = [];
  s.on('protocol:error', (e) => protocolErrors.push(e));

  const answers: { ok: boolean; error?: string }[] = [];
  let sentWithoutAck = 0;
  for (let i = 0; i < 1000; i += 1) {
    const kind = i % 10;
    if (kind === 0) {
      answers.push(await ask(s, `bogus:${i}`, junk(r)));
    } else if (kind === 1) {
      // Just under socket.io's frame limit, over the per-event limit.
      answers.push(await ask(s, 'session:join', { sessionId: 'y'.repeat(100 * 1024) }));
    } else if (kind === 2) {
      s.emit(EVENTS[i % EVENTS.length] as string, junk(r));
      sentWithoutAck += 1;
    } else {
      answers.push(await ask(s, EVENTS[Math.floor(r() * EVENTS.length)] as string, junk(r)));
    }
    // NOTE: stay under the per-socket rate limit most of the time; rate_limited is still a typed answer.
    if (i % 50 === 49) await new Promise((res) => setTimeout(res, 300));
  }

  expect(answers).toHaveLength(900);
  for (const a of answers) {
    // session:leave with no payload and without joining legitimately succeeds; everything else is an error.
    if (a.ok) continue;
    expect(CODES.has(a.error as string)).toBe(true);
  }
  const errors = answers.filter((a) => !a.ok);
  expect(errors.length).toBeGreaterThan(800);
  expect(errors.some((e) => e.error === 'unknown_event')).toBe(true);
  expect(errors.some((e) => e.error === 'payload_too_large')).toBe(true);
  expect(errors.some((e) => e.error === 'invalid_request')).toBe(true);
  // Requests without an ack callback that failed were reported on protocol:error instead.
  await new Promise((res) => setTimeout(res, 200));
  expect(protocolErrors.length).toBeGreaterThan(0);
  expect(protocolErrors.length).toBeLessThanOrEqual(sentWithoutAck);

  // The same connection still works for a real request afterwards, and so does the server.
  await new Promise((res) => setTimeout(res, 1500));
  const join = await ask(s, 'session:join', { sessionId: session.id, endpoint: 'user' });
  expect(join.ok).toBe(true);
  expect((await server.request('GET', '/healthz')).status).toBe(200);
});

it('survives a frame over the transport limit by dropping only that connection', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const token = await server.login(inv.username);
  const s = await server.socket(token);
  const closed = new Promise<string>((res) => s.once('disconnect', (reason) => res(reason)));
  s.emit('session:join', { sessionId: 'z'.repeat(400 * 1024) });
  expect(await closed).toBe('transport close');
  const again = await server.socket(token);
  expect(again.connected).toBe(true);
  expect((await server.request('GET', '/healthz')).body).toMatchObject({ ok: true });
});

it('answers malformed HTTP bodies with typed errors', async () => {
  const bad = await server.request('POST', '/api/auth/login', { raw: '{"username":' });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ ok: false, error: 'invalid_request' });
  const wrong = await server.request('POST', '/api/auth/login', { body: { username: 42, password: [] } });
  expect(wrong.body).toMatchObject({ ok: false, error: 'invalid_request' });
  const huge = await server.request('POST', '/api/auth/login', {
    raw: JSON.stringify({ username: 'a', password: 'p'.repeat(300 * 1024) }),
  });
  expect(huge.body).toMatchObject({ ok: false, error: 'payload_too_large' });
  const none = await server.request('GET', '/api/nothing-here');
  expect(none.body).toMatchObject({ ok: false, error: 'not_found' });
});
