// The demo's recording: waits until the session's recording is sealed and its court view
// derived, downloads the sealed folder through the API into DIR/recordings/, verifies it offline
// and reports per-track segment counts and durations.
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../recording';
import { verifyRecording } from '../recording';
import type { ApiClient } from './apiClient';
import { sleep } from './browser';

type Part = {
  id: string;
  state: string;
  sealed: boolean;
  manifestSha256: string | null;
  manifestSm3: string | null;
  courtView: { url: string; sha256: string } | null;
  manifest: Manifest;
  segmentIds: Record<string, string>;
};

export type DemoRecordingReport = {
  recordingId: string;
  state: string;
  manifestSha256: string | null;
  manifestSm3: string | null;
  courtViewSha256: string | null;
  tracks: { label: string; source: string; kind: string; segments: number; seconds: number }[];
  gaps: number;
  /** Each gap with the track it is on, so a failing demo names it. */
  gapList: { track: string; cause: string; startedAt: string; endedAt: string | null }[];
  verified: boolean;
  problems: string[];
};

export async function fetchRecording(
  client: ApiClient,
  sessionId: string,
  out: string,
  publicKeyPem?: string,
): Promise<DemoRecordingReport> {
  let part: Part | undefined;
  for (let i = 0; i < 240; i += 1) {
    ({
      recordings: [part],
    } = await client.call<{ recordings: Part[] }>('GET', `/api/sessions/${sessionId}/recordings`));
    if (part?.sealed && part.courtView) break;
    await sleep(500);
  }
  if (!part?.sealed) throw new Error('the recording was not sealed');
  const dir = path.join(out, 'recordings');
  fs.mkdirSync(path.join(dir, 'derived'), { recursive: true });
  for (const f of ['manifest.json', 'manifest.json.sig', 'agency-public-key.pem'])
    await client.download(`/api/recordings/${part.id}/sealed/${f}`, path.join(dir, f));
  for (const [file, id] of Object.entries(part.segmentIds))
    await client.download(`/api/recordings/${part.id}/segments/${id}`, path.join(dir, file));
  if (part.courtView) await client.download(part.courtView.url, path.join(dir, 'derived', 'court-view.webm'));
  const v = await verifyRecording(dir, publicKeyPem);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return {
    recordingId: part.id,
    state: part.state,
    manifestSha256: part.manifestSha256,
    manifestSm3: part.manifestSm3,
    courtViewSha256: part.courtView?.sha256 ?? null,
    tracks: manifest.tracks.map((t) => ({
      label: t.label,
      source: t.source,
      kind: t.kind,
      segments: t.segments.length,
      seconds: Number((t.segments.reduce((a, s) => a + (s.mediaEndMs - s.mediaStartMs), 0) / 1000).toFixed(2)),
    })),
    gaps: manifest.gaps.length,
    gapList: manifest.gaps.map((g) => ({
      track: manifest.tracks.find((t) => t.seq === g.track)?.label ?? '全部轨道',
      cause: g.detectedCause,
      startedAt: g.startedAt,
      endedAt: g.endedAt,
    })),
    verified: v.ok,
    problems: v.problems.map((p) => p.message),
  };
}
