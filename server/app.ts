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
import type { ClientToServerEvents, ServerToClientEvents } from './realtime/events';
import { socketAuth } from './realtime/socketAuth';
import { Signaling, sessionsRoutes } from './sessions';
import { transcriptRoutes, transcriptSocket, type TranscriptDeps } from './transcripts';

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

export type App = { server: http.Server; io: Server; signaling: Signaling; close(): Promise<void> };

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
  // NOTE: signaling is created below with the socket server; cancellations reach it through this listener.
  let signalingRef: Signaling | undefined;
  app.use(schedulingRoutes(opts.db, opts.auth, { sessionCancelled: (id, reason) => signalingRef?.sessionCancelled(id, reason) }));
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
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    maxHttpBufferSize: 256 * 1024,
    serveClient: false,
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  io.use(socketAuth(opts.db, opts.auth));
  const signaling = new Signaling(io as never, opts.db, opts.media, opts.recordings);
  signalingRef = signaling;
  signaling.extend(transcriptSocket(opts.db, opts.transcripts, signaling));

  return {
    server,
    io: io as unknown as Server,
    signaling,
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
