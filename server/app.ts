// Wiring only: express routes, socket.io, signaling. main.ts decides what is passed in.
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { MediaService } from '../media';
import type { RecordingSupervisor } from './recording/recording.supervisor';
import { adminRoutes } from './admin/admin.routes';
import { accountsRoutes } from './accounts';
import { authRoutes, LoginThrottle, Revocations, type AuthOptions } from './auth';
import { casesRoutes } from './cases';
import { custodyRoutes, deviceRoutes } from './custody';
import { attachInstruments, instrumentHttpRoutes, instrumentSocketRoutes } from './instruments';
import { invitationRoutes } from './invitations';
import { notificationRoutes } from './notifications';
import type { Db } from './db/db';
import { dossierRoutes, type DossierDeps } from './dossiers';
import { directoryRoutes } from './directory/directory.routes';
import { auditRoutes } from './audit/audit.routes';
import { recordingRoutes } from './recording/recording.routes';
import { roomsRoutes } from './rooms';
import { schedulingRoutes } from './scheduling';
import { notFoundApi, onError } from './http/onError';
import { attachRecording } from './recording/recording.lifecycle';
import { recordingSocketRoutes } from './recording/recording.socket';
import { attachLoginLiveness } from './realtime/loginLiveness';
import { originCheck, originGate, originGuard } from './realtime/originGate';
import { socketAuth } from './realtime/socketAuth';
import { type Io, lobbyRoutes, mediaRoutes, procedureRoutes, SessionLifecycle, Signaling, sessionsRoutes } from './sessions';
import type { TurnOptions } from './turn';
import { attachTranscripts, transcriptRoutes, transcriptSocketRoutes, type TranscriptDeps } from './transcripts';

export type AppOptions = {
  db: Db;
  media: MediaService;
  recordings: RecordingSupervisor;
  transcripts: TranscriptDeps;
  dossiers: DossierDeps;
  auth: AuthOptions & { secureCookies: boolean };
  /** Web access: TLS (the server speaks HTTPS), the origins browsers may connect from, the failed-login throttle. */
  web: WebOptions;
  /** Folder with the built client (index.html, app.js); omitted in API-only tests. */
  clientDir?: string;
};

export type WebOptions = {
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Origins (scheme://host[:port]) whose pages may open a socket; empty: the page's own host only. */
  allowedOrigins: string[];
  /** Failed logins one address may make in 10 minutes before it must wait. */
  loginFailuresPerAddress: number;
  /** How often the logins of connections in a session are marked as in use. */
  loginKeepAliveMs: number;
  /** TURN servers and their shared secret (credentials are minted per participant). */
  turn?: TurnOptions | undefined;
};

export type App = { server: http.Server; io: Io; signaling: Signaling; lifecycle: SessionLifecycle; close(): Promise<void> };

/** Builds the HTTP server with every route and the socket.io signaling attached (not listening yet). */
export function createApp(opts: AppOptions): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // NOTE: HSTS only means something over HTTPS; a plain-HTTP development server sends none.
      strictTransportSecurity: opts.web.tls ? { maxAge: 180 * 24 * 3600, includeSubDomains: true } : false,
    }),
  );
  const sameOrigin = originCheck(opts.web.allowedOrigins, Boolean(opts.web.tls));
  app.use(originGuard(sameOrigin));
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', async (_req, res) => {
    await opts.db.raw('SELECT 1');
    res.json({ ok: true, data: { status: 'ok', mediaWorkers: opts.media.workerPids().length } });
  });
  const revocations = new Revocations();
  const throttle = new LoginThrottle(opts.web.loginFailuresPerAddress, 10 * 60_000);
  app.use(authRoutes(opts.db, opts.auth, { throttle, revocations }));
  app.use(accountsRoutes(opts.db, opts.auth, revocations));
  app.use(casesRoutes(opts.db, opts.auth));
  app.use(custodyRoutes(opts.db, opts.auth));
  app.use(notificationRoutes(opts.db, opts.auth));
  app.use(deviceRoutes(opts.db, opts.auth, { throttle, revocations }));
  app.use(invitationRoutes(opts.db, opts.auth, throttle));
  app.use(sessionsRoutes(opts.db, opts.auth));
  app.use(roomsRoutes(opts.db, opts.auth));
  // NOTE: one lifecycle per app: sessions runs it, recording and transcripts subscribe (see sessions.lifecycle.ts).
  const lifecycle = new SessionLifecycle();
  attachRecording(lifecycle, opts.recordings);
  attachTranscripts(opts.db, opts.transcripts, lifecycle);
  attachInstruments(opts.db, opts.transcripts, lifecycle);
  app.use(schedulingRoutes(opts.db, opts.auth, lifecycle));
  app.use(auditRoutes(opts.db, opts.auth));
  app.use(recordingRoutes(opts.db, opts.auth, opts.recordings.root));
  app.use(transcriptRoutes(opts.db, opts.auth, opts.transcripts));
  app.use(instrumentHttpRoutes(opts.db, opts.auth, opts.transcripts));
  app.use(dossierRoutes(opts.db, opts.auth, opts.dossiers));
  app.use(directoryRoutes(opts.db, opts.auth));
  app.use(adminRoutes(opts.db, opts.auth, opts.media));
  app.use(notFoundApi);
  if (opts.clientDir) {
    const dir = opts.clientDir;
    app.use(express.static(dir, { index: false, maxAge: 0 }));
    // NOTE: the client is a single page with hash routes; every non-API GET serves index.html.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(dir, 'index.html')));
  }
  app.use(onError);

  const server = opts.web.tls ? https.createServer({ cert: opts.web.tls.cert, key: opts.web.tls.key }, app) : http.createServer(app);
  const io: Io = new Server(server, {
    allowRequest: originGate(sameOrigin),
    maxHttpBufferSize: 256 * 1024,
    serveClient: false,
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  io.use(socketAuth(opts.db, opts.auth));
  const signaling = new Signaling(io, opts.db, opts.media, lifecycle, opts.auth, opts.web.turn ?? null);
  for (const routes of [lobbyRoutes, mediaRoutes, procedureRoutes, recordingSocketRoutes(opts.recordings)]) signaling.addRoutes(routes);
  signaling.addRoutes(transcriptSocketRoutes(opts.db, opts.transcripts, signaling));
  signaling.addRoutes(instrumentSocketRoutes(opts.db, signaling));
  const liveness = attachLoginLiveness(io, opts.db, signaling, revocations, opts.web.loginKeepAliveMs);

  return {
    server,
    io,
    signaling,
    lifecycle,
    close: async () => {
      liveness.stop();
      await signaling.drain();
      await new Promise<void>((resolve) => {
        io.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
