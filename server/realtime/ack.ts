// Every socket request goes through here: size check, rate limit, schema validation, typed ack.
import type { z } from 'zod';
import { PayloadTooLarge, RateLimited, toWire, type WireError } from '../errors';
import { parseInput } from '../http/validate';

const MAX_EVENT_BYTES = 64 * 1024;

type Cb = (res: { ok: true; data: unknown } | WireError) => void;

/** A token bucket per socket: `burst` events at once, refilled at `perSecond`. */
export class RateLimiter {
  #tokens: number;
  #last = Date.now();
  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.#tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

function byteSize(v: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Splits socket.io's argument list into the payload and the ack callback, wherever the client put it. */
export function splitArgs(args: unknown[]): { payload: unknown; ack: Cb | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as Cb) : undefined;
  return { payload: args[0] === ack ? undefined : args[0], ack };
}

/** Wraps a handler: validates the payload with `schema`, runs `fn`, and always answers. */
export function handle<S extends z.ZodTypeAny, R>(
  schema: S,
  limiter: RateLimiter,
  onNoAck: (w: WireError) => void,
  fn: (input: z.infer<S>) => Promise<R>,
  maxBytes = MAX_EVENT_BYTES,
) {
  return async (...args: unknown[]): Promise<void> => {
    const { payload, ack } = splitArgs(args);
    const reply = (res: { ok: true; data: unknown } | WireError) => {
      if (ack) ack(res);
      else if (!res.ok) onNoAck(res);
    };
    try {
      if (!limiter.take()) throw RateLimited();
      if (byteSize(payload) > maxBytes) throw PayloadTooLarge(maxBytes);
      const input = parseInput(schema, payload) as z.infer<S>;
      reply({ ok: true, data: await fn(input) });
    } catch (err) {
      reply(toWire(err));
    }
  };
}
