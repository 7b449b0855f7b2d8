// Starts the whole platform: database (embedded or DATABASE_URL), migrations, optional demo seed,
// media workers, HTTP + socket.io. main.ts, the CLI demo and the tests all start it this way.
import type { AddressInfo } from 'node:net';
import { createMediaService, type MediaService, type MediaServiceOptions } from '../media';
import { createApp, type App, type WebOptions } from './app';
import type { AuthOptions } from './auth';
import path from 'node:path';
import { connectDb, migrateWithOwner, type Db } from './db/db';
import { type JournalStatus, WriteJournal } from './db/journal';
import { startEmbeddedPostgres } from './db/embeddedPostgres';
import { logger } from './logger';
import { recoverRecordings } from './recording/recording.recovery';
import type { AgencySigner } from './security/agencySigning';
import { measureWith, type PdfSigner } from './transcripts';
import { startRelay, type Peer } from './dossiers';
import { useJoinBase } from './invitations';
import { type SmsGateway, startNotificationRelay } from './notifications';
import { RecordingSupervisor, type RecordingOptions } from './recording/recording.supervisor';
import { useSensitiveKey } from './security/sensitive';
import { ensureDemoSession, seedDemo, type DemoIds } from './seed/seed.service';

export type PlatformOptions = {
  databaseUrl?: string | undefined;
  embedded?: { dataDir: string; port: number };
  http: { host: string; port: number };
  auth: AuthOptions & { secureCookies: boolean };
  /** TLS, allowed origins, the failed-login throttle (defaults: plain HTTP, own origin, 30, 60 s). */
  web?: Partial<WebOptions>;
  media: Omit<MediaServiceOptions, 'logger'>;
  seedDemo: boolean;
  clientDir?: string;
  /** 32-byte key for sensitive personal data at rest. */
  sensitiveKey: Buffer;
  recording: RecordingOptions;
  /** The local journal of writes made while the database was away (default: in the recordings root). */
  journalFile?: string;
  /** The agency's key that signs recording manifests. */
  signer: AgencySigner;
  /** Final records: where they are kept, the font, and the agency's document-signing certificate. */
  transcripts: { root: string; fontFile: string; pdfSigner: PdfSigner };
  /** The address people outside open (PUBLIC_URL): invitation texts point there (default: where the platform listens). */
  publicUrl?: string | undefined;
  /** Notices by SMS: the gateway (null: shown in the platform only) and the relay's pace. */
  notifications?: { gateway: SmsGateway | null; intervalMs: number; maxBackoffMs: number };
  /** The case file: where it lives, the agency this instance acts for, its configured peers, limits and the transfer relay. */
  dossiers: {
    root: string;
    agencyCode: string | undefined;
    peers: Peer[];
    uploadMaxBytes: number;
    packageMaxBytes: number;
    relayIntervalMs: number;
    relayMaxBackoffMs: number;
    /** false: no relay in this process (another process delivers the outbox). */
    relay?: boolean;
    refusalsPerWindow?: number;
    refusalWindowMs?: number;
  };
};

export type Platform = {
  url: string;
  db: Db;
  media: MediaService;
  recordings: RecordingSupervisor;
  /** Writes journaled while the database is away, replayed when it returns. */
  journal: { status(): JournalStatus; flushed(timeoutMs: number): Promise<boolean> };
  app: App;
  demo: DemoIds | null;
  close(): Promise<void>;
};

