// The clerk's typing, kept until the server has it: every edit is stored (localStorage in the
// browser) before it is sent, sent one at a time in order, and sent again after a disconnect or
// a server restart. Edits carry their own id, so an edit the server already applied is not
// applied twice. Nothing here touches the DOM: the integration tests drive the same class.
import type { TranscriptBlockView, TranscriptEditInput } from '../../server/realtime/events';

export type OutboxStore = { load(): TranscriptEditInput[]; save(ops: TranscriptEditInput[]): void };
export type OutboxSend = (op: TranscriptEditInput) => Promise<{ version: number; block: TranscriptBlockView }>;
export type OutboxEvents = {
  saved(block: TranscriptBlockView, version: number): void;
  /** The server refused an edit for good (conflict, invalid): it is dropped and the block must be reloaded. */
  refused(op: TranscriptEditInput, code: string, message: string): void;
  pending(count: number): void;
};

/** Errors after which the same edit may succeed later. */
const TRANSIENT = new Set(['timeout', 'not_joined', 'in_lobby', 'rate_limited', 'media_unavailable', 'internal_error', 'disconnected']);

export class TranscriptOutbox {
  readonly #store: OutboxStore;
  readonly #send: OutboxSend;
  readonly #on: Partial<OutboxEvents>;
  #queue: TranscriptEditInput[];
  #inflight: string | null = null;
  #flushing: Promise<void> | null = null;
  #paused = true;

  constructor(store: OutboxStore, send: OutboxSend, on: Partial<OutboxEvents> = {}) {
    this.#store = store;
    this.#send = send;
    this.#on = on;
    this.#queue = store.load();
  }

  get pending(): readonly TranscriptEditInput[] {
    return this.#queue;
  }

  /** Queues an edit; an unsent edit of the same block at the tail is replaced (same id, newer text). */
  push(op: TranscriptEditInput): void {
    const tail = this.#queue[this.#queue.length - 1];
    if (tail && tail.blockId === op.blockId && tail.opId !== this.#inflight && tail.correctionId === op.correctionId) {
      this.#queue[this.#queue.length - 1] = { ...op, opId: tail.opId, base: tail.base };
    } else this.#queue.push(op);
    this.#persist();
    void this.flush();
  }

  /** The opId a new edit of this block must name as its base (the last queued edit of it), if any. */
  lastQueuedOp(blockId: string): string | undefined {
    for (let i = this.#queue.length - 1; i >= 0; i--) if (this.#queue[i]?.blockId === blockId) return this.#queue[i]?.opId;
    return undefined;
  }

  /** Sending stops while disconnected or not joined, and resumes here. */
  pause(): void {
    this.#paused = true;
  }
  resume(): Promise<void> {
    this.#paused = false;
    return this.flush();
  }

  flush(): Promise<void> {
    if (this.#paused) return Promise.resolve();
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    while (!this.#paused && this.#queue.length > 0) {
      const op = this.#queue[0] as TranscriptEditInput;
      this.#inflight = op.opId;
      try {
        const r = await this.#send(op);
        this.#queue.shift();
        this.#persist();
        this.#on.saved?.(r.block, r.version);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'disconnected';
        if (TRANSIENT.has(code)) {
          this.#paused = true;
          break;
        }
        this.#queue.shift();
        this.#persist();
        this.#on.refused?.(op, code, (err as Error).message);
      } finally {
        this.#inflight = null;
      }
    }
  }

  #persist(): void {
    this.#store.save(this.#queue);
    this.#on.pending?.(this.#queue.length);
  }
}
