// The record over HTTP: its view, the final signed PDF and a watermarked draft (every download
// audited), making it final again after a failure, a lookup by the verification code printed in
// its footer (for a paper copy), and the agency's document-signing certificate.
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import * as audit from '../audit';
import { currentUser, requireUser, type AuthOptions, type AuthUser } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, NotFound } from '../errors';
import { parseInput } from '../http/validate';
import { sessionForReview } from '../recording';
import { isHostRole, policyOf } from '../sessions';
import { participantOf } from '../sessions';
import { finalizeTranscript, renderDraft, type TranscriptDeps } from './transcripts.final';
import { presentTranscript } from './transcripts.present';
import * as repo from './transcripts.repo';

const SessionParam = z.object({ id: z.string().uuid() }).strict();
const CodeParam = z.object({ code: z.string().regex(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'a code like ABCD-EFGH-JKLM') }).strict();

const audited = (db: Db, user: AuthUser, sessionId: string, action: string, detail: Record<string, unknown>) =>
  audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action,
    objectType: 'session',
    objectId: sessionId,
    outcome: 'success',
    detail,
  });

export function transcriptRoutes(db: Db, auth: AuthOptions, deps: TranscriptDeps): Router {
  const r = Router();
  r.use(['/api/sessions/:id/transcript', '/api/sessions/:id/transcript.pdf', '/api/transcripts'], requireUser(db, auth));

  r.get('/api/sessions/:id/transcript', async (req, res) => {
    const { id } = parseInput(SessionParam, req.params);
    const s = await sessionForReview(db, currentUser(req), id);
    res.json({ ok: true, data: { transcript: await presentTranscript(db, s, await repo.findBySession(db, id)) } });
  });

  r.get('/api/sessions/:id/transcript.pdf', async (req, res) => {
    const { id } = parseInput(SessionParam, req.params);
    const user = currentUser(req);
    await sessionForReview(db, user, id);
    const t = await repo.findBySession(db, id);
    if (t?.state !== 'final' || !t.pdfFile) throw NotFound('final record of session', id);
    await audited(db, user, id, 'transcript.downloaded', { transcriptId: t.id, sha256: t.pdfSha256 });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="transcript-${t.verificationCode}.pdf"`);
    res.setHeader('x-content-sha256', t.pdfSha256 ?? '');
    res.setHeader('x-content-sm3', t.pdfSm3 ?? '');
    res.send(fs.readFileSync(path.join(deps.root, t.pdfFile)));
  });

  r.get('/api/sessions/:id/transcript/draft.pdf', async (req, res) => {
    const { id } = parseInput(SessionParam, req.params);
    const user = currentUser(req);
    await sessionForReview(db, user, id);
    const pdf = await renderDraft(db, deps, id);
    await audited(db, user, id, 'transcript.draft_downloaded', { bytes: pdf.length });
    res.setHeader('content-type', 'application/pdf');
    res.send(Buffer.from(pdf));
  });

  r.post('/api/sessions/:id/transcript/final', async (req, res) => {
    const { id } = parseInput(SessionParam, req.params);
    const user = currentUser(req);
    const s = await sessionForReview(db, user, id);
    const me = participantOf(user, s);
    if (!me || !(isHostRole(s.type, me.sessionRole) || policyOf(s.type).transcriptEditors.includes(me.sessionRole))) {
      throw Forbidden('only a host or the clerk of the session makes its record final');
    }
    const t = await finalizeTranscript(db, deps, id, user);
    res.json({ ok: true, data: { transcript: await presentTranscript(db, s, t) } });
  });

  r.get('/api/transcripts/verify/:code', async (req, res) => {
    const { code } = parseInput(CodeParam, req.params);
    const user = currentUser(req);
    const t = await repo.findByCode(db, code);
    if (t?.state !== 'final') throw NotFound('final record with verification code', code);
    await audited(db, user, t.sessionId, 'transcript.code_checked', { code });
    res.json({
      ok: true,
      data: {
        sessionId: t.sessionId,
        verificationCode: code,
        pdfSha256: t.pdfSha256,
        pdfSm3: t.pdfSm3,
        contentSha256: t.contentSha256,
        finalizedAt: t.finalizedAt,
      },
    });
  });

  r.get('/api/agency/pdf-certificate', (_req, res) => {
    res.type('application/x-pem-file').send(deps.pdfSigner.certificatePem);
  });
  return r;
}
