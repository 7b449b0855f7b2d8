// Tells a database that is away (stopped, restarting, unreachable, out of connections) from a
// query that is wrong. The first is answered with a typed 503 and, for writes that must not be
// lost, journaled (db/journal.ts); the second is a bug or a refusal and is never retried.
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// NOTE: SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect
// now) and 53300 (too many connections).
const SQLSTATES = /^(08\d{3}|57P0[123]|53300)$/;
const MESSAGES =
  /Connection terminated|Timeout acquiring a connection|Client was closed|Client has encountered a connection error|connection is closed|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command/i;

/** True when `err` (or what it wraps) says the database cannot be reached right now. */
export function isDbUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NODE_CODES.has(e.code) || SQLSTATES.test(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDbUnavailable(x, depth + 1))) return true;
  return isDbUnavailable(e.cause, depth + 1);
}
