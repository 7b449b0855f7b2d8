// Wiring only: express routes, socket.io, signaling. main.ts decides what is passed in.
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { MediaService } from '../media';
import type { RecordingSupervisor } from './recording/recording.supervisor';
import { adminRoutes } from './admin/admin.routes';
import { authRoutes, type AuthOptions } from './auth';
import { casesRoutes } from './cases';
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
import { socketAuth } from './realtime/socketAuth';
import { type Io, lobbyRoutes, mediaRoutes, procedureRoutes, SessionLifecycle, Signaling, sessionsRoutes } from './sessions';
import { attachTranscripts, transcriptRoutes, transcriptSocketRoutes, type TranscriptDeps } from './transcripts';

export type AppOptions = {
  db: Db;
  media: MediaService;
  recordings: RecordingSupervisor;
  transcripts: TranscriptDeps;
  dossiers: DossierDeps;
  auth: AuthOptions & { secureCookies: boolean };
  /** Folder with the built client (index.html, app.js); omitted in API-only tests. */
  clientDir?: string;
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
    }),
  );
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', async (_req, res) => {
    await opts.db.raw('SELECT 1');
    res.json({ ok: true, data: { status: 'ok', mediaWorkers: opts.media.workerPids().length } });
  });
  app.use(authRoutes(opts.db, opts.auth));
  app.use(casesRoutes(opts.db, opts.auth));
  app.use(sessionsRoutes(opts.db, opts.auth));
  app.use(roomsRoutes(opts.db, opts.auth));
  // NOTE: one lifecycle per app: sessions runs it, recording and transcripts subscribe (see sessions.lifecycle.ts).
  const lifecycle = new SessionLifecycle();
  attachRecording(lifecycle, opts.recordings);
  attachTranscripts(opts.db, opts.transcripts, lifecycle);
  app.use(schedulingRoutes(opts.db, opts.auth, lifecycle));
  app.use(auditRoutes(opts.db, opts.auth));
  app.use(recordingRoutes(opts.db, opts.auth, opts.recordings.root));
  app.use(transcriptRoutes(opts.db, opts.auth, opts.transcripts));
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

  const server = http.createServer(app);
  const io: Io = new Server(server, {
    maxHttpBufferSize: 256 * 1024,
    serveClient: false,
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  io.use(socketAuth(opts.db, opts.auth));
  const signaling = new Signaling(io, opts.db, opts.media, lifecycle);
  for (const routes of [lobbyRoutes, mediaRoutes, procedureRoutes, recordingSocketRoutes(opts.recordings)]) signaling.addRoutes(routes);
  signaling.addRoutes(transcriptSocketRoutes(opts.db, opts.transcripts, signaling));

  return {
    server,
    io,
    signaling,
    lifecycle,
    close: async () => {
      await signaling.drain();
      await new Promise<void>((resolve) => {
        io.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
