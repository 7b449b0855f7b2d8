// Typed socket routes. A route names a client request from the event map (realtime/events.ts),
// a zod schema whose output must be that request's payload type, and a handler that must return
// that request's result type: the compiler checks both, so the schema, the handler and the map
// cannot drift apart. `mountRoutes` wraps each in the ack adapter (size, rate limit, validation,
// one typed answer) and registers it; any other event name is answered `unknown_event`.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { RateLimited, UnknownEvent, type WireError } from '../errors';
import { handle, type RateLimiter, splitArgs } from './ack';
import type { ClientRequestName, RequestPayload, RequestResult, ServerToClientEvents } from './events';

/** One request's handling. `Ctx` is what the mounting domain gives every handler (the connection). */
export type Route<E extends ClientRequestName, Ctx> = {
  schema: z.ZodType<RequestPayload<E>, z.ZodTypeDef, unknown>;
  run: (input: RequestPayload<E>, ctx: Ctx) => Promise<RequestResult<E>>;
  /** A larger size limit than the default (signatures carry images). */
  maxBytes?: number;
};

/** Routes for some of the client's requests, each typed by its own event. */
export type Routes<Ctx, K extends ClientRequestName = ClientRequestName> = { [E in K]: Route<E, Ctx> };

/** Builds one route; the event name fixes the payload and result types. */
export const route = <E extends ClientRequestName, Ctx>(_event: E, r: Route<E, Ctx>): Route<E, Ctx> => r;

/**
 * What the server hears: every request arrives as untrusted arguments until its schema has parsed
 * it. The client emits through the typed ClientToServerEvents; the server emits ServerToClientEvents.
 */
export type IncomingEvents = { [E in ClientRequestName]: (...args: unknown[]) => void };

/** A socket of ours: typed pushes out, untrusted requests in, the login in `data.user`. */
export type TypedSocket<User> = Socket<IncomingEvents, ServerToClientEvents, Record<string, never>, { user: User }>;

/**
 * Registers every route on the socket through the ack adapter, and answers any other event with
 * `unknown_event` (on its ack, or on protocol:error when it has none).
 */
export function mountRoutes<Ctx, User>(socket: TypedSocket<User>, routes: Partial<Routes<Ctx>>, ctx: Ctx, limiter: RateLimiter): void {
  // NOTE: a flood without acks is not answered one for one: at most one rate_limited report a second.
  let lastLimited = 0;
  const report = (event: string, w: WireError) => {
    if (w.error === 'rate_limited') {
      if (Date.now() - lastLimited < 1000) return;
      lastLimited = Date.now();
    }
    socket.emit('protocol:error', { event: event.slice(0, 64), error: w.error, message: w.message });
  };
  const onNoAck = (event: string) => (w: WireError) => report(event, w);
  const names = new Set<string>();
  for (const name of Object.keys(routes) as ClientRequestName[]) {
    const r = routes[name] as Route<typeof name, Ctx> | undefined;
    if (!r) continue;
    names.add(name);
    socket.on(
      name,
      handle(r.schema, limiter, onNoAck(name), (input) => r.run(input, ctx), r.maxBytes),
    );
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && names.has(event)) return;
    const { ack } = splitArgs(args);
    // NOTE: unknown events spend the same budget as known ones, so a flood of made-up names is throttled too.
    const err = limiter.take() ? UnknownEvent(String(event)) : RateLimited();
    const wire: WireError = { ok: false, error: err.code, message: err.message };
    if (ack) ack(wire);
    else report(String(event), wire);
  });
}
