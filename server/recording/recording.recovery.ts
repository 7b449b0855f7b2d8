// Start-up after a crash: a recording part still marked as being written was cut off. Every
// segment file the dead process closed but had not registered is registered with its hash; the
// segment it was writing is salvaged up to its last complete cluster; the part is marked
// INTERRUPTED, its open gaps are closed, and it is sealed with the chain intact. A session left
// live is interrupted (questioning stops until a host resumes it).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { MatroskaSplitter } from '../../media';
import * as audit from '../audit';
import type { Db } from '../db/db';
import { logger } from '../logger';
import { interruptBySystem } from '../sessions';
import { sealPart } from './recording.manifest';
import * as repo from './recording.repo';
import * as svc from './recording.service';
import type { AgencySigner } from '../security/agencySigning';
import type { Recording } from './recording.types';

const SEGMENT_FILE = /^t(\d{2})-(\d{6})\.mkv$/;
export const CRASH_REASON = '服务器异常中断（启动时恢复） server crashed; recovered at start-up';

export type RecoveryReport = {
  recordingId: string;
  sessionId: string;
  registered: number;
  salvagedBytesDropped: number;
  discarded: string[];
};

/** Reads a segment file and returns how many leading bytes are a readable stream (header + complete clusters). */
function readablePrefix(bytes: Buffer): { length: number; clusters: number; firstMs: number; lastMs: number } {
  let length = 0;
  let headerLength = 0;
  let clusters = 0;
  let firstMs = 0;
  let lastMs = 0;
  const splitter = new MatroskaSplitter({
    header: (b) => {
      headerLength = b.length;
    },
    cluster: (c) => {
      if (clusters === 0) firstMs = c.timecodeMs;
      clusters += 1;
      lastMs = Math.max(lastMs, c.lastBlockMs);
      length = length === 0 ? headerLength + c.bytes.length : length + c.bytes.length;
    },
  });
  try {
    splitter.write(bytes);
  } catch {
    /* whatever parsed before the damage is kept */
  }
  return { length: clusters ? length : 0, clusters, firstMs, lastMs };
}

/**
 * Whether this instance may recover (or seal) a part: one it wrote itself in an earlier life, one
 * from before parts had writers, or one whose writer let its lease run out. Never a part that
 * another live instance is writing.
 */
const mayTake = (rec: Recording, owner: string, now: Date): boolean =>
  rec.ownerInstance === null || rec.ownerInstance === owner || (rec.leaseExpiresAt !== null && rec.leaseExpiresAt < now);

export async function recoverRecordings(db: Db, root: string, signer: AgencySigner, owner: string): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  const now = new Date();
  for (const rec of await repo.recordingsInState(db, 'recording')) {
    if (!mayTake(rec, owner, now)) {
      logger.info({ recordingId: rec.id, writer: rec.ownerInstance }, 'recording part written by another live instance; left alone');
      continue;
    }
    try {
      await db.transaction((trx) => repo.setOwner(trx, rec.id, owner, now));
      reports.push(await recoverOne(db, root, { ...rec, ownerInstance: owner }, owner));
      await sealPart(db, root, signer, rec.id);
    } catch (err) {
      logger.error({ err, recordingId: rec.id }, 'could not recover a recording');
    }
  }
  // NOTE: a part that ended but whose seal was cut short is sealed now.
  for (const state of ['complete', 'interrupted'] as const) {
    for (const rec of (await repo.recordingsInState(db, state)).filter((r) => !r.sealedAt && mayTake(r, owner, now))) {
      await sealPart(db, root, signer, rec.id).catch((err: unknown) =>
        logger.error({ err, recordingId: rec.id }, 'could not seal a recording'),
      );
    }
  }
  return reports;
}

async function recoverOne(db: Db, root: string, rec: Recording, owner: string): Promise<RecoveryReport> {
  const dir = path.join(root, rec.dir);
  const tracks = await repo.tracksOf(db, rec.id);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const report: RecoveryReport = { recordingId: rec.id, sessionId: rec.sessionId, registered: 0, salvagedBytesDropped: 0, discarded: [] };
  let lastEnd = rec.startedAt;
  for (const track of tracks) {
    let last = await repo.lastSegment(db, track.id);
    if (last && last.endedAt > lastEnd) lastEnd = last.endedAt;
    const pending = files
      .map((f) => ({ f, m: SEGMENT_FILE.exec(f) }))
      .filter((x) => x.m && Number(x.m[1]) === track.seq && Number(x.m[2]) > (last?.index ?? -1))
      .map((x) => ({ file: x.f, index: Number((x.m as RegExpExecArray)[2]) }))
      .sort((a, b) => a.index - b.index);
    for (const p of pending) {
      const full = path.join(dir, p.file);
      const bytes = fs.readFileSync(full);
      const r = readablePrefix(bytes);
      if (r.clusters === 0) {
        report.discarded.push(p.file);
        await audit.recordAlone(db, {
          actorUserId: null,
          agencyId: null,
          action: 'recording.segment_unreadable',
          objectType: 'recording',
          objectId: rec.id,
          outcome: 'failure',
          detail: { trackId: track.id, file: p.file, bytes: bytes.length },
        });
        continue;
      }
      const truncated = bytes.length - r.length;
      if (truncated > 0) {
        fs.truncateSync(full, r.length);
        report.salvagedBytesDropped += truncated;
      }
      const kept = bytes.subarray(0, r.length);
      // NOTE: the wall-clock anchor died with the process: times continue from the previous segment's media clock.
      const prevEnd = last?.endedAt ?? new Date(fs.statSync(full).mtimeMs - (r.lastMs - r.firstMs));
      const startedAt = new Date(prevEnd.getTime() + Math.max(0, last ? r.firstMs - last.mediaEndMs : 0));
      const endedAt = new Date(startedAt.getTime() + (r.lastMs - r.firstMs));
      last = await svc.registerSegment(
        db,
        rec,
        track,
        {
          index: p.index,
          file: p.file,
          bytes: kept.length,
          sha256: createHash('sha256').update(kept).digest('hex'),
          sm3: createHash('sm3').update(kept).digest('hex'),
          run: last?.run ?? 1,
          mediaStartMs: r.firstMs,
          mediaEndMs: r.lastMs,
          startedAt,
          endedAt,
          salvaged: true,
          truncatedBytes: truncated,
        },
        owner,
      );
      report.registered += 1;
      if (endedAt > lastEnd) lastEnd = endedAt;
    }
  }
  await db.transaction((trx) => svc.endPart(trx, rec, { state: 'interrupted', at: lastEnd, reason: CRASH_REASON }));
  await interruptBySystem(db, rec.sessionId, CRASH_REASON);
  logger.warn({ ...report }, 'recording recovered after a crash');
  return report;
}
