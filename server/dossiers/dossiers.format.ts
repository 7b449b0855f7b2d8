// The dossier package format, hearing-dossier/1 (README "The dossier package"). A package is a
// folder: manifest.json (every file with path, size, SHA-256, SM3, type and provenance),
// manifest.json.sig (the sending agency's Ed25519 signature over the exact bytes of manifest.json,
// base64), sender-public-key.pem (a copy, for information only: verify with the configured key) and
// files/… . Nothing here touches the database: the builder, `hearing verify` and the receiver share it.
import { z } from 'zod';
import { CUSTODY_STATUSES, FILE_ORIGINS, PERSON_ROLES, PURPOSES } from '../vocabulary';

export const PACKAGE_FORMAT = 'hearing-dossier/1';
export const RECEIPT_FORMAT = 'hearing-dossier-receipt/1';
export const PACKAGE_MANIFEST = 'manifest.json';
export const PACKAGE_SIGNATURE = 'manifest.json.sig';
export const PACKAGE_PUBLIC_KEY = 'sender-public-key.pem';
const FILES_DIR = 'files';
/** Files a package holds besides those its manifest lists. */
export const PACKAGE_CONTROL_FILES = [PACKAGE_MANIFEST, PACKAGE_SIGNATURE, PACKAGE_PUBLIC_KEY] as const;

const FILE_KINDS = [
  'transcript',
  'instrument',
  'recording_manifest',
  'recording_signature',
  'recording_key',
  'recording_segment',
  'court_view',
  'document',
  'audit_extract',
  'received',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/** 提请批准逮捕 / 移送审查起诉 / 提起公诉. */
export type { Purpose } from '../vocabulary';

/**
 * A relative path inside a package: forward slashes, under files/, no empty, `.` or `..` segment,
 * no backslash, NUL or control character, at most 255 bytes per segment and 1024 in all.
 */
export function isSafePackagePath(p: string): boolean {
  if (p.length === 0 || Buffer.byteLength(p) > 1024) return false;
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f\\:]/.test(p) || p.startsWith('/')) return false;
  const parts = p.split('/');
  if (parts[0] !== FILES_DIR || parts.length < 2) return false;
  return parts.every((s) => s !== '' && s !== '.' && s !== '..' && Buffer.byteLength(s) <= 255);
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const SafePath = z.string().refine(isSafePackagePath, 'not a safe path under files/');

const Provenance = z
  .object({
    /** born_digital: made on a computer and hashed when made; scanned: a scan of paper; system: made by this platform at packaging. */
    origin: z.enum(FILE_ORIGINS),
    agency: z.string().min(1).max(64),
    createdAt: z.string().datetime(),
    /** Who made or ingested it (display name and user id), when known. */
    createdBy: z.object({ userId: z.string().nullable(), name: z.string().nullable() }).nullable(),
    /** What it belongs to: the session, recording part, document or earlier package it came from. */
    source: z.record(z.union([z.string(), z.number(), z.null()])),
    title: z.string().max(500).optional(),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;

export const PackageFile = z
  .object({
    path: SafePath,
    bytes: z.number().int().nonnegative(),
    sha256: hex64,
    sm3: hex64,
    type: z.string().min(1).max(100),
    kind: z.enum(FILE_KINDS),
    provenance: Provenance,
  })
  .strict();
export type PackageFile = z.infer<typeof PackageFile>;

const AgencyRef = z.object({ code: z.string().min(1).max(64), name: z.string().max(200), kind: z.string().max(32) }).strict();

const PackageCase = z
  .object({
    id: z.string().uuid(),
    caseNumber: z.string().min(1).max(200),
    title: z.string().max(500),
    charge: z.string().max(500),
    stage: z.string().max(32),
    fastTrack: z.boolean(),
    sentenceOverOneYear: z.boolean(),
    persons: z
      .array(
        z
          .object({
            id: z.string().uuid(),
            name: z.string().min(1).max(100),
            personRole: z.enum(PERSON_ROLES),
            custodyStatus: z.enum(CUSTODY_STATUSES),
            idNumberLast4: z.string().max(4),
            custodyCenterCode: z.string().max(64).nullable(),
          })
          .strict(),
      )
      .max(500),
    keyDates: z
      .array(z.object({ kind: z.string().max(64), personId: z.string().uuid().nullable(), at: z.string().datetime() }).strict())
      .max(5000),
  })
  .strict();

export const PackageManifest = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    packageId: z.string().uuid(),
    /** `<sender code>:<case id>:v<version>`: the receiver's dedupe key; a package is sent under it, however often. */
    idempotencyKey: z.string().min(1).max(200),
    createdAt: z.string().datetime(),
    sender: AgencyRef.extend({ keyId: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
    recipient: AgencyRef,
    purpose: z.enum(PURPOSES),
    dossierVersion: z.number().int().positive(),
    case: PackageCase,
    files: z.array(PackageFile).max(200_000),
    totals: z.object({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }).strict(),
  })
  .strict();
export type PackageManifest = z.infer<typeof PackageManifest>;

/** What the receiver signs and returns: proof of what it accepted, and when its deadline started. */
export const Receipt = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    receiptId: z.string().uuid(),
    packageId: z.string().uuid(),
    idempotencyKey: z.string().min(1).max(200),
    manifestSha256: hex64,
    manifestSm3: hex64,
    sender: z.string().min(1).max(64),
    receiver: AgencyRef.extend({ keyId: z.string().regex(/^[0-9a-f]{16}$/) }).strict(),
    receivedAt: z.string().datetime(),
    files: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** The receiver's case and the version this package became there. */
    caseNumber: z.string(),
    dossierVersion: z.number().int().positive(),
    /** The deadline the receipt started at the receiving agency (e.g. D7 prosecution review), when one applies. */
    deadline: z.object({ rule: z.string(), startedAt: z.string().datetime(), dueAt: z.string().datetime().nullable() }).strict().nullable(),
  })
  .strict();
export type Receipt = z.infer<typeof Receipt>;

export const idempotencyKeyOf = (senderCode: string, caseId: string, version: number): string => `${senderCode}:${caseId}:v${version}`;
