import { z } from 'zod';
import { SESSION_ROLES, SESSION_TYPES } from '../vocabulary';

// NOTE: every session role but the detainee, who is named by personId, never listed.
const ListedRole = z.enum(SESSION_ROLES).exclude(['detainee']);

export const BookInput = z
  .object({
    /** Omitted for a lawyer meeting: the case follows from the client. */
    caseId: z.string().uuid().optional(),
    type: z.enum(SESSION_TYPES),
    title: z.string().trim().min(1).max(200),
    custodyRoomId: z.string().uuid().optional(),
    /** The suspect or defendant (a person of the case) who joins from the custody room. */
    personId: z.string().uuid().optional(),
    startsAt: z.string().datetime({ offset: true }),
    minutes: z
      .number()
      .int()
      .min(5)
      .max(8 * 60),
    participants: z
      .array(z.object({ userId: z.string().uuid(), sessionRole: ListedRole }).strict())
      .max(20)
      .default([]),
    /** A mediation's civilian parties (当事人): each is texted a one-time invitation and joins without an account. */
    parties: z
      .array(
        z
          .object({
            name: z.string().trim().min(1).max(100),
            mobile: z
              .string()
              .trim()
              .regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number'),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    /** A fast-track trial of a case not on the fast-track procedure: the special reason it is heard online (audited). */
    eligibilityOverride: z.string().trim().min(4).max(500).optional(),
  })
  .strict();
export type BookInput = z.infer<typeof BookInput>;

export const RescheduleInput = z
  .object({
    startsAt: z.string().datetime({ offset: true }),
    minutes: z
      .number()
      .int()
      .min(5)
      .max(8 * 60),
    custodyRoomId: z.string().uuid().optional(),
    reason: z.string().trim().min(2).max(500),
  })
  .strict();
export type RescheduleInput = z.infer<typeof RescheduleInput>;

export const CancelInput = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

export const CalendarQuery = z.object({ week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'week must be YYYY-MM-DD') }).strict();
