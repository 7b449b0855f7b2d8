// Court views of sealed parts, derived one at a time (a video encode each, at low priority):
// hearings that end together must not start an encoder each and starve the recorders of the ones
// still live. The sealed originals are the evidence; a court view is a copy that names them.
import type { Db } from '../db/db';
import { logger } from '../logger';
import { buildCourtView } from './recording.courtView';

export class CourtViews {
  readonly #db: Db;
  readonly #root: string;
  readonly #ffmpegPath: string;
  /** Court views being derived after a seal, by recording id. */
  readonly #pending = new Map<string, Promise<unknown>>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: Db, root: string, ffmpegPath: string) {
    this.#db = db;
    this.#root = root;
    this.#ffmpegPath = ffmpegPath;
  }

  /** Queues the derivation of a part's court view (after the ones before it). */
  enqueue(recordingId: string): void {
    const job = this.#queue.then(() => this.#build(recordingId));
    this.#queue = job.catch(() => undefined);
    this.#pending.set(
      recordingId,
      job.catch((err: unknown) => logger.error({ err, recordingId }, 'court view failed')),
    );
  }

  /** Derives (once) the court view of a sealed recording part; resolves with its file and hashes. */
  get(recordingId: string): Promise<{ file: string; sha256: string; sm3: string }> {
    const pending = this.#pending.get(recordingId);
    return pending ? pending.then(() => this.#build(recordingId)) : this.#build(recordingId);
  }

  /** Resolves when every queued derivation has finished (shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending.values()]);
  }

  #build(recordingId: string) {
    return buildCourtView(this.#db, this.#root, recordingId, this.#ffmpegPath);
  }
}
