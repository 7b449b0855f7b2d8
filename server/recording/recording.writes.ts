// The recording's writes that must survive a database outage: a closed segment registered, a gap
// opened, a gap closed. Each goes through the write journal (db/journal.ts): applied at once when
// the database answers, else journaled and applied in order when it returns. The segment files
// themselves are on disk either way; this keeps their registration, chain and gaps whole.
import type { Db, Trx } from '../db/db';
import { journalKind } from '../db/journal';
import { NotFound } from '../errors';
import * as repo from './recording.repo';
import { closeGap, type NewSegment, openGap, registerSegment } from './recording.service';
import type { Recording, Track } from './recording.types';

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
type SegmentWrite = { recordingId: string; trackId: string; owner: string; segment: Json<NewSegment> };
type GapOpenWrite = { recordingId: string; trackId: string; at: string; cause: string; requiresCause: boolean };
type GapCloseWrite = { recordingId: string; trackId: string; at: string };

async function partAndTrack(trx: Trx, recordingId: string, trackId: string): Promise<{ rec: Recording; track: Track }> {
  const rec = await repo.findRecording(trx, recordingId);
  const track = await repo.findTrackById(trx, trackId);
  if (!rec || !track || track.recordingId !== rec.id) throw NotFound('recording track', `${recordingId}/${trackId}`);
  return { rec, track };
}

const segmentRegistered = journalKind<SegmentWrite>('recording.segment', async (trx, w) => {
  const { rec, track } = await partAndTrack(trx, w.recordingId, w.trackId);
  const s = w.segment;
  await registerSegment(trx, rec, track, { ...s, startedAt: new Date(s.startedAt), endedAt: new Date(s.endedAt) }, w.owner);
});

const gapOpened = journalKind<GapOpenWrite>('recording.gap_open', async (trx, w) => {
  const { rec, track } = await partAndTrack(trx, w.recordingId, w.trackId);
  await openGap(trx, rec, track, { at: new Date(w.at), cause: w.cause, requiresCause: w.requiresCause });
});

const gapClosed = journalKind<GapCloseWrite>('recording.gap_close', async (trx, w) => {
  const { rec, track } = await partAndTrack(trx, w.recordingId, w.trackId);
  await closeGap(trx, rec, track, new Date(w.at));
});

const iso = (d: Date) => d.toISOString();

/** Registers a closed segment written by instance `owner` (durable). */
export const writeSegment = (db: Db, rec: Recording, track: Track, s: NewSegment, owner: string) =>
  segmentRegistered.write(db, {
    recordingId: rec.id,
    trackId: track.id,
    owner,
    segment: { ...s, startedAt: iso(s.startedAt), endedAt: iso(s.endedAt) },
  });

/** Opens a gap on a track (durable); a track with an open gap keeps it. */
export const writeGapOpen = (db: Db, rec: Recording, track: Track, o: { at: Date; cause: string; requiresCause: boolean }) =>
  gapOpened.write(db, { recordingId: rec.id, trackId: track.id, at: iso(o.at), cause: o.cause, requiresCause: o.requiresCause });

/** Closes a track's open gap, if any (durable). */
export const writeGapClose = (db: Db, rec: Recording, track: Track, at: Date) =>
  gapClosed.write(db, { recordingId: rec.id, trackId: track.id, at: iso(at) });
