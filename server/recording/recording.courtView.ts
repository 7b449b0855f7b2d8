// The court view (庭审合成画面): derived after the session from the sealed originals, never
// instead of them. The detainee's camera fills the picture, an official's camera is inset
// (picture-in-picture), all sound is mixed, and the date and 24-hour clock (China time) are burned
// in. Tracks are laid on the recording's own timeline (a gap stays a gap in time). The file gets its
// own SHA-256 and SM3 and a sidecar naming the originals' manifest hashes; both go into the audit chain.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as audit from '../audit';
import type { Db } from '../db/db';
import { findById as findSession } from '../sessions';
import * as repo from './recording.repo';
import type { Segment, Track } from './recording.types';

const COURT_VIEW_DIR = 'derived';
const COURT_VIEW_FILE = 'court-view.webm';
const FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

type Input = { track: Track; segments: Segment[]; offsetS: number };

/** A concat list laying each segment at its own start time; a later segment after a gap starts later. */
function concatList(dir: string, segs: Segment[]): string {
  const lines = ['ffconcat version 1.0'];
  segs.forEach((s, i) => {
    lines.push(`file '${path.join(dir, s.file).replace(/'/g, "'\\''")}'`);
    const next = segs[i + 1];
    if (next) lines.push(`duration ${((next.startedAt.getTime() - s.startedAt.getTime()) / 1000).toFixed(3)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Caption text safe inside a drawtext option (quotes, colons, backslashes and % would need escaping). */
const captionText = (s: string): string => s.replace(/['\\:%]/g, ' ');

export async function buildCourtView(
  db: Db,
  root: string,
  recordingId: string,
  ffmpegPath = 'ffmpeg',
): Promise<{ file: string; sha256: string; sm3: string }> {
  const rec = await repo.findRecording(db, recordingId);
  if (!rec?.sealedAt || !rec.manifestSha256) throw new Error(`recording ${recordingId} is not sealed yet`);
  if (rec.courtViewFile && rec.courtViewSha256)
    return { file: path.join(root, rec.dir, rec.courtViewFile), sha256: rec.courtViewSha256, sm3: rec.courtViewSm3 ?? '' };
  const s = await findSession(db, rec.sessionId);
  const dir = path.join(root, rec.dir);
  const outDir = path.join(dir, COURT_VIEW_DIR);
  fs.mkdirSync(outDir, { recursive: true });
  const tracks = await repo.tracksOf(db, rec.id);
  const all = await repo.segmentsOfRecording(db, rec.id);
  const roleOf = new Map(s?.participants.map((p) => [p.id, p.sessionRole]) ?? []);
  const input = (t: Track): Input | null => {
    const segments = all.filter((g) => g.trackId === t.id && fs.existsSync(path.join(dir, g.file)));
    return segments.length ? { track: t, segments, offsetS: (segments[0]!.startedAt.getTime() - rec.startedAt.getTime()) / 1000 } : null;
  };
  const cams = tracks
    .filter((t) => t.source === 'camera')
    .map(input)
    .filter((x): x is Input => x !== null);
  const main = cams.find((c) => roleOf.get(c.track.participantId) === 'detainee') ?? cams[0];
  const inset = cams.find((c) => c !== main);
  const sounds = tracks
    .filter((t) => t.kind === 'audio')
    .map(input)
    .filter((x): x is Input => x !== null);
  if (!main) throw new Error(`recording ${recordingId} has no picture to derive a court view from`);

  const inputs = [main, ...(inset ? [inset] : []), ...sounds];
  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  inputs.forEach((inp, i) => {
    const list = path.join(outDir, `input-${i}.ffconcat`);
    fs.writeFileSync(list, concatList(dir, inp.segments));
    args.push('-itsoffset', inp.offsetS.toFixed(3), '-f', 'concat', '-safe', '0', '-i', list);
  });
  const epoch = Math.floor(rec.startedAt.getTime() / 1000);
  const label = captionText(`${s?.caseNumber ?? ''} ${s?.roomName ?? ''}`.trim());
  const clock = `drawtext=fontfile=${FONT}:fontsize=22:fontcolor=white:box=1:boxcolor=black@0.6:x=10:y=h-th-10:text='%{pts\\:localtime\\:${epoch}\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S}'`;
  const caption = label ? `,drawtext=fontfile=${FONT}:fontsize=18:fontcolor=white:box=1:boxcolor=black@0.6:x=10:y=10:text='${label}'` : '';
  const filters = [`[0:v]scale=640:480,setsar=1,fps=25[base]`];
  let video = '[base]';
  if (inset) {
    filters.push('[1:v]scale=192:144,setsar=1,fps=25[pip]', `${video}[pip]overlay=W-w-10:10:eof_action=repeat[withpip]`);
    video = '[withpip]';
  }
  filters.push(`${video}${clock}${caption}[v]`);
  const firstAudio = inset ? 2 : 1;
  if (sounds.length) {
    filters.push(sounds.map((_, i) => `[${firstAudio + i}:a]aresample=async=1000[a${i}]`).join(';'));
    filters.push(`${sounds.map((_, i) => `[a${i}]`).join('')}amix=inputs=${sounds.length}:duration=longest:normalize=0[a]`);
  }
  args.push(
    '-filter_complex',
    filters.join(';'),
    '-map',
    '[v]',
    ...(sounds.length ? ['-map', '[a]'] : []),
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '800k',
    '-c:a',
    'libopus',
    '-b:a',
    '64k',
    '-metadata',
    `comment=derived from recording ${rec.id}, manifest sha256 ${rec.manifestSha256}`,
    '-f',
    'webm',
  );
  const tmp = path.join(outDir, `.${COURT_VIEW_FILE}.partial`);
  args.push(tmp);
  await new Promise<void>((resolve, reject) => {
    // NOTE: the clock shows China time whatever the server's own zone.
    const ff = spawn(ffmpegPath, args, { env: { ...process.env, TZ: 'Asia/Shanghai' }, stdio: ['ignore', 'ignore', 'pipe'] });
    // NOTE: a derived copy yields to live work (recorders run at nice -10 where allowed).
    try {
      if (ff.pid) os.setPriority(ff.pid, 10);
    } catch {
      /* not permitted: runs at normal priority */
    }
    let err = '';
    ff.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-2000);
    });
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`court view ffmpeg exited ${code}: ${err}`))));
  });
  const bytes = fs.readFileSync(tmp);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sm3 = createHash('sm3').update(bytes).digest('hex');
  const file = path.join(outDir, COURT_VIEW_FILE);
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o444);
  const rel = path.join(COURT_VIEW_DIR, COURT_VIEW_FILE);
  const sidecar = {
    format: 'hearing-court-view/1',
    recordingId: rec.id,
    file: rel,
    sha256,
    sm3,
    bytes: bytes.length,
    derivedFrom: { manifestSha256: rec.manifestSha256, manifestSm3: rec.manifestSm3, keyId: rec.manifestKeyId },
    layout: {
      main: main.track.label,
      inset: inset?.track.label ?? null,
      audio: sounds.map((x) => x.track.label),
      clock: 'Asia/Shanghai, 24-hour',
    },
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(outDir, 'court-view.json'), `${JSON.stringify(sidecar, null, 2)}\n`, { mode: 0o444 });
  for (const f of fs.readdirSync(outDir).filter((x) => x.endsWith('.ffconcat'))) fs.rmSync(path.join(outDir, f));
  await db.transaction(async (trx) => {
    await repo.updateRecording(trx, rec.id, { courtViewFile: rel, courtViewSha256: sha256, courtViewSm3: sm3 });
    await audit.record(trx, {
      actorUserId: null,
      agencyId: null,
      action: 'recording.court_view',
      objectType: 'recording',
      objectId: rec.id,
      outcome: 'success',
      detail: { file: rel, sha256, sm3, manifestSha256: rec.manifestSha256 },
    });
  });
  return { file, sha256, sm3 };
}
