// Offline verification of a sealed recording part, from its folder and the agency's public key
// alone (no database, no server): the manifest's signature, every segment's size, SHA-256 and SM3,
// each track's chain from its genesis to its head, and files nobody listed. It names the first
// segment that does not match; a missing segment is reported as the gap it leaves.
import fs from 'node:fs';
import { hashFile } from '../security/hashing';
import path from 'node:path';
import { genesis, link } from './recording.chain';
import { MANIFEST_FILE, MANIFEST_FORMAT, PUBLIC_KEY_FILE, SIGNATURE_FILE, type Manifest } from './recording.manifest';
import { keyIdOfPem, verifySignature } from '../security/agencySigning';

type Problem = {
  kind: 'signature' | 'manifest' | 'missing_segment' | 'size_mismatch' | 'hash_mismatch' | 'chain_broken' | 'unlisted_file' | 'index_gap';
  track?: number;
  index?: number;
  file?: string;
  message: string;
};

export type VerifyResult = {
  ok: boolean;
  manifestFile: string;
  keyId: string | null;
  keySource: 'given' | 'enclosed';
  recordingState: string | null;
  tracks: number;
  segments: number;
  bytes: number;
  problems: Problem[];
};

/** `target`: a manifest.json or the folder holding it. `publicKeyPem`: the agency's key; else the enclosed copy is used (and said so). */
export async function verifyRecording(
  target: string,
  publicKeyPem?: string,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyResult> {
  const manifestFile = fs.statSync(target).isDirectory() ? path.join(target, MANIFEST_FILE) : target;
  const dir = path.dirname(manifestFile);
  const problems: Problem[] = [];
  const result: VerifyResult = {
    ok: false,
    manifestFile,
    keyId: null,
    keySource: publicKeyPem ? 'given' : 'enclosed',
    recordingState: null,
    tracks: 0,
    segments: 0,
    bytes: 0,
    problems,
  };
  const raw = fs.readFileSync(manifestFile);
  const keyPem =
    publicKeyPem ?? (fs.existsSync(path.join(dir, PUBLIC_KEY_FILE)) ? fs.readFileSync(path.join(dir, PUBLIC_KEY_FILE), 'utf8') : null);
  const sigFile = path.join(dir, SIGNATURE_FILE);
  if (!keyPem) problems.push({ kind: 'signature', message: 'no public key given and none enclosed' });
  else if (!fs.existsSync(sigFile)) problems.push({ kind: 'signature', message: `${SIGNATURE_FILE} is missing` });
  else {
    result.keyId = keyIdOfPem(keyPem);
    const sig = Buffer.from(fs.readFileSync(sigFile, 'utf8').trim(), 'base64');
    if (!verifySignature(keyPem, raw, sig))
      problems.push({
        kind: 'signature',
        file: MANIFEST_FILE,
        message: `the manifest's signature does not verify with key ${result.keyId}: the manifest was changed or signed by another key`,
      });
  }
  let m: Manifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as Manifest;
    if (m.format !== MANIFEST_FORMAT) throw new Error(`unknown format ${String(m.format)}`);
  } catch (err) {
    problems.push({ kind: 'manifest', message: `manifest unreadable: ${(err as Error).message}` });
    return result;
  }
  if (result.keyId && m.signer.keyId !== result.keyId)
    problems.push({ kind: 'signature', message: `manifest names key ${m.signer.keyId}, checked with ${result.keyId}` });
  result.recordingState = m.recording.state;
  result.tracks = m.tracks.length;
  const total = m.tracks.reduce((n, t) => n + t.segments.length, 0);
  const listed = new Set<string>([MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]);
  let done = 0;
  for (const t of m.tracks) {
    let prev = genesis(m.recording.id, t.seq);
    if (t.genesis !== prev)
      problems.push({
        kind: 'chain_broken',
        track: t.seq,
        message: `track ${t.seq}: genesis does not belong to recording ${m.recording.id}`,
      });
    let prevSeg: (typeof t.segments)[number] | null = null;
    for (const s of t.segments) {
      listed.add(s.file);
      const where = `track ${t.seq} (${t.label}) segment ${s.index} (${s.file})`;
      if (prevSeg && s.index !== prevSeg.index + 1) {
        problems.push({
          kind: 'index_gap',
          track: t.seq,
          index: s.index,
          file: s.file,
          message: `${where}: follows segment ${prevSeg.index}; segments in between are not listed`,
        });
      }
      const expected = link(prev, { index: s.index, file: s.file, bytes: s.bytes, sha256: s.sha256, sm3: s.sm3 });
      if (expected.sha256 !== s.link.sha256 || expected.sm3 !== s.link.sm3) {
        problems.push({ kind: 'chain_broken', track: t.seq, index: s.index, file: s.file, message: `${where}: chain link does not match` });
      }
      prev = s.link.sha256;
      const file = path.join(dir, s.file);
      if (!fs.existsSync(file)) {
        problems.push({
          kind: 'missing_segment',
          track: t.seq,
          index: s.index,
          file: s.file,
          message: `${where} is missing: a gap in track ${t.seq} from ${s.startedAt} to ${s.endedAt}`,
        });
      } else {
        const h = await hashFile(file);
        result.bytes += h.bytes;
        if (h.bytes !== s.bytes)
          problems.push({
            kind: 'size_mismatch',
            track: t.seq,
            index: s.index,
            file: s.file,
            message: `${where}: ${h.bytes} bytes, manifest says ${s.bytes}`,
          });
        else if (h.sha256 !== s.sha256 || h.sm3 !== s.sm3) {
          problems.push({
            kind: 'hash_mismatch',
            track: t.seq,
            index: s.index,
            file: s.file,
            message: `${where}: content changed (${h.sha256 !== s.sha256 ? 'SHA-256' : ''}${h.sha256 !== s.sha256 && h.sm3 !== s.sm3 ? ' and ' : ''}${h.sm3 !== s.sm3 ? 'SM3' : ''} differ)`,
          });
        }
      }
      prevSeg = s;
      result.segments += 1;
      onProgress?.(++done, total);
    }
    const head = t.segments.length ? t.segments[t.segments.length - 1]!.link : null;
    if (JSON.stringify(head) !== JSON.stringify(t.head))
      problems.push({ kind: 'chain_broken', track: t.seq, message: `track ${t.seq}: chain head does not match its last segment` });
  }
  for (const f of fs.readdirSync(dir)) {
    if (!listed.has(f) && /\.mkv$/.test(f))
      problems.push({ kind: 'unlisted_file', file: f, message: `${f} is in the folder but not in the manifest` });
  }
  result.ok = problems.length === 0;
  return result;
}
