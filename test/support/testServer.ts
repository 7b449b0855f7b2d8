// Starts the real platform (Postgres from globalSetup, real mediasoup workers, real HTTP and
// socket.io) on ephemeral ports, with helpers to act as a given user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signerFromPrivateKey, type AgencySigner } from '../../server/security/agencySigning';
import { createPdfSigner, DEFAULT_FONT_FILE } from '../../server/transcripts';
import { io as ioClient, type Socket } from 'socket.io-client';
import { HttpSmsGateway } from '../../server/notifications';
import { startPlatform, type Platform, type PlatformOptions } from '../../server/platform';

let portCursor = 0;
/**
 * RTC ports per server within this jest process. NOTE: base, WebRtcServer and the workers' own
 * ranges (base+1000..+1999) all stay below 32768, Linux's ephemeral range: a CI run failed two
 * files with EADDRINUSE on 127.0.0.1:49852, a port some outgoing connection had been given.
 */
const nextRtcBase = () => 20000 + ((process.pid * 37) % 175) * 60 + (portCursor++ % 25) * 2;

export type TestServer = Platform & {
  /** Where this instance keeps case files (documents, packages, received dossiers). */
  dossiersRoot: string;
  /** Logs in and returns a bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** JSON request with an optional bearer token (or cookie header). */
  request(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown; raw?: string; cookie?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** A connected socket.io client for the token (rejects with connect_error otherwise). */
  socket(token: string | undefined): Promise<Socket>;
};

export const TEST_PASSWORD = 'Test-Pass-2026!';

/** One agency key for the whole jest process (tests verify manifests with its public key). */
export const TEST_SIGNING_KEY_PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const TEST_SIGNER = signerFromPrivateKey(TEST_SIGNING_KEY_PEM);
/** One document-signing certificate for the whole jest process. */
export const TEST_PDF_SIGNER = createPdfSigner('测试机关');

export type TestServerOptions = {
  workers?: number;
  withClient?: boolean;
  recordingsRoot?: string;
  segmentSeconds?: number;
  port?: number;
  /** Where HTTP and the media workers listen (default 127.0.0.1; a network-namespace test uses its veth address). */
  listenIp?: string;
  /** This platform instance's id (the writer of its recording parts); unique unless given. */
  instanceId?: string;
  /** Another database than the shared one (a second agency's instance). */
  databaseUrl?: string;
  signer?: AgencySigner;
  dossiers?: Partial<PlatformOptions['dossiers']>;
  /** TLS, allowed origins, the failed-login throttle, the keep-alive period of logins in sessions. */
  web?: PlatformOptions['web'];
  /** An SMS gateway endpoint (a local fake of it): notices are then sent through the real HTTP adapter. */
  sms?: { url: string; token: string };
};

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const url = opts.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set; run through jest (globalSetup starts Postgres)');
  const dossiersRoot = opts.dossiers?.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-dossiers-'));
  const platform = await startPlatform({
    databaseUrl: url,
    http: { host: opts.listenIp ?? '127.0.0.1', port: opts.port ?? 0 },
    auth: { sessionHours: 8, idleMinutes: 30, lockMinutes: 30, secureCookies: false },
    ...(opts.web ? { web: opts.web } : {}),
    media: { numWorkers: opts.workers ?? 1, listenIp: opts.listenIp ?? '127.0.0.1', rtcBasePort: nextRtcBase(), logLevel: 'error' },
    seedDemo: false,
    sensitiveKey: Buffer.alloc(32, 7),
    recording: {
      root: opts.recordingsRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-rec-')),
      segmentSeconds: opts.segmentSeconds ?? 2,
      ffmpegPath: 'ffmpeg',
      restartDelayMs: 300,
      stallMs: 4000,
      instanceId: opts.instanceId ?? `test-${randomUUID().slice(0, 8)}`,
      leaseMs: 30_000,
    },
    signer: opts.signer ?? TEST_SIGNER,
    transcripts: { root: fs.mkdtempSync(path.join(os.tmpdir(), 'hearing-tr-')), fontFile: DEFAULT_FONT_FILE, pdfSigner: TEST_PDF_SIGNER },
    dossiers: {
      root: dossiersRoot,
      agencyCode: undefined,
      peers: [],
      uploadMaxBytes: 5 * 1024 * 1024,
      packageMaxBytes: 1024 * 1024 * 1024,
      relayIntervalMs: 200,
      relayMaxBackoffMs: 2000,
      ...opts.dossiers,
    },
    ...(opts.withClient ? { clientDir: path.resolve(__dirname, '..', '..', 'dist', 'client') } : {}),
    ...(opts.sms
      ? { notifications: { gateway: new HttpSmsGateway(opts.sms.url, opts.sms.token), intervalMs: 100, maxBackoffMs: 400 } }
      : {}),
  });
  const sockets: Socket[] = [];
  const request: TestServer['request'] = async (method, u, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.cookie) headers.cookie = o.cookie;
    if (o.body !== undefined || o.raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(platform.url + u, {
      method,
      headers,
      body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    ...platform,
    dossiersRoot,
    request,
    async login(username, password = TEST_PASSWORD) {
      const res = await request('POST', '/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
      return res.body.data.token as string;
    },
    socket(token) {
      return new Promise((resolve, reject) => {
        const s = ioClient(platform.url, { transports: ['websocket'], auth: token ? { token } : {}, reconnection: false, forceNew: true });
        sockets.push(s);
        s.once('connect', () => resolve(s));
        s.once('connect_error', (err) => reject(err));
      });
    },
    async close() {
      for (const s of sockets) s.close();
      await platform.close();
    },
  };
}

/** Emits a request and resolves with the ack ({ ok, data } or { ok:false, error, message }). */
export function ask(s: Socket, event: string, payload?: unknown, timeoutMs = 10_000): Promise<any> {
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)));
  });
}

/** Resolves with the next payload of a server event. */
export function next<T = any>(s: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    s.once(event, (p: T) => {
      clearTimeout(timer);
      resolve(p);
    });
  });
}

/** Polls `probe` until it returns a truthy value (for effects that complete after an event was pushed). */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
