// The life of a live session as the other domains see it. Sessions owns the state machine (the
// record of acts in sessions.record.ts); recording and transcripts subscribe here instead of being
// called from the socket code:
//   - before going live (and resuming), every registered check must find nothing missing;
//   - ending runs every `onEnding` step in registration order, each awaited (recording: stop and
//     seal), and only then emits `ended` (transcripts: make the record final, which needs the
//     sealed manifest). That order is this module's contract, not the order of two lines elsewhere;
//   - `changed` tells the room to push its state again (a recorder started, a gap opened).
import type { AuthUser } from '../auth';
import type { Trx } from '../db/db';
import type { Unmet } from '../errors';
import { logger } from '../logger';
import type { RecorderView } from '../realtime/events';
import type { Session } from './sessions.types';

/** Something that must be true before a session goes live, given who is present. */
export type LiveCheck = (s: Session, present: ReadonlySet<string>) => Promise<Unmet[]> | Unmet[];
/** How a session closes: ended by a host (every end guard passed) or cancelled (no guard: the booking was called off). */
export type Closing = { state: 'ended' | 'cancelled'; reason: string };
export type EndingStep = (sessionId: string, how: Closing) => Promise<void>;
/** A condition of ending, checked in the ending transaction; it throws a typed error to refuse. */
export type EndGuard = (trx: Trx, s: Session) => Promise<void>;
export type SessionEnded = { sessionId: string; by: AuthUser | null; state: 'ended' | 'cancelled'; reason: string };

export class SessionLifecycle {
  readonly #checks: LiveCheck[] = [];
  readonly #ending: EndingStep[] = [];
  readonly #endGuards: EndGuard[] = [];
  readonly #ended = new Set<(e: SessionEnded) => Promise<void> | void>();
  readonly #changed = new Set<(sessionId: string) => void>();
  #recorder: ((s: Session) => Promise<RecorderView | null>) | null = null;

  /** Adds a precondition of going live and of resuming. */
  requireBeforeLive(check: LiveCheck): void {
    this.#checks.push(check);
  }

  /** Everything the registered checks find missing. */
  async unmetBeforeLive(s: Session, present: ReadonlySet<string>): Promise<Unmet[]> {
    return (await Promise.all(this.#checks.map((c) => c(s, present)))).flat();
  }

  /** Adds a condition of ending (e.g. recording: no gap without a stated cause). */
  requireBeforeEnd(guard: EndGuard): void {
    this.#endGuards.push(guard);
  }

  /** Runs every end guard in the ending transaction. */
  async checkBeforeEnd(trx: Trx, s: Session): Promise<void> {
    for (const g of this.#endGuards) await g(trx, s);
  }

  /** A step that must finish before the session counts as ended (run in registration order). */
  onEnding(step: EndingStep): void {
    this.#ending.push(step);
  }

  /** Called once a session has ended or was cancelled and every ending step finished. */
  onEnded(fn: (e: SessionEnded) => Promise<void> | void): void {
    this.#ended.add(fn);
  }

  /** Called when a session's room state should be pushed again. */
  onChanged(fn: (sessionId: string) => void): void {
    this.#changed.add(fn);
  }

  /** The recording domain describes its recorder for the room's state. */
  describeRecorder(fn: (s: Session) => Promise<RecorderView | null>): void {
    this.#recorder = fn;
  }

  recorderView(s: Session): Promise<RecorderView | null> {
    return this.#recorder ? this.#recorder(s) : Promise.resolve(null);
  }

  changed(sessionId: string): void {
    for (const fn of this.#changed) safely(() => fn(sessionId), sessionId, 'changed');
  }

  /** Runs every ending step; a failing step is logged and left to start-up recovery, the others still run. */
  async finish(sessionId: string, how: Closing): Promise<void> {
    for (const step of this.#ending) {
      await step(sessionId, how).catch((err: unknown) => logger.error({ err, sessionId }, 'a session ending step failed'));
    }
  }

  /** The session has ended (after `finish`): tells every subscriber and waits for those that return a promise. */
  async ended(e: SessionEnded): Promise<void> {
    await Promise.all(
      [...this.#ended].map((fn) =>
        Promise.resolve()
          .then(() => fn(e))
          .catch((err: unknown) => logger.error({ err, sessionId: e.sessionId }, 'a session ended listener failed')),
      ),
    );
  }

  /** A booking cancelled before it went live: its ending steps, then `ended` as cancelled. */
  async cancelled(sessionId: string, reason: string, by: AuthUser): Promise<void> {
    await this.finish(sessionId, { state: 'cancelled', reason });
    await this.ended({ sessionId, by, state: 'cancelled', reason });
  }
}

function safely(fn: () => void, sessionId: string, what: string): void {
  try {
    fn();
  } catch (err) {
    logger.error({ err, sessionId }, `a session ${what} listener threw`);
  }
}
