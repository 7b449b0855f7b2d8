// Validation of every instrument request: the fields of each kind, withdrawal, a signature.
import { z } from 'zod';
import { FingerprintInput, SignatureInput } from '../transcripts';
import { PLEA_PROCEDURES } from '../vocabulary';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

const FieldsInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('plea_statement'),
      facts: text(4, 4000),
      sentencingProposal: text(4, 1000),
      procedure: z.enum(PLEA_PROCEDURES),
    })
    .strict(),
  z.object({ kind: z.literal('judgment'), verdict: text(4, 4000), reasoning: z.string().trim().max(4000) }).strict(),
  z.object({ kind: z.literal('mediation_agreement'), dispute: text(4, 4000), terms: text(4, 6000) }).strict(),
]);
export const DraftInput = z.object({ fields: FieldsInput }).strict();
export const WithdrawInput = z.object({ reason: text(2, 500) }).strict();
export const SignInput = z
  .object({ contentSha256: z.string().regex(/^[0-9a-f]{64}$/), signature: SignatureInput, fingerprint: FingerprintInput.optional() })
  .strict();

export type SignatureMark = z.infer<typeof SignatureInput>;
export type FingerprintMark = z.infer<typeof FingerprintInput>;
