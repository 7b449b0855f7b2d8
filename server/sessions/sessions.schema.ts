import { z } from 'zod';
import { SESSION_TYPES } from './sessions.types';

const OfficialRole = z.enum(['investigator', 'prosecutor', 'judge', 'clerk', 'defence_lawyer', 'duty_lawyer',
  'custody_officer', 'interpreter', 'observer']);

export const SessionCreateInput = z.object({
  caseId: z.string().uuid(),
  type: z.enum(SESSION_TYPES),
  title: z.string().trim().min(1).max(200),
  startsAt: z.string().datetime({ offset: true }),
  minutes: z.number().int().min(5).max(8 * 60),
  participants: z.array(z.object({ userId: z.string().uuid(), sessionRole: OfficialRole }).strict()).min(1).max(20),
  /** The detainee's name as shown on the kiosk; they have no account. */
  detaineeName: z.string().trim().min(1).max(100).optional(),
}).strict();
export type SessionCreateInput = z.infer<typeof SessionCreateInput>;

export const SessionIdParam = z.object({ id: z.string().uuid() });
