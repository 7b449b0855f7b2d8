// Runs the recorders of live sessions. Every producer of a session that must be recorded gets a
// TrackRecorder from the moment it appears (from the lobby on, before questioning starts); each
// closed segment is registered and chained; a recorder that dies is restarted within a second or
// two and the gap is recorded; a media worker death or a participant's media ending is a gap too,
// never silent loss. At the end the part is closed and sealed.
import type { MediaRoom, MediaService, ProducerInfo } from '../../media';
import type { TrackRecorder } from '../../media';
import { MEDIA_SOURCE_LABELS, sessionRoleLabel } from '../vocabulary';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { isDbUnavailable } from '../db/availability';
import type { Db } from '../db/db';
import { RecordingForbidden, type Unmet } from '../errors';
import { logger } from '../logger';
import { isHostRole, policyOf } from '../sessions';
import { findById as findSession } from '../sessions';
import type { Session } from '../sessions';
import { CourtViews } from './recording.courtViews';
import { renewLeases } from './recording.lease';
import { sealPart } from './recording.manifest';
import * as repo from './recording.repo';
import * as svc from './recording.service';
import type { AgencySigner } from '../security/agencySigning';
import { type LivePart, type RecordingOptions, type RunHost, TrackRun } from './recording.trackRun';
import type { RecordingSnapshot } from './recording.types';

export type { RecordingOptions } from './recording.trackRun';

const keyOf = (participantId: string, source: string) => `${participantId}:${source}`;

export class RecordingSupervisor {
  readonly #db: Db;
  readonly #opts: RecordingOptions;
  readonly #signer: AgencySigner;
  readonly #live = new Map<string, LivePart>();
  /** Per-session promise chain: parts start and end one at a time. */
  readonly #chains = new Map<string, Promise<unknown>>();
  #closing = false;
  /** Every recorder process not yet exited, including ones stopping on their own (their producer ended). */
  readonly #running = new Set<TrackRecorder>();
  readonly #runHost: RunHost;
  readonly #courtViews: CourtViews;
  readonly #changed = new Set<(sessionId: string) => void>();
  readonly #leaseTimer: NodeJS.Timeout;

  constructor(db: Db, media: MediaService, opts: RecordingOptions, signer: AgencySigner) {
    this.#runHost = { db, opts, closing: () => this.#closing, notify: (id) => this.#notify(id), running: this.#running };
    this.#db = db;
    this.#opts = opts;
    this.#signer = signer;
    this.#courtViews = new CourtViews(db, opts.root, opts.ffmpegPath);
    this.#leaseTimer = renewLeases(db, opts);
    media.on(
      'roomcreated',
      ({ room }) =>
        void this.#attach(room).catch((err: unknown) => logger.error({ err, sessionId: room.id }, 'recording could not attach')),
    );
  }

  /** Called when a recorder starts or stops or a gap opens or closes, so the room can show it. */
  onChanged(fn: (sessionId: string) => void): void {
    this.#changed.add(fn);
  }

  #notify(sessionId: string): void {
    for (const fn of this.#changed) fn(sessionId);
  }

  get root(): string {
    return this.#opts.root;
  }
  get signer(): AgencySigner {
    return this.#signer;
  }

  /** The ffmpeg process ids of a session's running recorders (operators and fault-injection tests). */
  recorderPids(sessionId: string): { participantId: string; source: string; pid: number }[] {
    const live = this.#live.get(sessionId);
    if (!live) return [];
    return [...live.tracks.values()].flatMap((t) =>
      t.recorder?.running && t.recorder.pid ? [{ participantId: t.track.participantId, source: t.track.source, pid: t.recorder.pid }] : [],
    );
  }

  /** What is missing, recording-wise, before a mandatory session may go live (or resume). */
  async unmet(s: Session, present: ReadonlySet<string>): Promise<Unmet[]> {
    if (policyOf(s.type).recording !== 'mandatory') return [];
    const live = this.#live.get(s.id);
    const recording = async (pid: string, source: string) => live?.tracks.get(keyOf(pid, source))?.recorder?.running === true;
    const out: Unmet[] = [];
    const need = async (pid: string, role: string, source: string) => {
      if (!(await recording(pid, source))) out.push({ code: 'recording_track', participantId: pid, role, source });
    };
    for (const p of s.participants.filter((x) => present.has(x.id))) {
      if (p.sessionRole === 'detainee') {
        await need(p.id, p.sessionRole, 'camera');
        await need(p.id, p.sessionRole, 'microphone');
      } else if (isHostRole(s.type, p.sessionRole)) await need(p.id, p.sessionRole, 'microphone');
    }
    // NOTE: and nothing anyone sends may go unrecorded.
    if (live && !live.room.closed) {
      for (const p of live.room.listProducers()) {
        if (out.some((u) => u.participantId === p.peerId && u.source === p.source)) continue;
        if (!(await recording(p.peerId, p.source))) out.push({ code: 'recording_track', participantId: p.peerId, source: p.source });
      }
    }
    return out;
  }

