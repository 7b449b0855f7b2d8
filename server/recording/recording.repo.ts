// SQL for recordings, tracks, segments and gaps.
import type { Db, Trx } from '../db/db';
import type { Gap, Recording, RecordingState, Segment, Track } from './recording.types';

type Q = Db | Trx;
// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped; this file maps them to typed entities and nothing else sees them
type Row = Record<string, any>;

const toRecording = (r: Row): Recording => ({
  id: r.id,
  sessionId: r.session_id,
  part: r.part,
  state: r.state,
  dir: r.dir,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  interruptedReason: r.interrupted_reason,
  manifestSha256: r.manifest_sha256,
  manifestSm3: r.manifest_sm3,
  manifestKeyId: r.manifest_key_id,
  sealedAt: r.sealed_at,
  courtViewFile: r.court_view_file,
  courtViewSha256: r.court_view_sha256,
  courtViewSm3: r.court_view_sm3,
  ownerInstance: r.owner_instance,
  leaseExpiresAt: r.lease_expires_at,
});
const toTrack = (r: Row): Track => ({
  id: r.id,
  recordingId: r.recording_id,
  seq: r.seq,
  participantId: r.participant_id,
  source: r.source,
  kind: r.kind,
  label: r.label,
  startedAt: r.started_at,
});
const toSegment = (r: Row): Segment => ({
  id: r.id,
  trackId: r.track_id,
  index: r.idx,
  file: r.file,
  bytes: Number(r.bytes),
  sha256: r.sha256,
  sm3: r.sm3,
  prevLink: r.prev_link,
  linkSha256: r.link_sha256,
  linkSm3: r.link_sm3,
  run: r.run,
  mediaStartMs: r.media_start_ms,
  mediaEndMs: r.media_end_ms,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  salvaged: r.salvaged,
  truncatedBytes: r.truncated_bytes,
});
const toGap = (r: Row): Gap => ({
  id: r.id,
  recordingId: r.recording_id,
  trackId: r.track_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  detectedCause: r.detected_cause,
  requiresCause: r.requires_cause,
  statedCause: r.stated_cause,
  statedBy: r.stated_by,
  statedAt: r.stated_at,
});

export async function findRecording(q: Q, id: string): Promise<Recording | null> {
  const r = await q('recordings').where({ id }).first();
  return r ? toRecording(r) : null;
}

/** Locks the recording row for the rest of the transaction (serialises segment registration per recording). */
export async function lockRecording(trx: Trx, id: string): Promise<Recording | null> {
  const r = await trx('recordings').where({ id }).forUpdate().first();
  return r ? toRecording(r) : null;
}

export async function activeRecording(q: Q, sessionId: string): Promise<Recording | null> {
  const r = await q('recordings').where({ session_id: sessionId, state: 'recording' }).first();
  return r ? toRecording(r) : null;
}

export async function recordingsOfSession(q: Q, sessionId: string): Promise<Recording[]> {
  return (await q('recordings').where({ session_id: sessionId }).orderBy('part')).map(toRecording);
}

export async function recordingsInState(q: Q, state: RecordingState): Promise<Recording[]> {
  return (await q('recordings').where({ state }).orderBy('started_at')).map(toRecording);
}

export async function lastPart(q: Q, sessionId: string): Promise<Recording | null> {
  const r = await q('recordings').where({ session_id: sessionId }).orderBy('part', 'desc').first();
  return r ? toRecording(r) : null;
}

export async function insertRecording(
  trx: Trx,
  r: { sessionId: string; part: number; dir: string; startedAt: Date; owner: string; leaseUntil: Date },
): Promise<Recording> {
  const [row] = await trx('recordings')
    .insert({
      session_id: r.sessionId,
      part: r.part,
      dir: r.dir,
      started_at: r.startedAt,
      owner_instance: r.owner,
      lease_expires_at: r.leaseUntil,
    })
    .returning('*');
  return toRecording(row);
}

/** Makes `owner` the writer of a part, with a lease until `until`. */
export async function setOwner(trx: Trx, id: string, owner: string, until: Date): Promise<void> {
  await trx('recordings').where({ id }).update({ owner_instance: owner, lease_expires_at: until });
}

/** Extends the lease of every part `owner` is still recording; returns how many. */
export async function renewLeases(q: Q, owner: string, until: Date): Promise<number> {
  return q('recordings').where({ owner_instance: owner, state: 'recording' }).update({ lease_expires_at: until });
}

export async function updateRecording(
  trx: Trx,
  id: string,
  p: Partial<{
    state: RecordingState;
    endedAt: Date;
    interruptedReason: string;
    manifestSha256: string;
    manifestSm3: string;
    manifestKeyId: string;
    sealedAt: Date;
    courtViewFile: string;
    courtViewSha256: string;
    courtViewSm3: string;
  }>,
): Promise<void> {
  const cols: Row = {};
  if (p.state) cols.state = p.state;
  if (p.endedAt) cols.ended_at = p.endedAt;
  if (p.interruptedReason) cols.interrupted_reason = p.interruptedReason;
  if (p.manifestSha256) cols.manifest_sha256 = p.manifestSha256;
  if (p.manifestSm3) cols.manifest_sm3 = p.manifestSm3;
  if (p.manifestKeyId) cols.manifest_key_id = p.manifestKeyId;
  if (p.sealedAt) cols.sealed_at = p.sealedAt;
  if (p.courtViewFile) cols.court_view_file = p.courtViewFile;
  if (p.courtViewSha256) cols.court_view_sha256 = p.courtViewSha256;
  if (p.courtViewSm3) cols.court_view_sm3 = p.courtViewSm3;
  await trx('recordings').where({ id }).update(cols);
}

