// One track of a recording part: the recorder runs that follow its producer (a new run after a
// recorder dies, stalls or the producer is replaced), their segments registered and chained in
// order, and the gaps between them recorded with their causes.
import path from 'node:path';
import type { MediaRoom } from '../../media';
import { type ClosedSegment, TrackRecorder, type TrackStall } from '../../media';
import type { Db } from '../db/db';
import { logger } from '../logger';
import { findSessionById as findSession } from '../sessions';
import { isContinuousSource } from '../vocabulary';
import { classifyExit, type RecorderExit } from './recording.exit';
import { writeGapClose, writeGapOpen, writeSegment } from './recording.writes';
import type { Recording, Segment, Track } from './recording.types';

export type RecordingOptions = {
  /** Root folder of all recordings; each part lives in <root>/<session id>/part-<n>/. */
  root: string;
  segmentSeconds: number;
  ffmpegPath: string;
  /** How long the supervisor waits before restarting a dead recorder. */
  restartDelayMs: number;
  /** A camera or microphone that sends nothing for this long has a gap (media_stalled) until it sends again. */
  stallMs: number;
  /** This platform instance: the writer of the parts it records (the same across its restarts). */
  instanceId: string;
  /** How long a part stays this instance's without its lease being renewed (renewed every third of it). */
  leaseMs: number;
};

/** A session's recording part while it records. */
export type LivePart = { sessionId: string; rec: Recording; room: MediaRoom; tracks: Map<string, TrackRun>; ending: boolean };

/** What a track run needs from the supervisor. */
export type RunHost = {
  db: Db;
  opts: RecordingOptions;
  closing(): boolean;
  notify(sessionId: string): void;
  /** Every recorder process not yet exited (the supervisor waits for them at shutdown). */
  running: Set<TrackRecorder>;
};

export class TrackRun {
  readonly track: Track;
  producerId: string | null = null;
  recorder: TrackRecorder | null = null;
  segments = 0;
  /** Segment registrations and gap closings, in order. */
  queue: Promise<void> = Promise.resolve();
  gapOpen = false;
  readonly #host: RunHost;
  readonly #live: LivePart;
  #run: number;
  #nextIndex: number;
  #lastEndedAt: Date | null;
  #restartTimer: NodeJS.Timeout | null = null;
  #lastFacts: { sessionLive: boolean; isDetainee: boolean } | null = null;

  constructor(host: RunHost, live: LivePart, track: Track, last: Segment | null) {
    this.#host = host;
    this.#live = live;
    this.track = track;
    this.#run = last?.run ?? 0;
    this.#nextIndex = (last?.index ?? -1) + 1;
    this.#lastEndedAt = last?.endedAt ?? null;
  }

