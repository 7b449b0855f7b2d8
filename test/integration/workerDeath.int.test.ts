// kill -9 of a mediasoup worker: the process stays up, a new worker takes over, the session's
// peers are told to rejoin, and a rejoin lands on the new worker with the same identity.
import { buildSession, buildUser } from '../support/factories';
import { ask, next, startTestServer, type TestServer } from '../support/testServer';
import { deviceCapabilities } from '../support/rtp';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 1 });
});
afterAll(async () => {
  await server.close();
});

it('replaces a killed worker and lets the session continue on the new one', async () => {
  const inv = await buildUser(server.db, 'investigator');
  const pro = await buildUser(server.db, 'prosecutor');
  const session = await buildSession(server.db, inv, [{ user: pro, sessionRole: 'prosecutor' }], { admitted: true });
  const a = await server.socket(await server.login(inv.username));
  const b = await server.socket(await server.login(pro.username));
  const ja = await ask(a, 'session:join', { sessionId: session.id, endpoint: 'user' });
  await ask(b, 'session:join', { sessionId: session.id, endpoint: 'user' });
  await ask(a, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
  expect((await ask(a, 'transport:create', { direction: 'send' })).ok).toBe(true);

  const [oldPid] = server.media.workerPids();
  const replaced = new Promise<{ pid: number }>((res) => server.media.on('workerreplaced', res));
  const resetA = next(a, 'session:mediaReset');
  const resetB = next(b, 'session:mediaReset');
  process.kill(oldPid as number, 'SIGKILL');

  expect((await resetA).sessionId).toBe(session.id);
  await resetB;
  const { pid: newPid } = await replaced;
  expect(newPid).not.toBe(oldPid);
  expect(server.media.workerPids()).toEqual([newPid]);
  expect(server.app.signaling.livePeers(session.id)).toEqual([]);

  // Both clients rejoin as the same participants and get working transports on the new worker.
  const again = await ask(a, 'session:join', { sessionId: session.id, endpoint: 'user' });
  expect(again.ok).toBe(true);
  expect(again.data.self.peerId).toBe(ja.data.self.peerId);
  expect((await ask(b, 'session:join', { sessionId: session.id, endpoint: 'user' })).ok).toBe(true);
  await ask(a, 'session:capabilities', { rtpCapabilities: deviceCapabilities });
  const t = await ask(a, 'transport:create', { direction: 'send' });
  expect(t.ok).toBe(true);
  expect(server.app.signaling.livePeers(session.id)).toHaveLength(2);
  expect((await server.request('GET', '/healthz')).body.data.mediaWorkers).toBe(1);
});
