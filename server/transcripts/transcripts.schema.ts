// Validation of every transcript request: block edits, correction requests, and the pen strokes,
// signature images and fingerprint images a signature carries.
import { z } from 'zod';
import { BLOCK_KINDS } from '../vocabulary';
import { SignatureInvalid } from '../errors';
import type { Strokes } from './transcripts.types';

const uuid = z.string().uuid();
/** Signature events carry images; they may be larger than other socket events. */
export const MAX_SIGNATURE_EVENT_BYTES = 240 * 1024;
const MAX_TEXT = 20_000;

export const EditInput = z
  .object({
    opId: uuid,
    blockId: uuid,
    base: uuid.nullable(),
    ord: z.number().finite().min(-1e12).max(1e12),
    kind: z.enum(BLOCK_KINDS),
    text: z.string().max(MAX_TEXT),
    deleted: z.boolean().optional(),
    correctionId: uuid.optional(),
  })
  .strict();

export const CorrectionInput = z.object({ blockId: uuid, note: z.string().trim().min(2).max(500) }).strict();
export const EmptyInput = z.union([z.object({}).strict(), z.undefined()]).transform(() => ({}));

const point = z.tuple([z.number().finite(), z.number().finite(), z.number().finite().min(0).max(600_000)]);
const StrokesInput = z
  .object({
    width: z.number().int().min(50).max(4000),
    height: z.number().int().min(20).max(4000),
    strokes: z.array(z.array(point).min(1).max(4000)).min(1).max(400),
  })
  .strict();
const base64 = (max: number) =>
  z
    .string()
    .max(Math.ceil(max / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
export const SignatureInput = z.object({ strokes: StrokesInput, png: base64(160 * 1024) }).strict();
export const FingerprintInput = z.object({ method: z.enum(['camera_snapshot', 'reader']), jpeg: base64(96 * 1024) }).strict();

export const SignPageInput = z
  .object({
    page: z.number().int().min(1).max(10_000),
    pageSha256: z.string().regex(/^[0-9a-f]{64}$/),
    signature: SignatureInput,
    fingerprint: FingerprintInput,
  })
  .strict();
export const SignCorrectionInput = z.object({ correctionId: uuid, signature: SignatureInput, fingerprint: FingerprintInput }).strict();
export const SignClosingInput = z.union([
  z.object({ mode: z.literal('handwritten'), signature: SignatureInput }).strict(),
  z.object({ mode: z.literal('typed'), text: z.string().max(100) }).strict(),
]);
export const SignOfficialInput = z.object({ signature: SignatureInput }).strict();
export const SignPartyInput = z
  .object({
    pages: z
      .array(z.string().regex(/^[0-9a-f]{64}$/))
      .min(1)
      .max(10_000),
    signature: SignatureInput,
  })
  .strict();

/** Checks that a pen trace is a mark, not a tap: enough points, spread across the pad. */
export function checkStrokes(s: Strokes): void {
  const pts = s.strokes.flat();
  if (pts.length > 20_000) throw SignatureInvalid('the signature has too many points');
  if (pts.length < 8) throw SignatureInvalid('the signature is empty: sign on the pad');
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const outside = pts.some(([x, y]) => x < -2 || y < -2 || x > s.width + 2 || y > s.height + 2);
  if (outside) throw SignatureInvalid('the signature has points outside its pad');
  if (Math.max(...xs) - Math.min(...xs) < s.width * 0.08 && Math.max(...ys) - Math.min(...ys) < s.height * 0.08) {
    throw SignatureInvalid('the signature is too small to be a signature');
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes a signature image: a PNG no larger than 2000×1000. */
export function decodePng(b64: string): Buffer {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_MAGIC) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw SignatureInvalid('the signature image is not a PNG');
  }
  const w = buf.readUInt32BE(16);
  const h = buf.readUInt32BE(20);
  if (w < 1 || h < 1 || w > 2000 || h > 1000) throw SignatureInvalid(`the signature image is ${w}×${h}; at most 2000×1000`);
  return buf;
}

/** Decodes a fingerprint image: a baseline or progressive JPEG between 32 and 1024 pixels a side. */
export function decodeJpeg(b64: string): { bytes: Buffer; width: number; height: number } {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length < 100 || buf[0] !== 0xff || buf[1] !== 0xd8) throw SignatureInvalid('the fingerprint image is not a JPEG');
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) throw SignatureInvalid('the fingerprint image is a damaged JPEG');
    const marker = buf[i + 1] as number;
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc2) {
      const height = buf.readUInt16BE(i + 5);
      const width = buf.readUInt16BE(i + 7);
      if (width < 32 || height < 32 || width > 1024 || height > 1024)
        throw SignatureInvalid(`the fingerprint image is ${width}×${height}; 32 to 1024 a side`);
      return { bytes: buf, width, height };
    }
    i += 2 + len;
  }
  throw SignatureInvalid('the fingerprint image has no frame header');
}
export const ReopenInput = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