  /** Recorders and gaps of the session, for the host's panel. */
  async snapshot(s: Session): Promise<RecordingSnapshot> {
    const policy = policyOf(s.type).recording;
    const rec = (await repo.recordingsOfSession(this.#db, s.id)).pop() ?? null;
    const live = this.#live.get(s.id);
    const gaps = await repo.gapsOfSession(this.#db, s.id);
    const tracks = rec ? await repo.tracksOf(this.#db, rec.id) : [];
    const labelOf = new Map(tracks.map((t) => [t.id, t.label]));
    return {
      policy,
      state: rec?.state ?? 'off',
      recordingId: rec?.id ?? null,
      tracks: tracks.map((t) => {
        const run = live?.tracks.get(keyOf(t.participantId, t.source));
        return {
          participantId: t.participantId,
          source: t.source,
          label: t.label,
          recording: run?.recorder?.running === true,
          segments: run?.segments ?? 0,
        };
      }),
      gaps: gaps.map((g) => ({
        id: g.id,
        label: g.trackId ? (labelOf.get(g.trackId) ?? '') : '全部轨道',
        startedAt: g.startedAt.toISOString(),
        endedAt: g.endedAt?.toISOString() ?? null,
        detectedCause: g.detectedCause,
        requiresCause: g.requiresCause,
        statedCause: g.statedCause,
      })),
    };
  }

  /** A host starts recording a session whose law leaves it optional (mediation); mandatory ones record by themselves. */
  async start(s: Session, room: MediaRoom | undefined, user: AuthUser): Promise<void> {
    if (policyOf(s.type).recording === 'forbidden') {
      await audit.recordAlone(this.#db, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: 'recording.start',
        objectType: 'session',
        objectId: s.id,
        outcome: 'denied',
        detail: { reason: 'recording_forbidden', sessionType: s.type },
      });
      throw RecordingForbidden(`session ${s.id} is a ${s.type}`);
    }
    if (!room || room.closed) return;
    room.assertRecordingAllowed();
    await this.#ensurePart(room, s, { userId: user.id, agencyId: user.agencyId });
    await this.#serial(`${room.id}:producers`, async () => {
      for (const p of room.listProducers()) await this.#onProducer(room, p);
    });
  }

  /**
   * The session ended: stop every recorder (each flushes its last segment), close the part and seal
   * it — complete, or interrupted when the session was cancelled rather than ended.
   */
  async finish(sessionId: string, o: { cancelled?: string } = {}): Promise<string | null> {
    return this.#serial(sessionId, async () => {
      const live = this.#live.get(sessionId);
      const rec = live?.rec ?? (await repo.activeRecording(this.#db, sessionId));
      if (!rec) return null;
      if (live) await this.#stopAll(live);
      const end =
        o.cancelled === undefined
          ? ({ state: 'complete', at: new Date() } as const)
          : ({ state: 'interrupted', at: new Date(), reason: `会话已取消 session cancelled: ${o.cancelled}` } as const);
      await this.#db.transaction((trx) => svc.endPart(trx, rec, end));
      const sealed = await sealPart(this.#db, this.#opts.root, this.#signer, rec.id);
      // NOTE: the court view is derived in the background; the sealed originals are the evidence.
      this.#courtViews.enqueue(rec.id);
      return sealed.manifestFile;
    });
  }

  /** Server shutdown: every recording in progress ends as INTERRUPTED and is sealed as it stands. */
  async shutdown(reason = 'server shutdown'): Promise<void> {
    this.#closing = true;
    clearInterval(this.#leaseTimer);
    await Promise.all(
      [...this.#live.keys()].map((id) =>
        this.#serial(id, async () => {
          const live = this.#live.get(id);
          if (!live) return;
          await this.#stopAll(live);
          await this.#db.transaction((trx) => svc.endPart(trx, live.rec, { state: 'interrupted', at: new Date(), reason }));
          await sealPart(this.#db, this.#opts.root, this.#signer, live.rec.id);
        }).catch((err: unknown) => logger.error({ err, sessionId: id }, 'could not seal a recording at shutdown')),
      ),
    );
    await Promise.all([...this.#running].map((r) => r.stop()));
    await this.#courtViews.settled();
  }

  /** Derives (once) the court view of a sealed recording part; resolves with its file and hashes. */
  courtView(recordingId: string): Promise<{ file: string; sha256: string; sm3: string }> {
    return this.#courtViews.get(recordingId);
  }

  async #attach(room: MediaRoom): Promise<void> {
    // NOTE: subscribe before the first await, so no producer slips by; producers are handled one at a time.
    if (room.recording !== 'forbidden') {
      const handle = (p: ProducerInfo) =>
        void this.#serial(`${room.id}:producers`, () => this.#onProducer(room, p)).catch((err: unknown) => {
          logger.error({ err, sessionId: room.id, producerId: p.producerId }, 'could not start a recorder');
          // NOTE: the database is away (no part or track row can be made yet): try again until it returns.
          if (isDbUnavailable(err) && !room.closed && room.producerOwner(p.producerId)) setTimeout(() => handle(p), 1000);
        });
      room.on('producercreated', handle);
    }
    const s = await findSession(this.#db, room.id);
    if (!s || s.state === 'ended' || s.state === 'cancelled') return;
    if (room.recording === 'forbidden') {
      // NOTE: the audit trail says why this session has no recording at all.
      await audit.recordAlone(this.#db, {
        actorUserId: null,
        agencyId: null,
        action: 'recording.not_made',
        objectType: 'session',
        objectId: s.id,
        outcome: 'success',
        detail: { reason: 'recording_forbidden', sessionType: s.type },
      });
      return;
    }
    const active = await repo.activeRecording(this.#db, s.id);
    if (room.recording === 'mandatory' || active) {
      await this.#ensurePart(room, s);
      await this.#serial(`${room.id}:producers`, async () => {
        for (const p of room.listProducers()) await this.#onProducer(room, p);
      });
    }
  }

