// Records one producer: a PlainTransport tap sends its RTP to Debian's ffmpeg, which remuxes it
// without transcoding into a live Matroska stream on stdout; the stream is split into
// self-contained segment files hashed while written. ffmpeg is listening before media flows.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TypedEmitter } from '../events';
import type { MediaRoom, RecordingTap } from '../MediaRoom';
import type { MediaLogger } from '../types';
import { MatroskaSplitter } from './matroskaSplitter';
import { freePortPair, releasePortPair, waitUntilBound } from './ports';
import { recorderSdp } from './sdp';
import { SegmentWriter, type ClosedSegment } from './segmentWriter';

export type TrackRecorderOptions = {
  room: MediaRoom;
  producerId: string;
  dir: string;
  prefix: string;
  segmentSeconds: number;
  firstIndex?: number;
  ffmpegPath?: string;
  logger: MediaLogger;
  /**
   * For a source that sends all the time (a camera, a microphone): no media for this long is a
   * stall, reported as `stalled` and, when media comes back, `flowing`. Unset for sources that
   * legitimately send only when their picture changes (evidence display, screen share).
   */
  stallMs?: number;
};

export type TrackStall = {
  /** Wall-clock time the SFU last sent this recorder a packet before the stall. */
  since: Date;
  /** When the stall was noticed. */
  detectedAt: Date;
  /** The producer was paused (muted, camera off) when the stall was noticed. */
  producerPaused: boolean;
  /** Packets kept arriving but nothing was written (lost on the way into the recorder). */
  notWritten: boolean;
};

type Events = {
  segment: [ClosedSegment];
  /** A continuous source sent nothing for longer than `stallMs`. */
  stalled: [TrackStall];
  /** Media arrived again after a stall, at `at` (wall clock). */
  flowing: [{ at: Date; stall: TrackStall }];
  /** ffmpeg ended: `expected` after stop(), otherwise the recorder died (its open segment is closed first). */
  exit: [{ code: number | null; signal: NodeJS.Signals | null; expected: boolean; at: Date }];
};

/**
 * ffmpeg's UDP receive buffer: a burst (a key frame) must wait there while ffmpeg is off the CPU.
 * The kernel caps it at net.core.rmem_max, which scripts/setup.sh raises where it may.
 */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;
/** The recorders' scheduling priority (nice -10). */
const RECORDER_PRIORITY = -10;
/** How often the SFU's packet count for a recorder is read. */
const POLL_MS = 500;
/** Packets forwarded for this long with nothing written: a video recorder asks for a key frame. */
const KEY_FRAME_AFTER_MS = 1500;

export class TrackRecorder extends TypedEmitter<Events> {
  readonly producerId: string;
  readonly kind: 'audio' | 'video';
  readonly #ff: ChildProcessWithoutNullStreams;
  readonly #tap: RecordingTap;
  readonly #writer: SegmentWriter;
  #stopping = false;
  #stderr = '';
  #anchorMs: number | null = null;
  #exited: Promise<void>;
  /** The SFU's count of packets sent to this recorder, and when it last grew (wall clock). */
  #packets = 0;
  #lastPacketAt: number | null = null;
  #stall: TrackStall | null = null;
  /** When ffmpeg last handed out a cluster; and whether it was killed for receiving without writing. */
  #lastWrittenAt = Date.now();
  /** Since when packets have been flowing without a pause (null while they do not). */
  #flowingSince: number | null = null;
  #lastKeyFrameRequestAt = 0;
  #watchdog: NodeJS.Timeout | null = null;

