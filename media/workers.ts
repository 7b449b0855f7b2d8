// One mediasoup worker per core, each with one WebRtcServer port. A worker that dies is logged and
// replaced at the same index (same port); the Node process never exits because of it.
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { TypedEmitter } from './events';
import type { MediaServiceOptions } from './types';

export type WorkerSlot = { index: number; worker: ms.Worker; webRtcServer: ms.WebRtcServer; startedAt: number; rooms: number };

export type WorkerPoolEvents = {
  /** A worker died; every router on it is already closed. */
  workerdied: [{ index: number; pid: number; error: Error }];
  /** A replacement worker is ready at the same index. */
  workerreplaced: [{ index: number; pid: number }];
};

export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #opts: MediaServiceOptions;
  readonly #slots: (WorkerSlot | undefined)[] = [];
  #closed = false;

  constructor(opts: MediaServiceOptions) {
    super((event, err) => opts.logger.error({ err, event }, 'media listener threw'));
    this.#opts = opts;
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.#opts.numWorkers; i += 1) this.#slots[i] = await this.#spawn(i);
  }

  /** The live worker slot with the fewest rooms. */
  pick(): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const s of this.#slots) if (s && (!best || s.rooms < best.rooms)) best = s;
    return best;
  }

  slots(): WorkerSlot[] {
    return this.#slots.filter((s): s is WorkerSlot => s !== undefined);
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#slots) s?.worker.close();
  }

  async #spawn(index: number): Promise<WorkerSlot> {
    const { listenIp, rtcBasePort, logLevel } = this.#opts;
    const announcedIp = this.#opts.announcedIps?.[index] ?? this.#opts.announcedIp;
    const worker = await mediasoup.createWorker({ logLevel, rtcMinPort: rtcBasePort + 1000, rtcMaxPort: rtcBasePort + 1999 });
    const port = rtcBasePort + index;
    const ann = announcedIp ? { announcedIp } : {};
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: 'udp', ip: listenIp, port, ...ann },
        { protocol: 'tcp', ip: listenIp, port, ...ann },
      ],
    });
    const slot: WorkerSlot = { index, worker, webRtcServer, startedAt: Date.now(), rooms: 0 };
    worker.on('died', (error) => this.#onDied(slot, error));
    this.#opts.logger.info({ index, pid: worker.pid, port }, 'media worker started');
    return slot;
  }

  #onDied(slot: WorkerSlot, error: Error): void {
    this.#opts.logger.error({ index: slot.index, pid: slot.worker.pid, err: error }, 'media worker died');
    if (this.#slots[slot.index] === slot) this.#slots[slot.index] = undefined;
    this.safeEmit('workerdied', { index: slot.index, pid: slot.worker.pid, error });
    void this.#replace(slot.index, 0);
  }

  async #replace(index: number, attempt: number): Promise<void> {
    if (this.#closed) return;
    try {
      const slot = await this.#spawn(index);
      if (this.#closed) {
        slot.worker.close();
        return;
      }
      this.#slots[index] = slot;
      this.safeEmit('workerreplaced', { index, pid: slot.worker.pid });
    } catch (err) {
      // NOTE: the old worker's port can take a moment to be released; retry with backoff.
      const delay = Math.min(5000, 100 * 2 ** attempt);
      this.#opts.logger.warn({ index, err, attempt, delay }, 'media worker restart failed; retrying');
      setTimeout(() => void this.#replace(index, attempt + 1), delay).unref();
    }
  }
}
