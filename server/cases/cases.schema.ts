import { z } from 'zod';
import {
  CASE_STAGES,
  CONTACT_ROLES,
  CUSTODY_STATUSES,
  EXTENDABLE_RULES,
  KEY_DATE_KINDS,
  LAWYER_ROLES,
  ONLINE_TRIAL_EXCLUSIONS,
  PERSON_ROLES,
} from '../vocabulary';

export const CaseIdParam = z.object({ id: z.string().uuid() }).strict();

export const CaseCreateInput = z
  .object({
    caseNumber: z.string().trim().min(3).max(64),
    title: z.string().trim().min(1).max(200),
    charge: z.string().trim().min(1).max(100),
    stage: z.enum(CASE_STAGES).default('investigation'),
    fastTrack: z.boolean().default(false),
    sentenceOverOneYear: z.boolean().default(false),
  })
  .strict();
export type CaseCreateInput = z.infer<typeof CaseCreateInput>;

export const CaseUpdateInput = z
  .object({
    stage: z.enum(CASE_STAGES).optional(),
    fastTrack: z.boolean().optional(),
    sentenceOverOneYear: z.boolean().optional(),
    onlineExclusion: z.enum(ONLINE_TRIAL_EXCLUSIONS).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type CaseUpdateInput = z.infer<typeof CaseUpdateInput>;

/** Resident ID: 17 digits and a digit or X (GB 11643). */
const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{17}[\dX]$/, 'must be an 18-character resident ID number');

export const PersonCreateInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    personRole: z.enum(PERSON_ROLES),
    idNumber: IdNumber,
    custodyStatus: z.enum(CUSTODY_STATUSES),
    custodyCenterId: z.string().uuid().nullable().default(null),
  })
  .strict();
export type PersonCreateInput = z.infer<typeof PersonCreateInput>;

export const KeyDateInput = z
  .object({
    personId: z.string().uuid().nullable().default(null),
    kind: z.enum(KEY_DATE_KINDS),
    at: z.string().datetime({ offset: true }),
  })
  .strict();
export type KeyDateInput = z.infer<typeof KeyDateInput>;

export const ExtensionInput = z
  .object({
    personId: z.string().uuid().nullable().default(null),
    rule: z.enum(EXTENDABLE_RULES),
    amount: z.number().int().min(1).max(27),
    approver: z.string().trim().min(1).max(100),
    documentRef: z.string().trim().min(1).max(200),
    reason: z.string().trim().min(1).max(500),
  })
  .strict()
  .superRefine((v, ctx) => {
    const ok =
      v.rule === 'D4'
        ? v.amount <= 4 || v.amount === 27
        : v.rule === 'D6'
          ? v.amount <= 2
          : v.rule === 'D7'
            ? v.amount === 15
            : v.amount === 12;
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'D4: 1-4 days (or 27 for roving/gang crime, 30 in all); D6: 1-2 months; D7: 15 days; D15: 12 hours',
      });
  });
export type ExtensionInput = z.infer<typeof ExtensionInput>;

export const SendInput = z.object({ agencyId: z.string().uuid() }).strict();

export const RepresentationInput = z
  .object({
    personId: z.string().uuid(),
    lawyerUserId: z.string().uuid(),
    lawyerKind: z.enum(LAWYER_ROLES),
    papersPresentedAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type RepresentationInput = z.infer<typeof RepresentationInput>;

export const ContactInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    contactRole: z.enum(CONTACT_ROLES),
    mobile: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number'),
  })
  .strict();
export type ContactInput = z.infer<typeof ContactInput>;
