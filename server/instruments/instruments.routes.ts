// The session's instrument over HTTP: its view, the final signed PDF (every download audited), and
// making it final again after a failure.
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import * as audit from '../audit';
import { currentUser, requireUser, type AuthOptions } from '../auth';
import type { Db } from '../db/db';
import { Forbidden, NotFound } from '../errors';
import { parseInput } from '../http/validate';
import { sessionForReview } from '../recording';
import { isHostRole, participantOf, SessionIdParam } from '../sessions';
import { finalizeInstrument, type InstrumentDeps } from './instruments.final';
import * as repo from './instruments.repo';
import { instrumentView } from './instruments.socket';

export function instrumentHttpRoutes(db: Db, auth: AuthOptions, deps: InstrumentDeps): Router {
  const r = Router();
  r.use(['/api/sessions/:id/instrument', '/api/sessions/:id/instrument.pdf'], requireUser(db, auth));

  r.get('/api/sessions/:id/instrument', async (req, res) => {
    const { id } = parseInput(SessionIdParam, req.params);
    await sessionForReview(db, currentUser(req), id);
    res.json({ ok: true, data: { instrument: await instrumentView(db, id) } });
  });

  r.get('/api/sessions/:id/instrument.pdf', async (req, res) => {
    const { id } = parseInput(SessionIdParam, req.params);
    const user = currentUser(req);
    await sessionForReview(db, user, id);
    const i = await repo.findBySession(db, id);
    if (i?.state !== 'final' || !i.pdfFile) throw NotFound('final instrument of session', id);
    await audit.recordAlone(db, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'instrument.downloaded',
      objectType: 'session',
      objectId: id,
      outcome: 'success',
      detail: { instrumentId: i.id, kind: i.kind, sha256: i.pdfSha256 },
    });
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="${i.kind}-${i.verificationCode}.pdf"`);
    res.setHeader('x-content-sha256', i.pdfSha256 ?? '');
    res.setHeader('x-content-sm3', i.pdfSm3 ?? '');
    res.send(fs.readFileSync(path.join(deps.root, i.pdfFile)));
  });

  r.post('/api/sessions/:id/instrument/final', async (req, res) => {
    const { id } = parseInput(SessionIdParam, req.params);
    const user = currentUser(req);
    const s = await sessionForReview(db, user, id);
    const me = participantOf(user, s);
    if (!me || !isHostRole(s.type, me.sessionRole)) throw Forbidden('only a host of the session makes its instrument final');
    await finalizeInstrument(db, deps, id, user);
    res.json({ ok: true, data: { instrument: await instrumentView(db, id) } });
  });
  return r;
}
