import type { z } from 'zod';
import { InvalidRequest } from '../errors';

/** Parses untrusted input with a zod schema; failures become invalid_request naming the fields. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  const first = issues[0];
  throw InvalidRequest(first ? `${first.path}: ${first.message}` : 'invalid input', { issues });
}
