// The sealed manifest of a recording part: session, tracks, segments with times and hashes, chain
// heads, gaps and phase markers. It is written once, signed with the agency's key (Ed25519 over
// the exact bytes of manifest.json), hashed into the audit chain, and the files are made read-only.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isContinuousSource } from '../vocabulary';
import * as audit from '../audit';
import type { Db } from '../db/db';
import { listEvents } from '../sessions';
import { findById as findSession } from '../sessions';
import { genesis } from './recording.chain';
import * as repo from './recording.repo';
import type { AgencySigner } from '../security/agencySigning';
import type { Recording } from './recording.types';

export const MANIFEST_FORMAT = 'hearing-recording-manifest/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.sig';
export const PUBLIC_KEY_FILE = 'agency-public-key.pem';

type ManifestSegment = {
  index: number;
  file: string;
  bytes: number;
  sha256: string;
  sm3: string;
  link: { sha256: string; sm3: string };
  startedAt: string;
  endedAt: string;
  mediaStartMs: number;
  mediaEndMs: number;
  run: number;
  salvaged: boolean;
  truncatedBytes: number;
};
type ManifestTrack = {
  seq: number;
  id: string;
  participantId: string;
  label: string;
  source: string;
  kind: 'audio' | 'video';
  /**
   * true: the source sends all the time (camera, microphone), so any pause in its media without a
   * gap listed for it is missing media. false: it sends only when its picture changes (evidence
   * display, screen share), so pauses between its frames are expected.
   */
  continuous: boolean;
  genesis: string;
  head: { sha256: string; sm3: string } | null;
  segments: ManifestSegment[];
};
type ManifestGap = {
  id: string;
  track: number | null;
  startedAt: string;
  endedAt: string | null;
  detectedCause: string;
  requiresCause: boolean;
  statedCause: string | null;
  statedAt: string | null;
};
export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  recording: { id: string; part: number; state: string; startedAt: string; endedAt: string | null; interruptedReason: string | null };
  session: {
    id: string;
    type: string;
    title: string;
    caseId: string;
    caseNumber: string;
    caseTitle: string;
    custodyRoom: string | null;
    liveAt: string | null;
    endedAt: string | null;
    endReason: string | null;
  };
  signer: { keyId: string; algorithm: 'Ed25519' };
  tracks: ManifestTrack[];
  gaps: ManifestGap[];
  markers: { kind: string; at: string; phase?: string; reason?: string; page?: number }[];
  createdAt: string;
};

const MARKERS = [
  'went_live',
  'phase',
  'interrupted',
  'resumed',
  'ended',
  'identity_attested',
  'recording_gap_explained',
  // NOTE: the signing of the record happens on camera and is part of what the recording proves.
  'transcript_submitted',
  'transcript_corrected',
  'transcript_page_signed',
  'transcript_correction_signed',
  'transcript_closing_signed',
  'transcript_official_signed',
];

