// The lease that says this instance still writes its recording parts: renewed every third of
// RECORDING_LEASE_MS; a failed renewal (the database away) is retried at the next tick, well
// within the lease. Start-up recovery elsewhere takes a part only once its lease has run out.
import type { Db } from '../db/db';
import { logger } from '../logger';
import * as repo from './recording.repo';

/** Starts renewing the leases of `instanceId`'s parts; clear the returned timer to stop. */
export function renewLeases(db: Db, o: { instanceId: string; leaseMs: number }): NodeJS.Timeout {
  const timer = setInterval(
    () => {
      repo
        .renewLeases(db, o.instanceId, new Date(Date.now() + o.leaseMs))
        .catch((err: unknown) => logger.warn({ err: String((err as Error).message) }, 'could not renew recording leases'));
    },
    Math.max(1000, Math.floor(o.leaseMs / 3)),
  );
  timer.unref();
  return timer;
}
