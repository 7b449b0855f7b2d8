// Sends the outbox's due SMS notices through the gateway: at least once, under the notice's id as
// idempotency key; a failure is retried with doubling backoff up to MAX_NOTIFICATION_ATTEMPTS, a
// refusal (bad number) fails at once. Every attempt's outcome is audited.
import * as audit from '../audit';
import type { Db } from '../db/db';
import { logger } from '../logger';
import { MAX_NOTIFICATION_ATTEMPTS } from '../vocabulary';
import { type SmsGateway, SmsRefused } from './notifications.gateway';
import { unseal } from '../security/sensitive';
import * as repo from './notifications.repo';

export type NotificationRelay = { kick(): void; runOnce(): Promise<number>; stop(): Promise<void> };

export function startNotificationRelay(db: Db, gateway: SmsGateway, o: { intervalMs: number; maxBackoffMs: number }): NotificationRelay {
  let stopped = false;
  let running: Promise<number> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const sendOne = async (n: repo.Notice): Promise<boolean> => {
    try {
      const text = n.secretEnc ? n.body.replace('{code}', unseal(n.secretEnc)) : n.body;
      const { messageId } = await gateway.send({ to: n.mobile as string, text, idempotencyKey: n.id });
      await db.transaction(async (trx) => {
        await repo.markSent(trx, n.id, messageId, new Date());
        await audit.record(trx, {
          actorUserId: null,
          agencyId: null,
          action: 'notification.send',
          objectType: 'notification',
          objectId: n.id,
          outcome: 'success',
          detail: { kind: n.kind, attempt: n.attempts + 1 },
        });
      });
      return true;
    } catch (err) {
      const attempt = n.attempts + 1;
      const final = err instanceof SmsRefused || attempt >= MAX_NOTIFICATION_ATTEMPTS;
      const next = final ? null : new Date(Date.now() + Math.min(o.maxBackoffMs, o.intervalMs * 2 ** attempt));
      await db.transaction(async (trx) => {
        await repo.markAttemptFailed(trx, n.id, String((err as Error).message ?? err), next);
        await audit.record(trx, {
          actorUserId: null,
          agencyId: null,
          action: 'notification.send',
          objectType: 'notification',
          objectId: n.id,
          outcome: 'failure',
          detail: { kind: n.kind, attempt, final, error: String((err as Error).message ?? err).slice(0, 200) },
        });
      });
      return false;
    }
  };

  // NOTE: claimed rows are leased for a minute, so two relays never send one notice at the same time.
  const runOnce = (): Promise<number> => {
    running ??= db
      .transaction(async (trx) => repo.claimDue(trx, new Date(), 20, 60_000))
      .then(async (due) => {
        let sent = 0;
        for (const n of due) if (await sendOne(n)) sent += 1;
        return sent;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const loop = () => {
    if (stopped) return;
    runOnce()
      .catch((err: unknown) => logger.warn({ err }, 'notification relay pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, o.intervalMs);
      });
  };
  timer = setTimeout(loop, o.intervalMs);
  return {
    kick: () => void runOnce().catch(() => undefined),
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
