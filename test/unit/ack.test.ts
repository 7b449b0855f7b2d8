import { z } from 'zod';
import { handle, RateLimiter, splitArgs } from '../../server/realtime/ack';
import { parseInput } from '../../server/http/validate';
import { AppError } from '../../server/errors';

describe('socket request wrapper', () => {
  const schema = z.object({ n: z.number() }).strict();

  it('acks data on success and a typed error on bad input', async () => {
    const fn = handle(
      schema,
      new RateLimiter(10, 10),
      () => undefined,
      async (i) => i.n * 2,
    );
    const acks: unknown[] = [];
    await fn({ n: 21 }, (r: unknown) => acks.push(r));
    await fn({ n: 'x' }, (r: unknown) => acks.push(r));
    expect(acks[0]).toEqual({ ok: true, data: 42 });
    expect(acks[1]).toMatchObject({ ok: false, error: 'invalid_request', message: expect.stringContaining('n:') });
  });

  it('reports failures of requests sent without an ack callback', async () => {
    const reported: unknown[] = [];
    await handle(
      schema,
      new RateLimiter(10, 10),
      (w) => reported.push(w),
      async () => 1,
    )({ bad: true });
    expect(reported).toEqual([expect.objectContaining({ ok: false, error: 'invalid_request' })]);
  });

  it('refuses oversized payloads and rate-limits bursts', async () => {
    const acks: { ok: boolean; error?: string }[] = [];
    const fn = handle(
      z.unknown(),
      new RateLimiter(3, 0.001),
      () => undefined,
      async () => 'ok',
    );
    await fn({ blob: 'x'.repeat(70 * 1024) }, (r: never) => acks.push(r));
    for (let i = 0; i < 3; i += 1) await fn({}, (r: never) => acks.push(r));
    expect(acks.map((a) => a.error ?? 'ok')).toEqual(['payload_too_large', 'ok', 'ok', 'rate_limited']);
  });

  it('finds the ack callback wherever the client put it', () => {
    const cb = () => undefined;
    expect(splitArgs([cb]).payload).toBeUndefined();
    expect(splitArgs([{ a: 1 }, cb]).ack).toBe(cb);
    expect(splitArgs([{ a: 1 }]).ack).toBeUndefined();
  });

  it('names every failing field in invalid_request', () => {
    try {
      parseInput(z.object({ a: z.string(), b: z.number() }), { a: 1 });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).data?.issues).toEqual([expect.objectContaining({ path: 'a' }), expect.objectContaining({ path: 'b' })]);
    }
  });
});