/** Starts everything and resolves once the server listens. */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (err) {
        logger.warn({ err }, 'error while shutting down');
      }
    }
  };
  try {
    useSensitiveKey(opts.sensitiveKey);
    let url = opts.databaseUrl;
    if (!url) {
      if (!opts.embedded) throw new Error('either a database URL or an embedded data directory is required');
      const pg = await startEmbeddedPostgres({ dataDir: opts.embedded.dataDir, port: opts.embedded.port });
      closers.push(() => pg.stop());
      url = pg.url;
    }
    const applied = await migrateWithOwner(url);
    const db = connectDb(url, { asAppRole: true });
    closers.push(() => db.destroy());
    if (applied.length) logger.info({ applied }, 'migrations applied');
    surviveBackgroundFailures();
    // NOTE: writes an earlier process journaled (the database was away, then it died) go in first,
    // before crash recovery reads what is registered.
    const journal = new WriteJournal(db, opts.journalFile ?? path.join(opts.recording.root, '.write-journal.jsonl'));
    closers.push(() => journal.close());
    const replay = await journal.open();
    if (replay.replayed || replay.rejected) logger.warn({ replay }, 'journaled writes replayed at start-up');
    let demo: DemoIds | null = null;
    if (opts.seedDemo) {
      demo = await seedDemo(db);
      await ensureDemoSession(db, demo);
    }
    // NOTE: recordings cut off by a crash are registered, salvaged and sealed before anyone can join.
    const recovered = await recoverRecordings(db, opts.recording.root, opts.signer, opts.recording.instanceId);
    if (recovered.length) logger.warn({ recovered }, 'recordings recovered after a crash');
    const media = await createMediaService({ ...opts.media, logger: mediaLogger });
    closers.push(() => media.close());
    const recordings = new RecordingSupervisor(db, media, opts.recording, opts.signer);
    const transcripts = { ...opts.transcripts, measure: measureWith(opts.transcripts.fontFile) };
    const d = opts.dossiers;
    const relay =
      d.relay === false
        ? null
        : startRelay(db, {
            root: d.root,
            peers: d.peers,
            intervalMs: d.relayIntervalMs,
            maxBackoffMs: d.relayMaxBackoffMs,
            signer: opts.signer,
          });
    if (relay) closers.push(() => relay.stop());
    const n = opts.notifications;
    const notices = n?.gateway ? startNotificationRelay(db, n.gateway, { intervalMs: n.intervalMs, maxBackoffMs: n.maxBackoffMs }) : null;
    if (notices) closers.push(() => notices.stop());
    const dossiers = {
      root: d.root,
      recordingsRoot: opts.recording.root,
      transcriptsRoot: opts.transcripts.root,
      signer: opts.signer,
      agencyCode: d.agencyCode,
      peers: d.peers,
      uploadMaxBytes: d.uploadMaxBytes,
      packageMaxBytes: d.packageMaxBytes,
      ...(d.refusalsPerWindow ? { refusalsPerWindow: d.refusalsPerWindow } : {}),
      ...(d.refusalWindowMs ? { refusalWindowMs: d.refusalWindowMs } : {}),
      ...(relay ? { kick: relay.kick } : {}),
    };
    const app = createApp({
      db,
      media,
      recordings,
      transcripts,
      dossiers,
      auth: { ...opts.auth, secureCookies: opts.auth.secureCookies || Boolean(opts.web?.tls) },
      web: {
        tls: opts.web?.tls,
        allowedOrigins: opts.web?.allowedOrigins ?? [],
        loginFailuresPerAddress: opts.web?.loginFailuresPerAddress ?? 30,
        loginKeepAliveMs: opts.web?.loginKeepAliveMs ?? 60_000,
        turn: opts.web?.turn,
      },
      ...(opts.clientDir ? { clientDir: opts.clientDir } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      app.server.once('error', reject);
      app.server.listen(opts.http.port, opts.http.host, () => resolve());
    });
    closers.push(() => app.close());
    // NOTE: runs before app.close (closers run in reverse): recordings are sealed before peers are drained.
    closers.push(() => recordings.shutdown());
    const addr = app.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    useJoinBase(opts.publicUrl ?? `${opts.web?.tls ? 'https' : 'http'}://${host}:${addr.port}`);
    return { url: `${opts.web?.tls ? 'https' : 'http'}://${host}:${addr.port}`, db, media, recordings, journal, app, demo, close };
  } catch (err) {
    await close();
    throw err;
  }
}

let surviving = false;
/**
 * A failure in background work (a recorder's exit handler, a timer) must never end every hearing on
 * the box: Node 20 exits on an unhandled rejection unless someone listens. Installed once.
 */
function surviveBackgroundFailures(): void {
  if (surviving) return;
  surviving = true;
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled rejection in background work; the platform goes on'),
  );
}

const mediaLogger = {
  info: (obj: object, msg: string) => logger.info(obj, msg),
  warn: (obj: object, msg: string) => logger.warn(obj, msg),
  error: (obj: object, msg: string) => logger.error(obj, msg),
};
