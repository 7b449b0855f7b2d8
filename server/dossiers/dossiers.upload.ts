// Documents into the case file. The body is streamed into the quarantine under a random name
// (never the one given), counted against the size limit and hashed (SHA-256 and SM3) as it
// arrives; only after its type is known from its content (and its archive inspected) is it moved,
// write-once, into the case file and registered with its hashes in the audit chain. Anything refused
// is deleted from the quarantine and the refusal is audited with the reason.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { getCaseFor } from '../cases';
import type { Db } from '../db/db';
import { AppError, Forbidden, UploadEmpty, UploadNameInvalid, UploadTooLarge, UploadTypeMismatch, UploadTypeUnsupported } from '../errors';
import { digester } from '../security/hashing';
import { inspectZip } from './dossiers.archive';
import * as repo from './dossiers.repo';
import { ACCEPTED_EXTENSIONS, DOCUMENT_TYPES, extensionOf, sniffType } from './dossiers.sniff';
import type { CaseDocument, DocumentOrigin } from './dossiers.types';

export type UploadDeps = { root: string; uploadMaxBytes: number };
export type UploadMeta = { name: string; title: string; origin: DocumentOrigin; declaredBytes: number | null };

const QUARANTINE_DIR = 'quarantine';
const DRAIN_BOUND = 64 * 1024 * 1024;
const DOCUMENTS_DIR = 'documents';

/** A display name as given by the uploader, refused when it could name a path or hide its type. */
function checkUploadName(name: string): string {
  const n = name.normalize('NFC');
  if (n.length === 0 || n.trim() !== n) throw UploadNameInvalid('empty, or starting or ending with blanks');
  if (Buffer.byteLength(n) > 255) throw UploadNameInvalid('longer than 255 bytes');
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(n)) throw UploadNameInvalid('control characters');
  if (/[/\\]/.test(n) || n === '.' || n === '..' || n.includes('..')) throw UploadNameInvalid('a path (/, \\ or ..) is not a file name');
  if (n.startsWith('.')) throw UploadNameInvalid('hidden file name');
  if (/[<>:"|?*]/.test(n)) throw UploadNameInvalid('characters not allowed in file names (<>:"|?*)');
  const ext = extensionOf(n);
  if (!ACCEPTED_EXTENSIONS.includes(ext)) throw UploadTypeUnsupported(ext ? `.${ext}` : 'no extension');
  return n;
}

/** Streams an upload in, checks it, and files it in the case file. */
export async function ingestDocument(
  db: Db,
  deps: UploadDeps,
  user: AuthUser,
  caseId: string,
  meta: UploadMeta,
  body: Readable,
): Promise<CaseDocument> {
  const kase = await getCaseFor(db, user, caseId);
  if (kase.access !== 'holder') throw Forbidden('only the agency holding the case adds documents to its file');
  const quarantine = path.join(deps.root, QUARANTINE_DIR);
  fs.mkdirSync(quarantine, { recursive: true, mode: 0o700 });
  const qFile = path.join(quarantine, `${randomUUID()}.upload`);
  let facts: { bytes: number; sha256: string; sm3: string } | null = null;
  const refuse = async (err: AppError): Promise<never> => {
    fs.rmSync(qFile, { force: true });
    await audit.recordAlone(db, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'document.rejected',
      objectType: 'case',
      objectId: caseId,
      outcome: 'denied',
      detail: { reason: err.code, message: err.message, name: meta.name.slice(0, 255), ...(facts ?? {}) },
    });
    throw err;
  };
  try {
    const name = checkUploadName(meta.name);
    if (meta.declaredBytes !== null && meta.declaredBytes > deps.uploadMaxBytes) throw UploadTooLarge(deps.uploadMaxBytes);
    const got = await streamCounted(body, qFile, deps.uploadMaxBytes);
    facts = { bytes: got.bytes, sha256: got.sha256, sm3: got.sm3 };
    if (got.bytes === 0) throw UploadEmpty();
    const kind = sniffType(got.head, got.tail);
    if (!kind) throw UploadTypeUnsupported(null);
    const type = DOCUMENT_TYPES[kind]!;
    if (!type.extensions.includes(extensionOf(name))) throw UploadTypeMismatch(name, type.mediaType);
    if (type.container === 'zip') await inspectZip(qFile, got.bytes, ['OFD.xml']);
    return await fileDocument(db, deps, user, caseId, qFile, { ...meta, name }, got, type.mediaType, type.extensions[0]!);
  } catch (err) {
    if (err instanceof AppError) return refuse(err);
    fs.rmSync(qFile, { force: true });
    throw err;
  } finally {
    body.resume();
  }
}

async function streamCounted(
  body: Readable,
  file: string,
  limit: number,
): Promise<{ bytes: number; sha256: string; sm3: string; head: Buffer; tail: Buffer }> {
  const d = digester();
  let bytes = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  const fh = await fs.promises.open(file, 'wx', 0o600);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // NOTE: past the limit the rest is read and dropped (so the client hears the 413) up to a bound; then the connection is cut.
      if (bytes > limit) {
        if (bytes > limit + DRAIN_BOUND) throw UploadTooLarge(limit);
        continue;
      }
      d.update(chunk);
      if (head.length < 4096) head = Buffer.concat([head, chunk.subarray(0, 4096 - head.length)]);
      tail = Buffer.concat([tail, chunk]).subarray(-1024);
      await fh.write(chunk);
    }
    if (bytes > limit) throw UploadTooLarge(limit);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { ...d.digest(), head, tail };
}

async function fileDocument(
  db: Db,
  deps: UploadDeps,
  user: AuthUser,
  caseId: string,
  qFile: string,
  meta: UploadMeta,
  got: { bytes: number; sha256: string; sm3: string },
  mediaType: string,
  ext: string,
): Promise<CaseDocument> {
  const id = randomUUID();
  const rel = path.join(DOCUMENTS_DIR, caseId, `${id}.${ext}`);
  const dest = path.join(deps.root, rel);
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
  fs.chmodSync(qFile, 0o444);
  fs.renameSync(qFile, dest);
  const doc: CaseDocument = {
    id,
    caseId,
    title: meta.title || meta.name,
    originalName: meta.name,
    file: rel,
    mediaType,
    bytes: got.bytes,
    sha256: got.sha256,
    sm3: got.sm3,
    origin: meta.origin,
    uploadedBy: user.id,
    uploadedAt: new Date(),
  };
  try {
    await db.transaction(async (trx) => {
      await repo.insertDocument(trx, doc);
      await audit.record(trx, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: 'document.ingested',
        objectType: 'document',
        objectId: id,
        outcome: 'success',
        detail: { caseId, name: meta.name, mediaType, bytes: got.bytes, sha256: got.sha256, sm3: got.sm3, origin: meta.origin },
      });
    });
  } catch (err) {
    fs.chmodSync(dest, 0o600);
    fs.rmSync(dest, { force: true });
    throw err;
  }
  return doc;
}
