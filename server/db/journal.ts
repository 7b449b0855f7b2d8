// Writes that must not be lost while the database is away: closed recording segments, recording
// gaps, standalone audit entries (joins, leaves, refusals) and connection telemetry. Each is a
// typed kind (`journalKind`) with one applier. A write is applied at once when it can be; when the
// database is unavailable it is appended to a local journal file (one JSON line, fsync'd) and
// every later write follows it there, so order is kept. The journal is replayed in order once
// the database answers again (polled every second) and at the next start after a crash; each
// entry's id is claimed in journal_applied in the applier's transaction, so none is applied twice.
// An entry the database refuses for another reason is moved to `<file>.rejected` and logged: it
// never blocks the entries behind it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../logger';
import { isDbUnavailable } from './availability';
import type { Db, Trx } from './db';
import { claimEntry } from './journal.repo';

/** A journaled write as it is stored: what, when it happened, and its JSON payload. */
type Entry = { id: string; kind: string; occurredAt: string; payload: unknown };
/** When the write happened, and whether it is applied late from the journal (rather than when it happened). */
export type EntryMeta = { occurredAt: Date; replayed: boolean };
type Applier = (trx: Trx, payload: never, meta: EntryMeta) => Promise<void>;

const appliers = new Map<string, Applier>();
const journals = new WeakMap<Db, WriteJournal>();

/** A kind of durable write. `P` must survive JSON (dates as ISO strings): the applier sees it after a round trip either way. */
export type JournalKind<P> = {
  readonly kind: string;
  /** Applies the write now, or journals it when the database is away; resolves once it is durable either way. */
  write(db: Db, payload: P): Promise<'applied' | 'journaled'>;
};

/** Declares a kind of durable write and the function that applies it inside a transaction. */
export function journalKind<P>(kind: string, apply: (trx: Trx, payload: P, meta: EntryMeta) => Promise<void>): JournalKind<P> {
  if (appliers.has(kind)) throw new Error(`journal kind ${kind} is declared twice`);
  appliers.set(kind, apply as Applier);
  return {
    kind,
    write: (db, payload) => {
      const entry: Entry = { id: randomUUID(), kind, occurredAt: new Date().toISOString(), payload: JSON.parse(JSON.stringify(payload)) };
      const journal = journals.get(db);
      // NOTE: a database handle without a journal (a CLI, a test's own handle) applies directly.
      return journal ? journal.write(entry) : applyEntry(db, entry, false).then(() => 'applied' as const);
    },
  };
}

async function applyEntry(db: Db, e: Entry, replayed: boolean): Promise<boolean> {
  const apply = appliers.get(e.kind);
  if (!apply) throw new Error(`journal entry ${e.id} has an unknown kind ${e.kind}`);
  return db.transaction(async (trx) => {
    if (!(await claimEntry(trx, e))) return false;
    await apply(trx, e.payload as never, { occurredAt: new Date(e.occurredAt), replayed });
    return true;
  });
}

export type JournalStatus = { file: string; pending: number; replayed: number; rejected: number };

export class WriteJournal {
  readonly #db: Db;
  readonly #file: string;
  readonly #retryMs: number;
  #chain: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #replayed = 0;
  #rejected = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(db: Db, file: string, o: { retryMs?: number } = {}) {
    this.#db = db;
    this.#file = file;
    this.#retryMs = o.retryMs ?? 1000;
  }

  /** Binds the journal to its database handle and replays what an earlier process left in the file. */
  async open(): Promise<JournalStatus> {
    fs.mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    this.#pending = this.#readEntries().length;
    journals.set(this.#db, this);
    if (this.#pending) {
      logger.warn({ file: this.#file, pending: this.#pending }, 'replaying journaled writes');
      await this.#serial(() => this.#drain());
    }
    return this.status();
  }

  status(): JournalStatus {
    return { file: this.#file, pending: this.#pending, replayed: this.#replayed, rejected: this.#rejected };
  }

  /** Resolves once everything journaled so far has been applied (tests, shutdown). */
  async flushed(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.#pending > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.#pending === 0;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    journals.delete(this.#db);
  }

  write(e: Entry): Promise<'applied' | 'journaled'> {
    return this.#serial(async () => {
      if (this.#pending === 0) {
        try {
          await applyEntry(this.#db, e, false);
          return 'applied' as const;
        } catch (err) {
          if (!isDbUnavailable(err)) throw err;
          logger.warn({ kind: e.kind, file: this.#file }, 'database unavailable: journaling writes until it returns');
        }
      }
      this.#append(e);
      this.#pending += 1;
      this.#schedule();
      return 'journaled' as const;
    });
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  #append(e: Entry): void {
    const fd = fs.openSync(this.#file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(e)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  #readEntries(): Entry[] {
    if (!fs.existsSync(this.#file)) return [];
    const out: Entry[] = [];
    for (const line of fs.readFileSync(this.#file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as Entry);
      } catch {
        // NOTE: only the last line can be torn (a crash inside the append, before its fsync returned);
        // that write was never acknowledged to its caller as durable.
        logger.error({ file: this.#file }, 'dropping a torn journal line');
      }
    }
    return out;
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#serial(() => this.#drain()).catch((err: unknown) => logger.error({ err }, 'journal replay failed'));
    }, this.#retryMs);
  }

  /** Applies the journal in order; stops at the first entry the database cannot take yet. */
  async #drain(): Promise<void> {
    const entries = this.#readEntries();
    for (const [i, e] of entries.entries()) {
      try {
        if (await applyEntry(this.#db, e, true)) this.#replayed += 1;
      } catch (err) {
        if (isDbUnavailable(err)) {
          this.#pending = entries.length - i;
          this.#schedule();
          return;
        }
        this.#rejected += 1;
        logger.error({ err, entry: e.id, kind: e.kind }, 'journaled write refused by the database; kept in the rejected file');
        fs.appendFileSync(`${this.#file}.rejected`, `${JSON.stringify({ ...e, error: String((err as Error).message) })}\n`);
      }
    }
    // NOTE: every entry read is applied (or rejected) and nothing was appended meanwhile (appends
    // wait for this drain), so the file can go.
    fs.rmSync(this.#file, { force: true });
    if (entries.length) logger.info({ applied: entries.length, file: this.#file }, 'journaled writes replayed; database back');
    this.#pending = 0;
  }
}
