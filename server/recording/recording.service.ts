// Recording state changes, each in one transaction with its audit entry: a recording part starts,
// a track is added, a closed segment is registered (hashed, chained to the previous segment of
// its track), a gap opens or closes, a host states a gap's cause, a part ends.
import path from 'node:path';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import type { Db, Trx } from '../db/db';
import { InvalidState, NotFound } from '../errors';
import { genesis, link } from './recording.chain';
import * as repo from './recording.repo';
import type { Gap, Recording, RecordingState, Segment, Track } from './recording.types';

const system = (action: string, objectId: string, detail: Record<string, unknown>) => ({
  actorUserId: null,
  agencyId: null,
  action,
  objectType: 'recording',
  objectId,
  outcome: 'success' as const,
  detail,
});

/** The platform instance writing recordings, and how long its lease on a part lasts unrenewed. */
export type Writer = { instanceId: string; leaseMs: number };

/** Refuses a part that another instance writes: two writers would corrupt each other's files and chain. */
function assertOwner(rec: Recording, owner: string): void {
  if (rec.ownerInstance !== null && rec.ownerInstance !== owner) {
    throw InvalidState(
      `recording part ${rec.part} of session ${rec.sessionId}`,
      `written by instance ${rec.ownerInstance}`,
      'only its writer records into it',
    );
  }
}

/**
 * Starts the next part of a session's recording (this instance its writer); the time since an
 * earlier part ended is a gap. `by`: the host who started an optional recording (else the platform).
 */
export async function startPart(
  db: Db,
  sessionId: string,
  o: { sessionLive: boolean; writer: Writer; by?: { userId: string; agencyId: string } },
): Promise<Recording> {
  return db.transaction(async (trx) => {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + o.writer.leaseMs);
    const active = await repo.activeRecording(trx, sessionId);
    if (active) {
      assertOwner(active, o.writer.instanceId);
      await repo.setOwner(trx, active.id, o.writer.instanceId, leaseUntil);
      return { ...active, ownerInstance: o.writer.instanceId, leaseExpiresAt: leaseUntil };
    }
    const prev = await repo.lastPart(trx, sessionId);
    const part = (prev?.part ?? 0) + 1;
    const rec = await repo.insertRecording(trx, {
      sessionId,
      part,
      dir: path.join(sessionId, `part-${part}`),
      startedAt: now,
      owner: o.writer.instanceId,
      leaseUntil,
    });
    if (prev) {
      await repo.insertGap(trx, {
        recordingId: rec.id,
        trackId: null,
        startedAt: prev.endedAt ?? prev.startedAt,
        endedAt: now,
        detectedCause: `recording part ${prev.part} ${prev.state}${prev.interruptedReason ? `: ${prev.interruptedReason}` : ''}`,
        requiresCause: o.sessionLive,
      });
    }
    await audit.record(trx, {
      ...system('recording.started', rec.id, { sessionId, part, previousPart: prev?.id ?? null }),
      ...(o.by ? { actorUserId: o.by.userId, agencyId: o.by.agencyId } : {}),
    });
    return rec;
  });
}

export async function ensureTrack(
  db: Db,
  rec: Recording,
  t: { participantId: string; source: string; kind: 'audio' | 'video'; label: string },
): Promise<Track> {
  const found = await repo.findTrack(db, rec.id, t.participantId, t.source);
  if (found) return found;
  return db.transaction(async (trx) => {
    await repo.lockRecording(trx, rec.id);
    const again = await repo.findTrack(trx, rec.id, t.participantId, t.source);
    if (again) return again;
    const track = await repo.insertTrack(trx, { recordingId: rec.id, ...t, startedAt: new Date() });
    await audit.record(
      trx,
      system('recording.track_added', rec.id, {
        trackId: track.id,
        seq: track.seq,
        participantId: t.participantId,
        source: t.source,
        kind: t.kind,
      }),
    );
    return track;
  });
}

export type NewSegment = {
  index: number;
  file: string;
  bytes: number;
  sha256: string;
  sm3: string;
  run: number;
  mediaStartMs: number;
  mediaEndMs: number;
  startedAt: Date;
  endedAt: Date;
  salvaged?: boolean;
  truncatedBytes?: number;
};