export async function buildManifest(db: Db, rec: Recording, keyId: string): Promise<Manifest> {
  const s = await findSession(db, rec.sessionId);
  if (!s) throw new Error(`session ${rec.sessionId} of recording ${rec.id} not found`);
  const tracks = await repo.tracksOf(db, rec.id);
  const segments = await repo.segmentsOfRecording(db, rec.id);
  const gaps = await repo.gapsOf(db, rec.id);
  const events = await listEvents(db, s.id, MARKERS);
  const seqOf = new Map(tracks.map((t) => [t.id, t.seq]));
  return {
    format: MANIFEST_FORMAT,
    recording: {
      id: rec.id,
      part: rec.part,
      state: rec.state,
      startedAt: rec.startedAt.toISOString(),
      endedAt: rec.endedAt?.toISOString() ?? null,
      interruptedReason: rec.interruptedReason,
    },
    session: {
      id: s.id,
      type: s.type,
      title: s.title,
      caseId: s.caseId,
      caseNumber: s.caseNumber,
      caseTitle: s.caseTitle,
      custodyRoom: s.roomName,
      liveAt: s.liveAt?.toISOString() ?? null,
      endedAt: s.endedAt?.toISOString() ?? null,
      endReason: s.endReason,
    },
    signer: { keyId, algorithm: 'Ed25519' },
    tracks: tracks.map((t) => {
      const own = segments.filter((g) => g.trackId === t.id);
      const last = own[own.length - 1];
      return {
        seq: t.seq,
        id: t.id,
        participantId: t.participantId,
        label: t.label,
        source: t.source,
        kind: t.kind,
        continuous: isContinuousSource(t.source),
        genesis: genesis(rec.id, t.seq),
        head: last ? { sha256: last.linkSha256, sm3: last.linkSm3 } : null,
        segments: own.map((g) => ({
          index: g.index,
          file: g.file,
          bytes: g.bytes,
          sha256: g.sha256,
          sm3: g.sm3,
          link: { sha256: g.linkSha256, sm3: g.linkSm3 },
          startedAt: g.startedAt.toISOString(),
          endedAt: g.endedAt.toISOString(),
          mediaStartMs: g.mediaStartMs,
          mediaEndMs: g.mediaEndMs,
          run: g.run,
          salvaged: g.salvaged,
          truncatedBytes: g.truncatedBytes,
        })),
      };
    }),
    gaps: gaps.map((g) => ({
      id: g.id,
      track: g.trackId ? (seqOf.get(g.trackId) ?? null) : null,
      startedAt: g.startedAt.toISOString(),
      endedAt: g.endedAt?.toISOString() ?? null,
      detectedCause: g.detectedCause,
      requiresCause: g.requiresCause,
      statedCause: g.statedCause,
      statedAt: g.statedAt?.toISOString() ?? null,
    })),
    markers: events
      .filter((e) => e.at >= new Date(rec.startedAt.getTime() - 60_000) && (!rec.endedAt || e.at <= rec.endedAt))
      .map((e) => ({
        kind: e.kind,
        at: e.at.toISOString(),
        ...(e.data.phase ? { phase: String(e.data.phase) } : {}),
        ...(e.data.reason ? { reason: String(e.data.reason) } : {}),
        ...(typeof e.data.page === 'number' ? { page: e.data.page } : {}),
      })),
    createdAt: new Date().toISOString(),
  };
}

/** Writes, signs and seals an ended part; safe to call again for a part whose seal was cut short. */
export async function sealPart(
  db: Db,
  root: string,
  signer: AgencySigner,
  recordingId: string,
): Promise<{ manifestFile: string; sha256: string; sm3: string }> {
  const rec = await repo.findRecording(db, recordingId);
  if (!rec || rec.state === 'recording') throw new Error(`recording ${recordingId} has not ended`);
  const dir = path.join(root, rec.dir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, MANIFEST_FILE);
  if (rec.sealedAt && rec.manifestSha256) return { manifestFile: file, sha256: rec.manifestSha256, sm3: rec.manifestSm3 ?? '' };
  const bytes = Buffer.from(`${JSON.stringify(await buildManifest(db, rec, signer.keyId), null, 2)}\n`, 'utf8');
  // NOTE: a manifest left by a seal cut short (never recorded as sealed) is replaced; a sealed one never is.
  for (const f of [MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]) fs.rmSync(path.join(dir, f), { force: true });
  writeOnce(file, bytes);
  writeOnce(path.join(dir, SIGNATURE_FILE), Buffer.from(`${signer.sign(bytes).toString('base64')}\n`));
  writeOnce(path.join(dir, PUBLIC_KEY_FILE), Buffer.from(signer.publicKeyPem));
  for (const seg of await repo.segmentsOfRecording(db, rec.id)) {
    const f = path.join(dir, seg.file);
    if (fs.existsSync(f)) fs.chmodSync(f, 0o444);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sm3 = createHash('sm3').update(bytes).digest('hex');
  await db.transaction(async (trx) => {
    await repo.updateRecording(trx, rec.id, {
      manifestSha256: sha256,
      manifestSm3: sm3,
      manifestKeyId: signer.keyId,
      sealedAt: new Date(),
    });
    await audit.record(trx, {
      actorUserId: null,
      agencyId: null,
      action: 'recording.sealed',
      objectType: 'recording',
      objectId: rec.id,
      outcome: 'success',
      detail: { sessionId: rec.sessionId, part: rec.part, state: rec.state, manifestSha256: sha256, manifestSm3: sm3, keyId: signer.keyId },
    });
  });
  return { manifestFile: file, sha256, sm3 };
}

function writeOnce(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'wx', 0o444);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
