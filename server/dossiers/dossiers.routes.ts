// HTTP for the case file: its listing, document upload and download, packaging and sending,
// package download (tar) and receipt, and the inter-agency inbound endpoint, which has no user:
// a package is authenticated by its signature against the configured peer keys.
import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { parseInput } from '../http/validate';
import { DOCUMENT_ORIGINS, PURPOSES } from '../vocabulary';
import { Inbound } from './dossiers.inbound';
import { packDirectory } from './dossiers.tar';
import * as svc from './dossiers.service';
import { caseFileView } from './dossiers.view';
import { ingestDocument } from './dossiers.upload';

const IdParam = z.object({ id: z.string().uuid() }).strict();
const UploadQuery = z
  .object({
    name: z.string().min(1).max(300),
    title: z.string().max(200).optional(),
    origin: z.enum(DOCUMENT_ORIGINS),
  })
  .strict();
const PackageBody = z
  .object({
    recipient: z.string().min(1).max(64),
    purpose: z.enum(PURPOSES),
    requestId: z.string().uuid(),
    transfer: z.boolean(),
  })
  .strict();

export function dossierRoutes(db: Db, auth: AuthOptions, deps: svc.DossierDeps): Router {
  const r = Router();
  const user = requireUser(db, auth);
  const inbound = new Inbound(db, deps);

  r.get('/api/cases/:id/dossier', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    res.json({ ok: true, data: await caseFileView(db, deps, currentUser(req), id) });
  });

  // The body is the file itself (any content type but JSON); name, title and origin come in the query.
  r.post('/api/cases/:id/documents', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const q = parseInput(UploadQuery, req.query);
    const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
    const doc = await ingestDocument(
      db,
      deps,
      currentUser(req),
      id,
      { name: q.name, title: q.title ?? '', origin: q.origin, declaredBytes: Number.isFinite(declared) ? declared : null },
      req,
    );
    res.status(201).json({
      ok: true,
      data: {
        document: {
          id: doc.id,
          title: doc.title,
          originalName: doc.originalName,
          mediaType: doc.mediaType,
          bytes: doc.bytes,
          sha256: doc.sha256,
          sm3: doc.sm3,
          origin: doc.origin,
          uploadedAt: doc.uploadedAt.toISOString(),
        },
      },
    });
  });

  r.get('/api/documents/:id/file', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const { doc, file } = await svc.documentForDownload(db, deps, currentUser(req), id);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.originalName)}`);
    res.sendFile(file, { headers: { 'Content-Type': doc.mediaType, 'Cache-Control': 'no-store', 'X-Content-SHA256': doc.sha256 } });
  });

  r.post('/api/cases/:id/dossier/packages', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const pkg = await svc.makePackage(db, deps, currentUser(req), id, parseInput(PackageBody, req.body));
    res.status(201).json({
      ok: true,
      data: {
        package: {
          id: pkg.id,
          version: pkg.version,
          recipient: pkg.recipientCode,
          purpose: pkg.purpose,
          manifestSha256: pkg.manifestSha256,
          manifestSm3: pkg.manifestSm3,
          files: pkg.fileCount,
          bytes: pkg.totalBytes,
          forTransfer: pkg.forTransfer,
        },
      },
    });
  });

  r.post('/api/dossier-packages/:id/retry', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    await svc.retryTransfer(db, deps, currentUser(req), id);
    res.json({ ok: true, data: {} });
  });

  r.get('/api/dossier-packages/:id/download', user, async (req, res) => {
    const { id } = parseInput(IdParam, req.params);
    const { pkg, dir, names } = await svc.packageForDownload(db, deps, currentUser(req), id);
    res.setHeader('Content-Type', 'application/x-tar');
    res.setHeader('Content-Disposition', `attachment; filename="dossier-v${pkg.version}-${pkg.id}.tar"`);
    res.setHeader('X-Manifest-SHA256', pkg.manifestSha256);
    const tar = packDirectory(dir, names);
    tar.on('error', () => res.destroy());
    tar.pipe(res);
  });

  // Peers deliver here. Unknown senders, bad signatures and changed files are refused with a typed reason.
  r.post('/api/inbound/dossiers', async (req, res) => {
    const out = await inbound.receive({
      senderCode: String(req.headers['x-hearing-sender'] ?? ''),
      idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
      timestamp: String(req.headers['x-hearing-timestamp'] ?? ''),
      signature: String(req.headers['x-hearing-signature'] ?? ''),
      body: req,
    });
    res.status(out.replay ? 200 : 201).json({ ok: true, data: { receipt: out.receipt, signature: out.signature, replay: out.replay } });
  });

  // The key packages and receipts of this agency are signed with, for peers to configure (never fetched by them automatically).
  r.get('/api/agency/public-key', (_req, res) => {
    res.type('application/x-pem-file').send(deps.signer.publicKeyPem);
  });
  return r;
}
