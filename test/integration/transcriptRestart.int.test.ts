// Typing survives a server restart mid-session: the clerk's client (the same outbox class the
// browser uses) keeps every edit until the server has it, the platform is stopped while edits
// are in flight and started again on the same database and port, the client reconnects, rejoins
// and sends the rest; the record then holds exactly what was typed, each edit applied once.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { io as ioClient, type Socket } from 'socket.io-client';
import { TranscriptOutbox } from '../../client/transcript/outbox';
import type { TranscriptEditInput } from '../../server/realtime/events';
import { liveInterrogation } from '../support/liveSession';
import { startTestServer, waitFor, type TestServer } from '../support/testServer';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

let server: TestServer;
afterAll(async () => {
  await server.close();
});

it('keeps every edit through a restart of the platform, applied once each', async () => {
  const port = await freePort();
  server = await startTestServer({ port });
  const w = await liveInterrogation(server);
  const token = await server.login(w.inv.username);

  const clerk: Socket = ioClient(server.url, {
    transports: ['websocket'],
    auth: { token },
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
  });
  const store: TranscriptEditInput[][] = [[]];
  const send = (op: TranscriptEditInput) =>
    new Promise<any>((resolve, reject) => {
      if (!clerk.connected) {
        reject(Object.assign(new Error('offline'), { code: 'disconnected' }));
        return;
      }
      clerk.timeout(2000).emit('transcript:edit', op, (err: Error | null, res: any) => {
        if (err) reject(Object.assign(new Error('timeout'), { code: 'timeout' }));
        else if (res.ok) resolve(res.data);
        else reject(Object.assign(new Error(res.message), { code: res.error }));
      });
    });
  const refused: string[] = [];
  const outbox = new TranscriptOutbox(
    {
      load: () => store[0] as TranscriptEditInput[],
      save: (ops) => {
        store[0] = [...ops];
      },
    },
    send,
    { refused: (_op, code) => refused.push(code) },
  );
  let joins = 0;
  clerk.on('connect', () => {
    clerk.timeout(5000).emit('session:join', { sessionId: w.sessionId, endpoint: 'user' }, (err: Error | null, res: { ok: boolean }) => {
      if (!err && res.ok) {
        joins += 1;
        void outbox.resume();
      }
    });
  });
  clerk.on('disconnect', () => outbox.pause());
  await waitFor(async () => joins === 1, 10_000);

  // The clerk types: one block per question and answer, each growing as typed.
  const expected = new Map<string, string>();
  const type = (i: number) => {
    const blockId = expected.size > i ? ([...expected.keys()][i] as string) : randomUUID();
    const text = `${i % 2 ? '答' : '问'}第${i + 1}段：${'这是逐字记录的内容。'.repeat(3)}`;
    for (const part of [text.slice(0, 8), text.slice(0, 16), text]) {
      const opId = randomUUID();
      outbox.push({ opId, blockId, base: outbox.lastQueuedOp(blockId) ?? null, ord: i + 1, kind: i % 2 ? 'a' : 'q', text: part });
    }
    expected.set(blockId, text);
  };
  for (let i = 0; i < 10; i++) type(i);
  await waitFor(async () => outbox.pending.length === 0, 15_000);

  // More typing, and the platform goes down while it is being sent.
  for (let i = 10; i < 20; i++) type(i);
  const stopping = server.close();
  for (let i = 20; i < 25; i++) type(i);
  await stopping;
  expect(outbox.pending.length).toBeGreaterThan(0);
  const unsent = outbox.pending.length;

  server = await startTestServer({ port });
  await waitFor(async () => joins === 2, 20_000);
  await waitFor(async () => outbox.pending.length === 0, 20_000);
  clerk.close();

  expect(refused).toEqual([]);
  const t = await server.db('transcripts').where({ session_id: w.sessionId }).first();
  const blocks = await server.db('transcript_blocks').where({ transcript_id: t.id }).orderBy('ord');
  expect(blocks.map((b: { text: string }) => b.text)).toEqual([...expected.values()]);
  // Every edit the client sent was applied exactly once (the outbox may merge unsent keystrokes).
  const revisions = await server.db('transcript_revisions').where({ transcript_id: t.id });
  expect(new Set(revisions.map((r: { op_id: string }) => r.op_id)).size).toBe(revisions.length);
  expect(t.version).toBe(revisions.length);
  expect(unsent).toBeGreaterThan(0);
});
