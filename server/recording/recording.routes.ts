// Reviewing recordings: the parts of a session with their manifests, playback of the court view
// and download of original segments (HTTP range requests), every playback and download audited.
import path from 'node:path';
import { Router, type Request } from 'express';
import { z } from 'zod';
import * as audit from '../audit';
import { currentUser, requireUser, type AuthOptions, type AuthUser } from '../auth';
import type { Db } from '../db/db';
import { NotFound } from '../errors';
import { parseInput } from '../http/validate';
import { recordingForReview, sessionForReview } from './recording.access';
import { buildManifest, MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE } from './recording.manifest';
import * as repo from './recording.repo';
import type { Recording } from './recording.types';

const SessionParam = z.object({ id: z.string().uuid() }).strict();
const RecordingParam = z.object({ id: z.string().uuid() }).strict();
const SealedParam = z.object({ id: z.string().uuid(), file: z.enum([MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]) }).strict();
const SegmentParam = z.object({ id: z.string().uuid(), segmentId: z.string().uuid() }).strict();

/** How long the later ranges of one viewing (same user, same file) are taken as that viewing, unaudited. */
const VIEWING_MS = 10 * 60_000;

/**
 * A viewing is audited once: when it starts (no Range header, or a range from byte 0) and whenever
 * a user reads a file without having started a viewing of it lately (a range from the middle is
 * never a way around the audit).
 */
function startsViewing(seen: Map<string, number>, req: Request, user: AuthUser, file: string): boolean {
  const now = Date.now();
  const key = `${user.id}:${file}`;
  const fresh = !req.headers.range || /^bytes=0-/.test(req.headers.range) || now - (seen.get(key) ?? 0) > VIEWING_MS;
  if (fresh) seen.set(key, now);
  if (seen.size > 10_000) for (const [k, at] of seen) if (now - at > VIEWING_MS) seen.delete(k);
  return fresh;
}

async function audited(db: Db, user: AuthUser, rec: Recording, action: string, detail: Record<string, unknown>): Promise<void> {
  await audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action,
    objectType: 'recording',
    objectId: rec.id,
    outcome: 'success',
    detail: { sessionId: rec.sessionId, ...detail },
  });
}

export function recordingRoutes(db: Db, auth: AuthOptions, root: string): Router {
  const r = Router();
  const seen = new Map<string, number>();
  r.use(['/api/recordings', '/api/sessions/:id/recordings'], requireUser(db, auth));

  r.get('/api/sessions/:id/recordings', async (req, res) => {
    const { id } = parseInput(SessionParam, req.params);
    await sessionForReview(db, currentUser(req), id);
    const parts = await repo.recordingsOfSession(db, id);
    res.json({
      ok: true,
      data: {
        recordings: await Promise.all(
          parts.map(async (rec) => ({
            id: rec.id,
            part: rec.part,
            state: rec.state,
            startedAt: rec.startedAt,
            endedAt: rec.endedAt,
            interruptedReason: rec.interruptedReason,
            sealed: rec.sealedAt !== null,
            manifestSha256: rec.manifestSha256,
            manifestSm3: rec.manifestSm3,
            keyId: rec.manifestKeyId,
            courtView: rec.courtViewFile
              ? { url: `/api/recordings/${rec.id}/court-view`, sha256: rec.courtViewSha256, sm3: rec.courtViewSm3 }
              : null,
            manifest: await buildManifest(db, rec, rec.manifestKeyId ?? ''),
            segmentIds: Object.fromEntries((await repo.segmentsOfRecording(db, rec.id)).map((s) => [s.file, s.id])),
          })),
        ),
      },
    });
  });

  r.get('/api/recordings/:id/court-view', async (req, res) => {
    const { id } = parseInput(RecordingParam, req.params);
    const user = currentUser(req);
    const rec = await recordingForReview(db, user, id);
    if (!rec.courtViewFile) throw NotFound('court view of recording', id);
    if (startsViewing(seen, req, user, `${rec.id}/${rec.courtViewFile}`))
      await audited(db, user, rec, 'recording.played', { file: rec.courtViewFile, range: req.headers.range ?? null });
    res.sendFile(path.join(root, rec.dir, rec.courtViewFile), { headers: { 'Content-Type': 'video/webm', 'Cache-Control': 'no-store' } });
  });

  // The sealed manifest, its signature and the enclosed public key: with the segments, all `hearing verify` needs.
  r.get('/api/recordings/:id/sealed/:file', async (req, res) => {
    const { id, file } = parseInput(SealedParam, req.params);
    const user = currentUser(req);
    const rec = await recordingForReview(db, user, id);
    if (!rec.sealedAt) throw NotFound('sealed manifest of recording', id);
    if (file === MANIFEST_FILE) await audited(db, user, rec, 'recording.manifest_downloaded', {});
    res.download(path.join(root, rec.dir, file), file, { headers: { 'Cache-Control': 'no-store' } });
  });

  r.get('/api/recordings/:id/segments/:segmentId', async (req, res) => {
    const { id, segmentId } = parseInput(SegmentParam, req.params);
    const user = currentUser(req);
    const rec = await recordingForReview(db, user, id);
    const seg = await repo.findSegment(db, segmentId);
    const track = seg && (await repo.tracksOf(db, rec.id)).find((t) => t.id === seg.trackId);
    if (!seg || !track) throw NotFound('segment', segmentId);
    if (startsViewing(seen, req, user, `${rec.id}/${seg.file}`))
      await audited(db, user, rec, 'recording.segment_downloaded', {
        file: seg.file,
        sha256: seg.sha256,
        range: req.headers.range ?? null,
      });
    res.sendFile(path.join(root, rec.dir, seg.file), {
      headers: {
        'Content-Type': 'video/x-matroska',
        'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="${seg.file}"`,
        'X-Content-SHA256': seg.sha256,
        'X-Content-SM3': seg.sm3,
      },
    });
  });
  return r;
}
