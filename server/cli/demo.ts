// `hearing demo`: a scripted remote interrogation through the real web UI. The investigator books
// the custody room in the booking form, the custody officer attests the detainee on the kiosk,
// the investigator admits the prosecutor and the kiosk from the lobby, everyone confirms identity,
// the session goes live, phases are marked and evidence is shown; the participants talk for N
// seconds; the report says what each browser really decoded, plus the media workers' CPU use. The
// sealed recording is downloaded into DIR/recordings/ (manifest.json, segments, court view) and verified.
// The record is typed, corrected at the detainee's request, signed on the kiosk page by page and by
// the officials; the final signed PDF is written to DIR/transcript.pdf and verified.
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { DEMO_CASE, DEMO_PASSWORD } from '../seed';
import { DEMO_PERSONS } from '../seed';
import { ApiClient } from './apiClient';
import { clearSlot, demoIds, demoSlot } from './demoBooking';
import { fetchRecording } from './demoRecording';
import { correctOnRequest, fetchTranscript, signRecord, typeRecord } from './demoTranscript';
import { packageDossier } from './demoDossier';
import {
  enterSession,
  inbound,
  joinToFirstFrameMs,
  launchChromium,
  loginParticipant,
  sleep,
  waitForState,
  type Participant,
} from './browser';
import { openTarget } from './localPlatform';
import {
  admitFromLobby,
  attestOnKiosk,
  bookThroughUi,
  confirmIdentity,
  endSession,
  evidenceVisible,
  goLive,
  markPhase,
  showEvidence,
} from './walkthrough';

type Role = 'custody_kiosk' | 'investigator' | 'investigator2' | 'prosecutor';
const CAST: { role: Role; username: string }[] = [
  { role: 'custody_kiosk', username: 'custody' },
  { role: 'investigator', username: 'investigator' },
  { role: 'investigator2', username: 'investigator2' },
  { role: 'prosecutor', username: 'prosecutor' },
];
const EVIDENCE = path.join(config.projectRoot, 'server', 'cli', 'assets', 'evidence-sample.png');

