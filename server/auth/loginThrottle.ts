// Per-address throttle on failed logins: one address guessing across many accounts is slowed down
// even before any one account locks. Failures only, so a custody center's staff behind one NAT
// address are not held up by each other's successful logins.
import { RateLimited } from '../errors';

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
  ) {}

  /** Throws rate_limited when the address has failed `maxFailures` times within the window. */
  check(address: string, now = Date.now()): void {
    const recent = this.#recent(address, now);
    if (recent.length >= this.maxFailures) throw RateLimited();
  }

  fail(address: string, now = Date.now()): void {
    const recent = this.#recent(address, now);
    recent.push(now);
    this.#failures.set(address, recent);
    // NOTE: bounded memory: addresses whose failures all lie outside the window are forgotten.
    if (this.#failures.size > 10_000)
      for (const [a, ts] of this.#failures) if (!ts.some((t) => now - t < this.windowMs)) this.#failures.delete(a);
  }

  #recent(address: string, now: number): number[] {
    return (this.#failures.get(address) ?? []).filter((t) => now - t < this.windowMs);
  }
}
