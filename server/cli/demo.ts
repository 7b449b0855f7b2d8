// `hearing demo`: a scripted remote interrogation through the real web UI. Headless Chromium
// participants (custody kiosk, investigator, prosecutor) join, talk for N seconds, and the report
// says what each browser really decoded, plus the media workers' CPU use.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_CASE, DEMO_PASSWORD } from '../seed/seed.service';
import { ApiClient } from './apiClient';
import { enterSession, inbound, joinToFirstFrameMs, launchChromium, loginParticipant, sleep, type Participant } from './browser';
import { openTarget } from './localPlatform';

type Role = 'custody_kiosk' | 'investigator' | 'prosecutor';
const CAST: { role: Role; username: string; kind: 'room' | 'kiosk' }[] = [
  { role: 'custody_kiosk', username: 'custody', kind: 'kiosk' },
  { role: 'investigator', username: 'investigator', kind: 'room' },
  { role: 'prosecutor', username: 'prosecutor', kind: 'room' },
];

export type DemoParticipantReport = {
  role: Role;
  joinToFirstFrameMs: number | null;
  /** The smallest count among this participant's remote video streams (each must flow). */
  framesDecoded: number;
  audioBytesReceived: number;
  videoBytesReceived: number;
  remoteVideoStreams: number;
  remoteAudioStreams: number;
};

/** Schedules an interrogation through the API and returns its id. */
async function scheduleDemoSession(baseUrl: string): Promise<string> {
  const inv = await ApiClient.login(baseUrl, 'investigator', DEMO_PASSWORD);
  const ids: Record<string, string> = {};
  for (const u of ['prosecutor', 'custody']) ids[u] = (await ApiClient.login(baseUrl, u, DEMO_PASSWORD)).userId;
  const { cases } = await inv.client.call<{ cases: { id: string; caseNumber: string }[] }>('GET', '/api/cases');
  const kase = cases.find((c) => c.caseNumber === DEMO_CASE.caseNumber) ?? cases[0];
  if (!kase) throw new Error('the investigator\'s agency holds no case; is the demo data seeded?');
  const { session } = await inv.client.call<{ session: { id: string } }>('POST', '/api/sessions', {
    caseId: kase.id, type: 'interrogation', title: `${DEMO_CASE.detaineeName} 讯问（hearing demo）`,
    startsAt: new Date().toISOString(), minutes: 60, detaineeName: DEMO_CASE.detaineeName,
    participants: [
      { userId: inv.userId, sessionRole: 'investigator' },
      { userId: ids.prosecutor as string, sessionRole: 'prosecutor' },
      { userId: ids.custody as string, sessionRole: 'custody_officer' },
    ],
  });
  return session.id;
}

async function workerCpuSeconds(admin: ApiClient): Promise<{ total: number; workers: { pid: number; cpuSeconds: number }[] }> {
  const { workers } = await admin.call<{ workers: { pid: number; cpuSeconds: number }[] }>('GET', '/api/admin/media');
  return { total: workers.reduce((a, w) => a + w.cpuSeconds, 0), workers };
}

export async function runDemo(o: { out: string; seconds: number; url?: string }): Promise<number> {
  const out = path.resolve(o.out);
  fs.mkdirSync(out, { recursive: true });
  const log = (m: string) => console.log(`[demo] ${m}`);
  log(o.url ? `using ${o.url}` : 'starting a private platform (embedded Postgres, media workers)');
  const target = await openTarget(o.url);
  const chromium = await launchChromium();
  const people: (Participant & { role: Role })[] = [];
  try {
    const sessionId = await scheduleDemoSession(target.url);
    log(`scheduled session ${sessionId}`);
    const admin = (await ApiClient.login(target.url, 'admin', DEMO_PASSWORD)).client;
    for (const c of CAST) {
      const p = await loginParticipant(chromium.browser, target.url, c.username, DEMO_PASSWORD);
      people.push({ ...p, role: c.role });
      await enterSession(p, target.url, sessionId, c.kind);
      log(`${c.role} joined`);
    }
    const cpuStart = await workerCpuSeconds(admin);
    const t0 = Date.now();
    log(`call running for ${o.seconds} s`);
    await sleep(o.seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const cpuEnd = await workerCpuSeconds(admin);

    const participants: DemoParticipantReport[] = [];
    for (const p of people) {
      const s = await inbound(p);
      const video = s.remotes.filter((r) => r.kind === 'video');
      const audio = s.remotes.filter((r) => r.kind === 'audio');
      participants.push({
        role: p.role,
        joinToFirstFrameMs: joinToFirstFrameMs(s),
        framesDecoded: video.length ? Math.min(...video.map((v) => v.framesDecoded)) : 0,
        audioBytesReceived: audio.reduce((a, r) => a + r.bytesReceived, 0),
        videoBytesReceived: video.reduce((a, r) => a + r.bytesReceived, 0),
        remoteVideoStreams: video.length,
        remoteAudioStreams: audio.length,
      });
      await p.page.screenshot({ path: path.join(out, `${p.role}.png`) });
    }
    const cpuSeconds = cpuEnd.total - cpuStart.total;
    const expectedRemotes = CAST.length - 1;
    const failures = participants.flatMap((p) => [
      ...(p.remoteVideoStreams < expectedRemotes ? [`${p.role} receives ${p.remoteVideoStreams}/${expectedRemotes} video streams`] : []),
      ...(p.remoteAudioStreams < expectedRemotes ? [`${p.role} receives ${p.remoteAudioStreams}/${expectedRemotes} audio streams`] : []),
      ...(p.framesDecoded === 0 ? [`${p.role} decoded no video frames`] : []),
      ...(p.audioBytesReceived === 0 ? [`${p.role} received no audio`] : []),
    ]);
    const report = {
      generatedAt: new Date().toISOString(), url: target.url, sessionId, seconds: o.seconds, participants,
      server: {
        workerCpuSeconds: Number(cpuSeconds.toFixed(3)), wallSeconds: Number(wall.toFixed(3)),
        workerCpuCores: Number((cpuSeconds / wall).toFixed(4)), workers: cpuEnd.workers.length,
      },
      ok: failures.length === 0, failures,
    };
    fs.writeFileSync(path.join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    for (const p of participants) {
      log(`${p.role.padEnd(14)} first frame ${p.joinToFirstFrameMs ?? '-'} ms, frames ${p.framesDecoded}, audio ${p.audioBytesReceived} B, video ${p.videoBytesReceived} B`);
    }
    log(`media workers used ${report.server.workerCpuCores} cores on average; report: ${path.join(out, 'report.json')}`);
    for (const f of failures) log(`FAIL: ${f}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const p of people) await p.context.close().catch(() => undefined);
    await chromium.close();
    await target.close();
  }
}