type DemoParticipantReport = {
  role: Role;
  joinToFirstFrameMs: number | null;
  /** The smallest count among this participant's remote video streams (each must flow). */
  framesDecoded: number;
  audioBytesReceived: number;
  videoBytesReceived: number;
  remoteVideoStreams: number;
  remoteAudioStreams: number;
};

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
  const step = (p: Participant, name: string) => p.page.screenshot({ path: path.join(out, `${name}.png`) }).then(() => undefined);
  try {
    const inv = (await ApiClient.login(target.url, 'investigator', DEMO_PASSWORD)).client;
    const ids = await demoIds(target.url, inv);
    const { start, minutes } = demoSlot();
    const cleared = await clearSlot(inv, ids, start, minutes);
    if (cleared) log(`cancelled ${cleared} earlier session(s) holding this slot`);
    const admin = (await ApiClient.login(target.url, 'admin', DEMO_PASSWORD)).client;
    const byRole = new Map<Role, Participant & { role: Role }>();
    for (const c of CAST) {
      const p = { ...(await loginParticipant(chromium.browser, target.url, c.username, DEMO_PASSWORD)), role: c.role };
      people.push(p);
      byRole.set(c.role, p);
    }
    const host = byRole.get('investigator') as Participant;
    const kiosk = byRole.get('custody_kiosk') as Participant;
    const { sessionId } = await bookThroughUi(
      host,
      target.url,
      {
        caseId: ids.caseId,
        personId: ids.personId,
        centerId: ids.centerId,
        roomId: ids.roomId,
        startsAt: start,
        minutes,
        title: `${DEMO_CASE.detaineeName} 讯问（hearing demo）`,
        participantIds: [ids.users.investigator2, ids.users.prosecutor, ids.users.custody] as string[],
      },
      (n) => step(host, n),
    );
    log(`booked session ${sessionId} through the booking form`);
    await enterSession(kiosk, target.url, sessionId, 'kiosk', 'lobby');
    const last4 = DEMO_PERSONS.find((p) => p.name === DEMO_CASE.detaineeName)?.idNumber.slice(-4) ?? '';
    await attestOnKiosk(kiosk, last4);
    log("custody officer attested the detainee's identity on the kiosk");
    await enterSession(host, target.url, sessionId, 'room');
    await enterSession(byRole.get('investigator2') as Participant, target.url, sessionId, 'room');
    const pros = byRole.get('prosecutor') as Participant;
    await enterSession(pros, target.url, sessionId, 'room', 'lobby');
    await step(host, '2-lobby');
    const parts = (
      await inv.call<{ session: { participants: { id: string; userId: string | null; sessionRole: string }[] } }>(
        'GET',
        `/api/sessions/${sessionId}`,
      )
    ).session.participants;
    await admitFromLobby(host, parts.find((p) => p.sessionRole === 'prosecutor')?.id as string);
    await admitFromLobby(host, parts.find((p) => p.sessionRole === 'detainee')?.id as string);
    await waitForState(pros, 'connected');
    await waitForState(kiosk, 'connected');
    log('prosecutor and kiosk admitted from the lobby');
    for (const r of ['investigator', 'investigator2', 'prosecutor'] as Role[]) await confirmIdentity(byRole.get(r) as Participant);
    await goLive(host);
    log('session is live');
    for (const phase of ['identity_check', 'rights_notice', 'questioning', 'evidence']) await markPhase(host, phase);
    await showEvidence(host, EVIDENCE);
    await evidenceVisible(kiosk);
    log('phases marked; evidence shown on the kiosk');
    const cpuStart = await workerCpuSeconds(admin);
    const t0 = Date.now();
    log(`call running for ${o.seconds} s`);
    await sleep(o.seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const cpuEnd = await workerCpuSeconds(admin);
    await typeRecord(host);
    await correctOnRequest(kiosk, host);
    log('the investigator typed the record; the detainee asked for a correction on the kiosk and it was made');
    const kioskSignatures = await signRecord(host, byRole.get('investigator2') as Participant, kiosk, step);
    await step(host, '7-record-signed');
    log(`the detainee signed on the kiosk (${kioskSignatures} signatures with fingerprints); both investigators signed`);

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
    await endSession(host, '演示讯问结束');
    for (const p of people) if (p !== host) await waitForState(p, 'ended').catch(() => undefined);
    const record = await inv.call<{ events: { kind: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/sessions/${sessionId}/record`,
    );
    const recording = await fetchRecording(
      inv,
      sessionId,
      out,
      target.recordings ? fs.readFileSync(target.recordings.publicKeyFile, 'utf8') : undefined,
    );
    log(
      `recording ${recording.state}, ${recording.verified ? 'verified' : 'NOT verified'}: ${recording.tracks.map((t) => `${t.label} ${t.segments} segments ${t.seconds} s`).join('; ')}`,
    );
    for (const g of recording.gapList) log(`recording GAP on ${g.track}: ${g.cause}, ${g.startedAt} → ${g.endedAt ?? 'open'}`);
    const certificatePem = await fetch(`${target.url}/api/agency/pdf-certificate`).then((r) => r.text());
    const transcript = await fetchTranscript(inv, sessionId, out, certificatePem, kioskSignatures);
    log(
      `record: ${transcript.file}, ${transcript.pages} pages, code ${transcript.verificationCode}, ${transcript.verified ? 'verified' : `NOT verified: ${transcript.problems[0]}`}`,
    );
    const agencyKey = await fetch(`${target.url}/api/agency/public-key`).then((r) => r.text());
    const dossier = await packageDossier(inv, host, target.url, ids.caseId, out, agencyKey, (n) => step(host, n));
    log(
      `case file packaged for the procuratorate: ${dossier.dir}, ${dossier.files} files, ${dossier.bytes} bytes, ` +
        `${dossier.verified ? 'verified' : `NOT verified: ${dossier.problems[0]}`} (hearing verify ${dossier.dir} --public-key ${path.join(out, 'agency-public-key.pem')})`,
    );
    const cpuSeconds = cpuEnd.total - cpuStart.total;
    const expectedRemotes = CAST.length - 1;
    const failures = participants
      .flatMap((p) => [
        ...(p.remoteVideoStreams < expectedRemotes ? [`${p.role} receives ${p.remoteVideoStreams}/${expectedRemotes} video streams`] : []),
        ...(p.remoteAudioStreams < expectedRemotes ? [`${p.role} receives ${p.remoteAudioStreams}/${expectedRemotes} audio streams`] : []),
        ...(p.framesDecoded === 0 ? [`${p.role} decoded no video frames`] : []),
        ...(p.audioBytesReceived === 0 ? [`${p.role} received no audio`] : []),
      ])
      .concat(
        recording.verified ? [] : [`recording does not verify: ${recording.problems[0] ?? ''}`],
        recording.tracks.length >= 2 * CAST.length
          ? []
          : [`only ${recording.tracks.length} recorded tracks for ${CAST.length} participants`],
        transcript.verified ? [] : [`the record does not verify: ${transcript.problems[0] ?? ''}`],
        dossier.verified ? [] : [`the case file package does not verify: ${dossier.problems[0] ?? ''}`],
        ['transcript', 'recording_segment', 'document', 'audit_extract']
          .filter((k) => !dossier.kinds[k])
          .map((k) => `the case file package has no ${k}`),
      );
    const report = {
      generatedAt: new Date().toISOString(),
      url: target.url,
      sessionId,
      seconds: o.seconds,
      participants,
      recording,
      transcript,
      dossier,
      procedure: {
        events: record.events.map((e) => e.kind),
        phases: record.events.filter((e) => e.kind === 'phase').map((e) => e.data.phase),
        attested: record.events.some((e) => e.kind === 'identity_attested'),
      },
      server: {
        workerCpuSeconds: Number(cpuSeconds.toFixed(3)),
        wallSeconds: Number(wall.toFixed(3)),
        workerCpuCores: Number((cpuSeconds / wall).toFixed(4)),
        workers: cpuEnd.workers.length,
      },
      ok: failures.length === 0,
      failures,
    };
    fs.writeFileSync(path.join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    for (const p of participants) {
      log(
        `${p.role.padEnd(14)} first frame ${p.joinToFirstFrameMs ?? '-'} ms, frames ${p.framesDecoded}, audio ${p.audioBytesReceived} B, video ${p.videoBytesReceived} B`,
      );
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