  private constructor(
    o: TrackRecorderOptions,
    tap: RecordingTap,
    ff: ChildProcessWithoutNullStreams,
    writer: SegmentWriter,
    splitter: MatroskaSplitter,
  ) {
    super((event, err) => o.logger.error({ err, event, producerId: o.producerId }, 'recorder listener threw'));
    this.producerId = o.producerId;
    this.kind = tap.kind;
    this.#ff = ff;
    this.#tap = tap;
    this.#writer = writer;
    ff.stdout.on('data', (chunk: Buffer) => {
      try {
        splitter.write(chunk);
      } catch (err) {
        o.logger.error({ err, producerId: o.producerId }, 'recording stream unreadable');
        ff.kill('SIGKILL');
      }
    });
    ff.stderr.on('data', (c: Buffer) => {
      this.#stderr = (this.#stderr + c.toString()).slice(-4000);
    });
    this.#exited = new Promise((resolve) => {
      ff.on('close', (code, signal) => {
        // NOTE: read before closing the tap: its end handler calls stop(), which would mark any death as expected.
        const expected = this.#stopping;
        this.#stopping = true;
        if (this.#watchdog) clearInterval(this.#watchdog);
        this.#writer.close();
        tap.close();
        if (!expected)
          o.logger.warn({ producerId: o.producerId, code, signal, stderr: this.#stderr.slice(-500) }, 'recorder ffmpeg ended unexpectedly');
        else
          o.logger.info(
            { producerId: o.producerId, code, signal, pending: splitter.pending, stderr: this.#stderr.slice(-800) },
            'recorder stopped',
          );
        this.safeEmit('exit', { code, signal, expected, at: new Date() });
        resolve();
      });
    });
    tap.onEnd(() => void this.stop());
  }

  /**
   * Starts watching for stalls (a no-op for sparse sources). It polls the SFU's count of packets
   * sent to this recorder: a count that has not moved for `stallMs` is media that stopped. A slow
   * ffmpeg or a busy event loop delays what the recorder writes, never that count, so a loaded
   * machine does not invent a gap. A stall counts from the first packet on.
   */
  #arm(stallMs: number | undefined): void {
    if (stallMs === undefined || this.#stopping) return;
    const every = Math.min(POLL_MS, Math.max(100, stallMs / 4));
    let polling = false;
    this.#watchdog = setInterval(() => {
      if (polling) return;
      polling = true;
      this.#tap
        .packetsSent()
        .then((n) => this.#onPacketCount(n, stallMs))
        .catch(() => undefined)
        .finally(() => {
          polling = false;
        });
    }, every);
    this.#watchdog.unref();
  }

  #onPacketCount(count: number, stallMs: number): void {
    if (this.#stopping) return;
    const now = Date.now();
    if (count > this.#packets) {
      const paused = this.#lastPacketAt === null || now - this.#lastPacketAt > 2 * POLL_MS;
      if (paused || this.#flowingSince === null) this.#flowingSince = now;
      this.#packets = count;
      this.#lastPacketAt = now;
      // NOTE: ffmpeg's VP8 depacketizer drops every frame after a lost packet until the next key
      // frame, and a browser sends one only when asked: packets forwarded but nothing written
      // means ask for a key frame (at most every 2 s).
      if (this.kind === 'video' && now - this.#lastWrittenAt > KEY_FRAME_AFTER_MS && now - this.#lastKeyFrameRequestAt > 2000) {
        this.#lastKeyFrameRequestAt = now;
        void this.#tap.requestKeyFrame().catch(() => undefined);
      }
      // NOTE: forwarded all along for longer than the stall bound and nothing written: media is
      // lost between the SFU and the recorder (ffmpeg starved of CPU, its socket overflowing).
      // That is a gap too, until something is written again.
      if (!this.#stall && this.#anchorMs !== null && now - this.#flowingSince > stallMs && now - this.#lastWrittenAt > stallMs) {
        this.#stall = { since: new Date(this.#lastWrittenAt), detectedAt: new Date(now), producerPaused: false, notWritten: true };
        this.safeEmit('stalled', this.#stall);
        return;
      }
      const stall = this.#stall;
      if (stall && !stall.notWritten) {
        this.#stall = null;
        this.safeEmit('flowing', { at: new Date(now), stall });
      }
      return;
    }
    // NOTE: a source that never sent anything has no segments at all, which the manifest shows as a track without a chain head.
    if (this.#stall || this.#lastPacketAt === null || now - this.#lastPacketAt <= stallMs) return;
    this.#stall = {
      since: new Date(this.#lastPacketAt),
      detectedAt: new Date(now),
      producerPaused: this.#tap.producerPaused(),
      notWritten: false,
    };
    this.safeEmit('stalled', this.#stall);
  }

  /**
   * Starts recording; resolves once ffmpeg listens and the tap has been resumed. A start whose
   * port was taken before ffmpeg bound it is tried again on another port.
   */
  static async start(o: TrackRecorderOptions): Promise<TrackRecorder> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await TrackRecorder.#startOn(o, await freePortPair());
      } catch (err) {
        const lostBind = /bind failed|Address already in use/.test(String((err as Error).message));
        if (!lostBind || attempt >= 3) throw err;
        o.logger.warn({ producerId: o.producerId, attempt }, 'recorder port was taken before ffmpeg bound it; trying another');
      }
    }
  }

  static async #startOn(o: TrackRecorderOptions, port: number): Promise<TrackRecorder> {
    let tap: RecordingTap;
    try {
      tap = await o.room.createRecordingTap(o.producerId, { port, rtcpPort: port + 1 });
    } catch (err) {
      releasePortPair(port);
      throw err;
    }
    let ff: ChildProcessWithoutNullStreams | undefined;
    try {
      fs.mkdirSync(o.dir, { recursive: true });
      const sdpFile = path.join(o.dir, `${o.prefix}-${Date.now()}.sdp`);
      const [, codec] = tap.codec.mimeType.split('/');
      fs.writeFileSync(
        sdpFile,
        recorderSdp({
          kind: tap.kind,
          port,
          payloadType: tap.codec.payloadType,
          codec: codec ?? 'VP8',
          clockRate: tap.codec.clockRate,
          ...(tap.codec.channels ? { channels: tap.codec.channels } : {}),
        }),
      );
      // NOTE: short probing (-analyzeduration 1 s, no frame-rate probing): ffmpeg holds probed
      // packets back, and whatever it still holds when stopped would be lost from the recording.
      const proc = spawn(
        o.ffmpegPath ?? 'ffmpeg',
        [
          '-hide_banner',
          '-loglevel',
          'warning',
          '-protocol_whitelist',
          'file,udp,rtp',
          '-fflags',
          '+genpts',
          '-buffer_size',
          String(RECEIVE_BUFFER_BYTES),
          '-analyzeduration',
          '1000000',
          '-fpsprobesize',
          '0',
          '-i',
          sdpFile,
          '-map',
          '0',
          '-c',
          'copy',
          '-f',
          'matroska',
          '-live',
          '1',
          '-cluster_time_limit',
          '1000',
          'pipe:1',
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      ff = proc;
      // NOTE: the recording is the evidence: its ffmpeg outranks everything else on the machine for
      // the CPU, so a busy host delays other work before it starves a recorder into losing packets.
      // Raising a priority needs root (or CAP_SYS_NICE); without it the recorder runs as it is.
      if (proc.pid !== undefined) {
        try {
          os.setPriority(proc.pid, RECORDER_PRIORITY);
        } catch {
          o.logger.info({ producerId: o.producerId }, 'recorder priority not raised (needs CAP_SYS_NICE)');
        }
      }
      proc.on('close', () => releasePortPair(port));
      // NOTE: segments close only after media flowed, by which time `rec` below exists.
      const writer = new SegmentWriter({
        dir: o.dir,
        prefix: o.prefix,
        segmentSeconds: o.segmentSeconds,
        ...(o.firstIndex !== undefined ? { firstIndex: o.firstIndex } : {}),
        onClosed: (s) => rec.safeEmit('segment', s),
      });
      const splitter = new MatroskaSplitter({
        header: (b) => writer.header(b),
        cluster: (c) => {
          // NOTE: ffmpeg hands a live cluster out just after its last block: that moment, less the
          // block's media time, is the wall-clock time of media time zero for this run.
          if (rec.#anchorMs === null) rec.#anchorMs = Date.now() - c.lastBlockMs;
          writer.cluster(c);
          rec.#lastWrittenAt = Date.now();
          const stall = rec.#stall;
          if (stall?.notWritten) {
            rec.#stall = null;
            rec.safeEmit('flowing', { at: new Date(rec.#lastWrittenAt), stall });
          }
        },
      });
      const rec: TrackRecorder = new TrackRecorder(o, tap, ff, writer, splitter);
      // NOTE: fail fast, with ffmpeg's own words, if it exits instead of listening.
      let exited = false;
      await Promise.race([
        waitUntilBound(port, 15_000, () => exited),
        rec.#exited.then(() => {
          exited = true;
          throw new Error(`recorder ffmpeg exited before listening: ${rec.#stderr || '(no message; killed)'}`);
        }),
      ]);
      await tap.start();
      rec.#arm(o.stallMs);
      // NOTE: ffmpeg needs a key frame to learn the picture size; ask again shortly in case the first was lost.
      setTimeout(() => void tap.requestKeyFrame().catch(() => undefined), 500);
      return rec;
    } catch (err) {
      if (ff) ff.kill('SIGKILL');
      else releasePortPair(port);
      tap.close();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.#ff.pid;
  }

  /** Wall-clock time (epoch ms) of this run's media time zero; null until the first cluster arrived. */
  get anchorMs(): number | null {
    return this.#anchorMs;
  }

  /** Whether ffmpeg is still running (not stopped and not dead). */
  get running(): boolean {
    return this.#ff.exitCode === null && this.#ff.signalCode === null && !this.#stopping;
  }

  /** Stops cleanly: ffmpeg flushes what it has, the open segment is closed and reported. */
  async stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      // NOTE: interrupt ffmpeg while media still flows (a blocked UDP read would never see the
      // signal), so it writes its last cluster; the tap closes when ffmpeg has exited.
      this.#ff.kill('SIGINT');
      const t = setTimeout(() => this.#ff.kill('SIGKILL'), 3000);
      await this.#exited;
      clearTimeout(t);
    }
    await this.#exited;
  }
}