export async function tracksOf(q: Q, recordingId: string): Promise<Track[]> {
  return (await q('recording_tracks').where({ recording_id: recordingId }).orderBy('seq')).map(toTrack);
}

export async function findTrack(q: Q, recordingId: string, participantId: string, source: string): Promise<Track | null> {
  const r = await q('recording_tracks').where({ recording_id: recordingId, participant_id: participantId, source }).first();
  return r ? toTrack(r) : null;
}

export async function findTrackById(q: Q, id: string): Promise<Track | null> {
  const r = await q('recording_tracks').where({ id }).first();
  return r ? toTrack(r) : null;
}

export async function insertTrack(trx: Trx, t: Omit<Track, 'id' | 'seq'>): Promise<Track> {
  const seq = Number((await trx('recording_tracks').where({ recording_id: t.recordingId }).max('seq as m').first())?.m ?? 0) + 1;
  const [row] = await trx('recording_tracks')
    .insert({
      recording_id: t.recordingId,
      seq,
      participant_id: t.participantId,
      source: t.source,
      kind: t.kind,
      label: t.label,
      started_at: t.startedAt,
    })
    .returning('*');
  return toTrack(row);
}

export async function segmentsOfRecording(q: Q, recordingId: string): Promise<Segment[]> {
  return (
    await q('recording_segments as g')
      .join('recording_tracks as t', 't.id', 'g.track_id')
      .where('t.recording_id', recordingId)
      .orderBy([{ column: 't.seq' }, { column: 'g.idx' }])
      .select('g.*')
  ).map(toSegment);
}

export async function findSegment(q: Q, id: string): Promise<Segment | null> {
  const r = await q('recording_segments').where({ id }).first();
  return r ? toSegment(r) : null;
}

export async function lastSegment(q: Q, trackId: string): Promise<Segment | null> {
  const r = await q('recording_segments').where({ track_id: trackId }).orderBy('idx', 'desc').first();
  return r ? toSegment(r) : null;
}

export async function insertSegment(trx: Trx, s: Omit<Segment, 'id'>): Promise<Segment> {
  const [row] = await trx('recording_segments')
    .insert({
      track_id: s.trackId,
      idx: s.index,
      file: s.file,
      bytes: s.bytes,
      sha256: s.sha256,
      sm3: s.sm3,
      prev_link: s.prevLink,
      link_sha256: s.linkSha256,
      link_sm3: s.linkSm3,
      run: s.run,
      media_start_ms: s.mediaStartMs,
      media_end_ms: s.mediaEndMs,
      started_at: s.startedAt,
      ended_at: s.endedAt,
      salvaged: s.salvaged,
      truncated_bytes: s.truncatedBytes,
    })
    .returning('*');
  return toSegment(row);
}

export async function gapsOf(q: Q, recordingId: string): Promise<Gap[]> {
  return (await q('recording_gaps').where({ recording_id: recordingId }).orderBy('started_at')).map(toGap);
}

export async function gapsOfSession(q: Q, sessionId: string): Promise<Gap[]> {
  return (
    await q('recording_gaps as g')
      .join('recordings as r', 'r.id', 'g.recording_id')
      .where('r.session_id', sessionId)
      .orderBy('g.started_at')
      .select('g.*')
  ).map(toGap);
}

export async function findGap(q: Q, id: string): Promise<Gap | null> {
  const r = await q('recording_gaps').where({ id }).first();
  return r ? toGap(r) : null;
}

export async function openGapOf(q: Q, recordingId: string, trackId: string | null): Promise<Gap | null> {
  const qb = q('recording_gaps').where({ recording_id: recordingId }).whereNull('ended_at');
  if (trackId) qb.where({ track_id: trackId });
  else qb.whereNull('track_id');
  const r = await qb.first();
  return r ? toGap(r) : null;
}

export async function insertGap(
  trx: Trx,
  g: { recordingId: string; trackId: string | null; startedAt: Date; endedAt?: Date | null; detectedCause: string; requiresCause: boolean },
): Promise<Gap> {
  const [row] = await trx('recording_gaps')
    .insert({
      recording_id: g.recordingId,
      track_id: g.trackId,
      started_at: g.startedAt,
      ended_at: g.endedAt ?? null,
      detected_cause: g.detectedCause,
      requires_cause: g.requiresCause,
    })
    .returning('*');
  return toGap(row);
}

export async function closeGap(trx: Trx, id: string, endedAt: Date): Promise<void> {
  await trx('recording_gaps').where({ id }).whereNull('ended_at').update({ ended_at: endedAt });
}

export async function closeOpenGaps(trx: Trx, recordingId: string, endedAt: Date): Promise<void> {
  await trx('recording_gaps')
    .where({ recording_id: recordingId })
    .whereNull('ended_at')
    .update({ ended_at: trx.raw('GREATEST(started_at, ?::timestamptz)', [endedAt]) });
}

export async function stateGapCause(trx: Trx, id: string, cause: string, userId: string, at: Date): Promise<void> {
  await trx('recording_gaps').where({ id }).update({ stated_cause: cause, stated_by: userId, stated_at: at });
}
