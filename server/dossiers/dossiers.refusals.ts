// Refused deliveries are audited, but a peer (or someone using its code) that keeps sending bad
// packages must not fill the audit trail: per sender, the first `perWindow` refusals of a window are
// audited one by one, the rest are counted and audited as one `dossier.refusals_suppressed` entry
// when the window is over (at the sender's next refusal, or by the timer).
import * as audit from '../audit';
import type { Db } from '../db/db';
import { logger } from '../logger';

type Window = { start: number; audited: number; suppressed: number; lastReason: string };

export class RefusalAudit {
  readonly #db: Db;
  readonly #perWindow: number;
  readonly #windowMs: number;
  readonly #bySender = new Map<string, Window>();
  readonly #timer: NodeJS.Timeout;

  constructor(db: Db, o: { perWindow: number; windowMs: number }) {
    this.#db = db;
    this.#perWindow = o.perWindow;
    this.#windowMs = o.windowMs;
    this.#timer = setInterval(() => void this.flush(), o.windowMs);
    this.#timer.unref();
  }

  /** Audits a refusal, or counts it when the sender is over its share of this window. */
  async refused(sender: string, detail: { idempotencyKey: string; reason: string; message: string }): Promise<void> {
    const now = Date.now();
    let w = this.#bySender.get(sender);
    if (w && now - w.start >= this.#windowMs) {
      await this.#summarise(sender, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, audited: 0, suppressed: 0, lastReason: detail.reason };
      this.#bySender.set(sender, w);
    }
    w.lastReason = detail.reason;
    if (w.audited >= this.#perWindow) {
      w.suppressed += 1;
      return;
    }
    w.audited += 1;
    await audit.recordAlone(this.#db, {
      actorUserId: null,
      agencyId: null,
      action: 'dossier.refused',
      objectType: 'dossier_transfer',
      objectId: null,
      outcome: 'denied',
      detail: { sender, ...detail },
    });
  }

  /** Audits the counts of every window that is over. */
  async flush(): Promise<void> {
    const now = Date.now();
    for (const [sender, w] of this.#bySender) {
      if (now - w.start < this.#windowMs) continue;
      this.#bySender.delete(sender);
      await this.#summarise(sender, w).catch((err: unknown) => logger.error({ err, sender }, 'could not audit suppressed refusals'));
    }
  }

  async #summarise(sender: string, w: Window): Promise<void> {
    this.#bySender.delete(sender);
    if (w.suppressed === 0) return;
    await audit.recordAlone(this.#db, {
      actorUserId: null,
      agencyId: null,
      action: 'dossier.refusals_suppressed',
      objectType: 'dossier_transfer',
      objectId: null,
      outcome: 'denied',
      detail: {
        sender,
        count: w.suppressed,
        from: new Date(w.start).toISOString(),
        to: new Date(w.start + this.#windowMs).toISOString(),
        lastReason: w.lastReason,
      },
    });
  }
}