  async #ensurePart(room: MediaRoom, s: Session, by?: { userId: string; agencyId: string }): Promise<LivePart> {
    return this.#serial(s.id, async () => {
      const existing = this.#live.get(s.id);
      if (existing && !existing.ending) {
        existing.room = room;
        return existing;
      }
      const rec = await svc.startPart(this.#db, s.id, {
        sessionLive: s.state === 'live' || s.state === 'interrupted',
        writer: { instanceId: this.#opts.instanceId, leaseMs: this.#opts.leaseMs },
        ...(by ? { by } : {}),
      });
      const live: LivePart = { sessionId: s.id, rec, room, tracks: new Map(), ending: false };
      this.#live.set(s.id, live);
      return live;
    });
  }

  async #onProducer(room: MediaRoom, p: ProducerInfo): Promise<void> {
    if (this.#closing || room.closed) return;
    const s = await findSession(this.#db, room.id);
    if (!s || s.state === 'ended' || s.state === 'cancelled') return;
    let live = this.#live.get(room.id);
    if (!live && room.recording === 'mandatory') live = await this.#ensurePart(room, s);
    if (!live || live.ending) return;
    live.room = room;
    const who = s.participants.find((x) => x.id === p.peerId);
    if (!who) return;
    const key = keyOf(p.peerId, p.source);
    let tr = live.tracks.get(key);
    if (!tr) {
      const track = await svc.ensureTrack(this.#db, live.rec, {
        participantId: p.peerId,
        source: p.source,
        kind: p.kind,
        label: `${who.displayName}（${sessionRoleLabel(who.sessionRole, s.type)['zh-CN']}）${MEDIA_SOURCE_LABELS[p.source]['zh-CN']}`,
      });
      const last = await repo.lastSegment(this.#db, track.id);
      tr = live.tracks.get(key) ?? new TrackRun(this.#runHost, live, track, last);
      live.tracks.set(key, tr);
    }
    await tr.follow(p.producerId);
  }

  async #stopAll(live: LivePart): Promise<void> {
    live.ending = true;
    for (const tr of live.tracks.values()) tr.cancelRestart();
    await Promise.all([...live.tracks.values()].map((tr) => tr.recorder?.stop()));
    await Promise.all([...live.tracks.values()].map((tr) => tr.queue));
    this.#live.delete(live.sessionId);
  }

  #serial<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#chains.get(sessionId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.#chains.set(sessionId, next);
    void next
      .finally(() => {
        if (this.#chains.get(sessionId) === next) this.#chains.delete(sessionId);
      })
      .catch(() => undefined);
    return next;
  }
}