/** Registers a closed segment: chained to its track's previous segment, audited, closing the track's open gap. */
export async function registerSegment(db: Db | Trx, rec: Recording, track: Track, s: NewSegment, owner: string): Promise<Segment> {
  const run = async (trx: Trx) => {
    const locked = await repo.lockRecording(trx, rec.id);
    if (!locked) throw NotFound('recording', rec.id);
    if (locked.state !== 'recording')
      throw InvalidState(`recording part ${locked.part}`, locked.state, 'segments are registered only while it records');
    assertOwner(locked, owner);
    const last = await repo.lastSegment(trx, track.id);
    if (last && last.index >= s.index)
      throw InvalidState(`segment ${s.index} of track ${track.seq}`, 'out of order', `follow segment ${last.index}`);
    const prevLink = last?.linkSha256 ?? genesis(rec.id, track.seq);
    const file = path.basename(s.file);
    const l = link(prevLink, { index: s.index, file, bytes: s.bytes, sha256: s.sha256, sm3: s.sm3 });
    const seg = await repo.insertSegment(trx, {
      trackId: track.id,
      index: s.index,
      file,
      bytes: s.bytes,
      sha256: s.sha256,
      sm3: s.sm3,
      prevLink,
      linkSha256: l.sha256,
      linkSm3: l.sm3,
      run: s.run,
      mediaStartMs: s.mediaStartMs,
      mediaEndMs: s.mediaEndMs,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      salvaged: s.salvaged ?? false,
      truncatedBytes: s.truncatedBytes ?? 0,
    });
    // NOTE: only a segment that begins after the gap opened ends it; the segment that was open
    // when a stall began is registered after the stall and must not close it.
    const gap = await repo.openGapOf(trx, rec.id, track.id);
    if (gap && s.startedAt.getTime() >= gap.startedAt.getTime()) {
      await repo.closeGap(trx, gap.id, s.startedAt);
      await audit.record(
        trx,
        system('recording.gap_closed', rec.id, { gapId: gap.id, trackId: track.id, at: s.startedAt.toISOString(), by: 'segment' }),
      );
    }
    await audit.record(
      trx,
      system('recording.segment', rec.id, {
        trackId: track.id,
        seq: track.seq,
        index: s.index,
        file,
        bytes: s.bytes,
        sha256: s.sha256,
        sm3: s.sm3,
        link: l.sha256,
        linkSm3: l.sm3,
        ...(s.salvaged ? { salvaged: true, truncatedBytes: s.truncatedBytes ?? 0 } : {}),
      }),
    );
    return seg;
  };
  return 'commit' in db ? run(db as Trx) : (db as Db).transaction(run);
}

/** A track stopped recording while it should not have: the gap stays open until its next segment. */
export async function openGap(
  db: Db | Trx,
  rec: Recording,
  track: Track | null,
  o: { at: Date; cause: string; requiresCause: boolean },
): Promise<Gap> {
  return db.transaction(async (trx) => {
    const open = await repo.openGapOf(trx, rec.id, track?.id ?? null);
    if (open) return open;
    const gap = await repo.insertGap(trx, {
      recordingId: rec.id,
      trackId: track?.id ?? null,
      startedAt: o.at,
      detectedCause: o.cause,
      requiresCause: o.requiresCause,
    });
    await audit.record(
      trx,
      system('recording.gap_opened', rec.id, {
        gapId: gap.id,
        trackId: track?.id ?? null,
        at: o.at.toISOString(),
        cause: o.cause,
        requiresCause: o.requiresCause,
      }),
    );
    return gap;
  });
}

/** Media came back on a track at `at`: its open gap (if any) ends there. */
export async function closeGap(db: Db | Trx, rec: Recording, track: Track, at: Date): Promise<Gap | null> {
  return db.transaction(async (trx) => {
    const gap = await repo.openGapOf(trx, rec.id, track.id);
    if (!gap) return null;
    const endedAt = new Date(Math.max(gap.startedAt.getTime(), at.getTime()));
    await repo.closeGap(trx, gap.id, endedAt);
    await audit.record(
      trx,
      system('recording.gap_closed', rec.id, { gapId: gap.id, trackId: track.id, at: endedAt.toISOString(), by: 'media_flowing' }),
    );
    return { ...gap, endedAt };
  });
}

/** A host states why the recording has a gap (the caller writes the session event and audit entry). */
export async function stateGapCause(trx: Trx, sessionId: string, gapId: string, cause: string, user: AuthUser): Promise<Gap> {
  const gap = await repo.findGap(trx, gapId);
  const rec = gap && (await repo.findRecording(trx, gap.recordingId));
  if (!gap || !rec || rec.sessionId !== sessionId) throw NotFound('recording gap', gapId);
  if (gap.statedCause) throw InvalidState(`gap ${gapId}`, 'explained', 'a stated cause is not changed; it stays in the record');
  const at = new Date();
  await repo.stateGapCause(trx, gapId, cause, user.id, at);
  return { ...gap, statedCause: cause, statedBy: user.id, statedAt: at };
}

/** Gaps of the session that need a stated cause and have none. */
export async function unexplainedGaps(q: Db | Trx, sessionId: string): Promise<Gap[]> {
  return (await repo.gapsOfSession(q, sessionId)).filter((g) => g.requiresCause && !g.statedCause);
}

/** The part ends (complete or interrupted): open gaps close at `at`. */
export async function endPart(
  trx: Trx,
  rec: Recording,
  o: { state: Exclude<RecordingState, 'recording'>; at: Date; reason?: string },
): Promise<void> {
  await repo.closeOpenGaps(trx, rec.id, o.at);
  await repo.updateRecording(trx, rec.id, { state: o.state, endedAt: o.at, ...(o.reason ? { interruptedReason: o.reason } : {}) });
  await audit.record(
    trx,
    system(o.state === 'complete' ? 'recording.completed' : 'recording.interrupted', rec.id, {
      sessionId: rec.sessionId,
      part: rec.part,
      ...(o.reason ? { reason: o.reason } : {}),
    }),
  );
}
