import { z } from 'zod';
import { validWindows } from './rooms.windows';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const Windows = z
  .array(z.object({ start: HHMM, end: HHMM }).strict())
  .min(1)
  .max(8)
  .refine(validWindows, 'windows must be ordered, non-empty and must not overlap');

export const CenterIdParam = z.object({ id: z.string().uuid() }).strict();
export const RoomIdParam = z.object({ id: z.string().uuid() }).strict();

export const RoomCreateInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    equipment: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
    windows: Windows.optional(),
  })
  .strict();
export type RoomCreateInput = z.infer<typeof RoomCreateInput>;

export const WindowsInput = z.object({ windows: Windows }).strict();

export const OutageInput = z
  .object({
    startsAt: z.string().datetime({ offset: true }),
    endsAt: z.string().datetime({ offset: true }),
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .refine((o) => Date.parse(o.endsAt) > Date.parse(o.startsAt), 'endsAt must be after startsAt');
export type OutageInput = z.infer<typeof OutageInput>;
