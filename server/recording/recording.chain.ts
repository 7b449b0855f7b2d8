// The hash chain of a track's segments: each segment's link hashes its own hashes together with
// the previous link, so a segment removed, inserted, reordered or altered breaks every later link.
// Used when registering segments and, offline, by `hearing verify`.
import { createHash } from 'node:crypto';

export type SegmentFacts = { index: number; file: string; bytes: number; sha256: string; sm3: string };
export type Link = { sha256: string; sm3: string };

const digest = (alg: 'sha256' | 'sm3', s: string): string => createHash(alg).update(s, 'utf8').digest('hex');

/** The chain's starting value for a track: bound to the recording and the track's number. */
export function genesis(recordingId: string, trackSeq: number): string {
  return digest('sha256', `hearing-recording/1:${recordingId}:track:${trackSeq}`);
}

/** The canonical text a link hashes; field order is fixed. */
function linkText(prev: string, s: SegmentFacts): string {
  return JSON.stringify({ prev, index: s.index, file: s.file, bytes: s.bytes, sha256: s.sha256, sm3: s.sm3 });
}

/** The link of segment `s` after `prev` (the previous link's SHA-256, or the genesis). */
export function link(prev: string, s: SegmentFacts): Link {
  const text = linkText(prev, s);
  return { sha256: digest('sha256', text), sm3: digest('sm3', text) };
}
