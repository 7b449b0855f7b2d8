import { mediaCodecs } from './codecs';
import { TypedEmitter } from './events';
import { MediaError, MediaRoom } from './MediaRoom';
import { WorkerPool } from './workers';
import type { MediaServiceOptions, RoomCloseReason, RoomOptions, WorkerStats } from './types';

export type MediaServiceEvents = {
  /** A room's router closed; reason worker_died means its peers should rejoin on a new worker. */
  roomclosed: [{ roomId: string; reason: RoomCloseReason }];
  /** A session's router was created (the recording supervisor attaches here). */
  roomcreated: [{ room: MediaRoom }];
  workerdied: [{ index: number; pid: number }];
  workerreplaced: [{ index: number; pid: number }];
};

export class MediaService extends TypedEmitter<MediaServiceEvents> {
  readonly #pool: WorkerPool;
  readonly #rooms = new Map<string, MediaRoom>();
  readonly #pending = new Map<string, Promise<MediaRoom>>();
  readonly #opts: MediaServiceOptions;

  constructor(opts: MediaServiceOptions) {
    super((event, err) => opts.logger.error({ err, event }, 'media service listener threw'));
    this.#opts = opts;
    this.#pool = new WorkerPool(opts);
    this.#pool.on('workerdied', ({ index, pid }) => this.safeEmit('workerdied', { index, pid }));
    this.#pool.on('workerreplaced', (e) => this.safeEmit('workerreplaced', e));
  }

  async start(): Promise<void> {
    await this.#pool.start();
  }

  getRoom(roomId: string): MediaRoom | undefined {
    const r = this.#rooms.get(roomId);
    return r && !r.closed ? r : undefined;
  }

  /** The session's room, creating its router on the least-loaded live worker if needed. */
  async ensureRoom(roomId: string, opts: RoomOptions): Promise<MediaRoom> {
    const existing = this.getRoom(roomId);
    if (existing) return existing;
    const pending = this.#pending.get(roomId);
    if (pending) return pending;
    const p = this.#createRoom(roomId, opts).finally(() => this.#pending.delete(roomId));
    this.#pending.set(roomId, p);
    return p;
  }

  closeRoom(roomId: string): void {
    this.#rooms.get(roomId)?.close();
  }

  /** Per-worker CPU use, for the demo report and operators. */
  async workerStats(): Promise<WorkerStats[]> {
    return Promise.all(
      this.#pool.slots().map(async (s) => {
        const ru = await s.worker.getResourceUsage();
        return {
          index: s.index,
          pid: s.worker.pid,
          rooms: s.rooms,
          cpuSeconds: (ru.ru_utime + ru.ru_stime) / 1000,
          startedAt: s.startedAt,
        };
      }),
    );
  }

  /** Process ids of the live workers (operators and fault-injection tests use these). */
  workerPids(): number[] {
    return this.#pool.slots().map((s) => s.worker.pid);
  }

  close(): void {
    for (const r of this.#rooms.values()) r.close();
    this.#pool.close();
  }

  async #createRoom(roomId: string, opts: RoomOptions): Promise<MediaRoom> {
    const slot = this.#pool.pick();
    if (!slot) throw new MediaError('room_closed', 'no media worker is available; one is restarting');
    const router = await slot.worker.createRouter({ mediaCodecs, appData: { roomId } });
    const room = new MediaRoom(roomId, router, slot, this.#opts.logger, opts.recording);
    this.#rooms.set(roomId, room);
    room.on('closed', ({ reason }) => {
      if (this.#rooms.get(roomId) === room) this.#rooms.delete(roomId);
      this.safeEmit('roomclosed', { roomId, reason });
    });
    this.safeEmit('roomcreated', { room });
    return room;
  }
}