  /** Records `producerId` from now on (stopping a recorder of an earlier producer); a failed start is a gap and retried. */
  async follow(producerId: string): Promise<void> {
    if (this.producerId === producerId && this.recorder?.running) return;
    if (this.recorder) await this.recorder.stop();
    this.producerId = producerId;
    try {
      await this.start();
    } catch (err) {
      // NOTE: media that is forwarded but not recorded is never silent: a gap until a retry works.
      logger.error({ err, sessionId: this.#live.sessionId, track: this.track.seq }, 'could not start a recorder; retrying');
      this.gapOpen = true;
      const cause = `recorder_start_failed (${String((err as Error).message).slice(0, 120)})`;
      await writeGapOpen(this.#host.db, this.#live.rec, this.track, { at: new Date(), cause, requiresCause: true }).catch((e: unknown) =>
        logger.error({ err: e, sessionId: this.#live.sessionId }, 'could not record a recording gap'),
      );
      this.#host.notify(this.#live.sessionId);
      this.#scheduleRestart(1000);
    }
  }

  cancelRestart(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
  }

  async start(): Promise<void> {
    this.cancelRestart();
    const live = this.#live;
    const producerId = this.producerId;
    if (!producerId || live.ending || this.#host.closing() || live.room.closed || !live.room.producerOwner(producerId)) return;
    const run = this.#run + 1;
    const room = live.room;
    const o = this.#host.opts;
    const rec = await TrackRecorder.start({
      room,
      producerId,
      dir: path.join(o.root, live.rec.dir),
      prefix: `t${String(this.track.seq).padStart(2, '0')}`,
      segmentSeconds: o.segmentSeconds,
      firstIndex: this.#nextIndex,
      ffmpegPath: o.ffmpegPath,
      logger,
      ...(isContinuousSource(this.track.source) ? { stallMs: o.stallMs } : {}),
    });
    this.#run = run;
    this.recorder = rec;
    this.#host.running.add(rec);
    const failed = (what: string) => (err: unknown) => logger.error({ err, sessionId: live.sessionId, track: this.track.seq }, what);
    rec.on('segment', (seg) => {
      this.#nextIndex = seg.index + 1;
      this.segments += 1;
      const anchor = rec.anchorMs ?? seg.openedAt.getTime();
      const startedAt = new Date(anchor + seg.firstClusterMs);
      const endedAt = new Date(anchor + Math.max(seg.lastBlockMs, seg.firstClusterMs));
      this.#lastEndedAt = endedAt;
      this.queue = this.queue.then(() => this.#register(seg, run, startedAt, endedAt));
    });
    rec.on('stalled', (stall) => void this.#onStall(stall).catch(failed('could not record a media stall')));
    // NOTE: queued behind the segments, so the gap closes after the ones before it registered.
    rec.on('flowing', ({ at }) => {
      this.queue = this.queue.then(() => this.#onFlowing(at)).catch(failed('could not close a media stall'));
    });
    rec.on('exit', (e) => {
      this.#host.running.delete(rec);
      // NOTE: whatever fails in here (the database away) is logged; it never takes the process down.
      void this.#onExit(rec, room, e).catch(failed('could not handle a recorder exit'));
    });
    logger.info({ sessionId: live.sessionId, track: this.track.seq, run, pid: rec.pid }, 'recorder started');
    this.#host.notify(live.sessionId);
  }

  async #register(seg: ClosedSegment, run: number, startedAt: Date, endedAt: Date): Promise<void> {
    try {
      // NOTE: durable: applied now, or journaled while the database is away and applied in order later.
      await writeSegment(
        this.#host.db,
        this.#live.rec,
        this.track,
        {
          index: seg.index,
          file: seg.file,
          bytes: seg.bytes,
          sha256: seg.sha256,
          sm3: seg.sm3,
          run,
          mediaStartMs: seg.firstClusterMs,
          mediaEndMs: seg.lastBlockMs,
          startedAt,
          endedAt,
        },
        this.#host.opts.instanceId,
      );
      if (this.gapOpen) {
        this.gapOpen = false;
        this.#host.notify(this.#live.sessionId);
      }
    } catch (err) {
      logger.error({ err, sessionId: this.#live.sessionId, file: seg.file }, 'could not register a recording segment');
    }
  }

  /** Whether the session is live and this track is the detainee's; the last known answer while the database is away. */
  async #facts(): Promise<{ sessionLive: boolean; isDetainee: boolean }> {
    try {
      const s = await findSession(this.#host.db, this.#live.sessionId);
      this.#lastFacts = {
        sessionLive: s?.state === 'live' || s?.state === 'interrupted',
        isDetainee: s?.participants.find((x) => x.id === this.track.participantId)?.sessionRole === 'detainee',
      };
    } catch (err) {
      logger.warn({ err, sessionId: this.#live.sessionId }, 'session facts unavailable; using the last known');
    }
    // NOTE: never known (the database was away from the start): assume the strictest, a cause is required.
    return this.#lastFacts ?? { sessionLive: true, isDetainee: true };
  }

  async #onExit(rec: TrackRecorder, room: MediaRoom, e: RecorderExit & { at: Date }): Promise<void> {
    if (this.recorder === rec) this.recorder = null;
    if (this.#live.ending || this.#host.closing()) return;
    await this.queue;
    const { cause, requiresCause, restart } = classifyExit(e, { workerDied: room.closeReason === 'worker_died', ...(await this.#facts()) });
    const gapStart = this.#lastEndedAt && this.#lastEndedAt.getTime() <= e.at.getTime() ? this.#lastEndedAt : e.at;
    this.gapOpen = true;
    await writeGapOpen(this.#host.db, this.#live.rec, this.track, { at: gapStart, cause, requiresCause }).catch((err: unknown) =>
      logger.error({ err, sessionId: this.#live.sessionId }, 'could not record a recording gap'),
    );
    logger.warn({ sessionId: this.#live.sessionId, track: this.track.seq, cause }, 'recording gap opened');
    this.#host.notify(this.#live.sessionId);
    if (restart) this.#scheduleRestart(this.#host.opts.restartDelayMs);
  }

  /** A camera or microphone stopped sending: a gap from its last media, with its cause. */
  async #onStall(stall: TrackStall): Promise<void> {
    if (this.#live.ending || this.#host.closing()) return;
    const f = await this.#facts();
    const seconds = ((stall.detectedAt.getTime() - stall.since.getTime()) / 1000).toFixed(1);
    // NOTE: a paused producer (muted, camera off) is an act in the session record, not lost media.
    const cause = stall.producerPaused
      ? 'producer_paused (muted or camera off)'
      : stall.notWritten
        ? `recorder_not_writing (packets forwarded, nothing written for ${seconds} s: lost on the way into the recorder)`
        : `media_stalled (no packets for ${seconds} s)`;
    this.gapOpen = true;
    const requiresCause = f.sessionLive && f.isDetainee && !stall.producerPaused;
    await writeGapOpen(this.#host.db, this.#live.rec, this.track, { at: stall.since, cause, requiresCause });
    logger.warn({ sessionId: this.#live.sessionId, track: this.track.seq, cause }, 'recording gap opened');
    this.#host.notify(this.#live.sessionId);
  }

  async #onFlowing(at: Date): Promise<void> {
    if (this.#live.ending) return;
    await writeGapClose(this.#host.db, this.#live.rec, this.track, at);
    if (this.gapOpen) logger.info({ sessionId: this.#live.sessionId, track: this.track.seq }, 'media flowing again; recording gap closed');
    this.gapOpen = false;
    this.#host.notify(this.#live.sessionId);
  }

  #scheduleRestart(delay: number): void {
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (this.recorder) return;
      this.start().catch((err: unknown) => {
        logger.error({ err, sessionId: this.#live.sessionId, track: this.track.seq }, 'recorder restart failed; retrying');
        this.#scheduleRestart(1000);
      });
    }, delay);
  }
}
