import { z } from 'zod';
import { AGENCY_KINDS, MIN_PASSWORD_LENGTH, STAFF_ROLES } from '../vocabulary';

const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(256);

export const AgencyCreateInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,32}$/, 'letters, digits and "-", 2-32 characters'),
    name: z.string().trim().min(2).max(100),
    kind: z.enum(AGENCY_KINDS),
  })
  .strict();
export type AgencyCreateInput = z.infer<typeof AgencyCreateInput>;

/** A mainland mobile number (11 digits), for SMS notices. */
const Mobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number');

export const UserCreateInput = z
  .object({
    agencyId: z.string().uuid(),
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'lower-case letters, digits, ".", "_" or "-", 2-32 characters'),
    displayName: z.string().trim().min(1).max(64),
    role: z.enum(STAFF_ROLES),
    password,
    mobile: Mobile.optional(),
  })
  .strict();
export type UserCreateInput = z.infer<typeof UserCreateInput>;

export const UserUpdateInput = z
  .object({
    displayName: z.string().trim().min(1).max(64).optional(),
    role: z.enum(STAFF_ROLES).optional(),
    disabled: z.boolean().optional(),
    /** Where SMS notices go (null: none; notices are then shown in the platform only). */
    mobile: Mobile.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UserUpdateInput = z.infer<typeof UserUpdateInput>;

export const PasswordResetInput = z.object({ password }).strict();

export const IdParam = z.object({ id: z.string().uuid() }).strict();
