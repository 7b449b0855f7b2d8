// Packages of a case file: making one (to export, or to send: package and outbox row in one
// transaction, then the relay is woken), retrying a refused transfer, and what may be downloaded.
import { RECIPIENT_KIND } from '../vocabulary';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as audit from '../audit';
import type { AuthUser } from '../auth';
import { getCaseFor } from '../cases';
import type { Db } from '../db/db';
import { Forbidden, InvalidRequest, InvalidState, NotFound, PeerUnknown } from '../errors';
import type { AgencySigner } from '../security/agencySigning';
import {
  idempotencyKeyOf,
  PACKAGE_CONTROL_FILES,
  PACKAGE_MANIFEST,
  PACKAGE_FORMAT,
  type PackageManifest,
  type Purpose,
} from './dossiers.format';
import { caseFileItems } from './dossiers.items';
import { buildPackage, removeTree } from './dossiers.package';
import * as repo from './dossiers.repo';
import type { DossierPackage, Peer } from './dossiers.types';
import { casesRepo as cases } from '../cases';

export type DossierDeps = {
  root: string;
  recordingsRoot: string;
  transcriptsRoot: string;
  signer: AgencySigner;
  agencyCode: string | undefined;
  peers: Peer[];
  uploadMaxBytes: number;
  packageMaxBytes: number;
  /** Refusals of incoming packages audited one by one per sender and window; the rest counted (defaults 10 a minute). */
  refusalsPerWindow?: number;
  refusalWindowMs?: number;
  /** Wakes the outbox relay after a send (absent where no relay runs). */
  kick?: () => void;
};

const PACKAGES_DIR = 'packages';

async function caseForHolder(db: Db, user: AuthUser, caseId: string) {
  const kase = await getCaseFor(db, user, caseId);
  if (kase.access !== 'holder') throw Forbidden('only the agency holding the case packages or sends its file');
  return kase;
}

export type PackageInput = { recipient: string; purpose: Purpose; requestId: string; transfer: boolean };

/** Packages the case file (and, with `transfer`, queues it for the peer); a repeated requestId returns the first package. */
export async function makePackage(db: Db, deps: DossierDeps, user: AuthUser, caseId: string, input: PackageInput): Promise<DossierPackage> {
  const kase = await caseForHolder(db, user, caseId);
  const earlier = await repo.packageByRequest(db, input.requestId);
  if (earlier) {
    if (earlier.caseId !== caseId) throw InvalidRequest('requestId was used for another case');
    return earlier;
  }
  const sender = await repo.agencyById(db, kase.agencyId);
  if (!sender) throw NotFound('agency', kase.agencyId);
  const peer = deps.peers.find((p) => p.code === input.recipient);
  const recipient = peer ?? (input.transfer ? null : await repo.agencyByCode(db, input.recipient));
  if (!recipient) throw PeerUnknown(input.recipient);
  if (recipient.kind !== RECIPIENT_KIND[input.purpose]) {
    throw InvalidRequest(
      `purpose ${input.purpose}: the case file goes to a ${RECIPIENT_KIND[input.purpose]}, and ${recipient.code} is a ${recipient.kind}`,
    );
  }
  const version = await repo.nextPackageVersion(db, caseId);
  const id = randomUUID();
  const rel = path.join(PACKAGES_DIR, caseId, `v${version}-${id}`);
  const dir = path.join(deps.root, rel);
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  const now = new Date();
  const persons = await cases.listPersons(db, caseId);
  const centers = new Map<string, string>();
  for (const p of persons) {
    if (p.custodyCenterId && !centers.has(p.custodyCenterId))
      centers.set(p.custodyCenterId, (await repo.agencyById(db, p.custodyCenterId))?.code ?? '');
  }
  const key = idempotencyKeyOf(sender.code, caseId, version);
  const base: Omit<PackageManifest, 'files' | 'totals'> = {
    format: PACKAGE_FORMAT,
    packageId: id,
    idempotencyKey: key,
    createdAt: now.toISOString(),
    sender: { code: sender.code, name: sender.name, kind: sender.kind, keyId: deps.signer.keyId },
    recipient: { code: recipient.code, name: recipient.name, kind: recipient.kind },
    purpose: input.purpose,
    dossierVersion: version,
    case: {
      id: caseId,
      caseNumber: kase.caseNumber,
      title: kase.title,
      charge: kase.charge,
      stage: kase.stage,
      fastTrack: kase.fastTrack,
      sentenceOverOneYear: kase.sentenceOverOneYear,
      persons: persons.map((p) => ({
        id: p.id,
        name: p.name,
        personRole: p.personRole,
        custodyStatus: p.custodyStatus,
        idNumberLast4: p.idNumberLast4,
        custodyCenterCode: p.custodyCenterId ? centers.get(p.custodyCenterId) || null : null,
      })),
      keyDates: (await cases.listKeyDates(db, caseId)).map((d) => ({ kind: d.kind, personId: d.personId, at: d.at.toISOString() })),
    },
  };
  const items = await caseFileItems(db, deps, caseId, sender.code);
  const ids = [caseId, ...new Set(items.map((i) => i.auditObject.id))];
  const entries = await repo.auditOf(db, ids);
  const extract = Buffer.from(
    entries.map((e) => JSON.stringify({ ...e, at: e.at.toISOString() })).join('\n') + (entries.length ? '\n' : ''),
    'utf8',
  );
  const built = await buildPackage({
    items,
    dir,
    manifest: base,
    signer: deps.signer,
    auditExtract: {
      bytes: extract,
      provenance: {
        origin: 'system',
        agency: sender.code,
        createdAt: now.toISOString(),
        createdBy: null,
        source: { entries: entries.length, firstId: entries[0]?.id ?? null, lastId: entries.at(-1)?.id ?? null },
        title: '审计日志摘录 audit extract',
      },
    },
  });
  const pkg: DossierPackage = {
    id,
    caseId,
    version,
    recipientCode: recipient.code,
    purpose: input.purpose,
    dir: rel,
    manifestSha256: built.sha256,
    manifestSm3: built.sm3,
    fileCount: built.files,
    totalBytes: built.bytes,
    createdBy: user.id,
    createdAt: now,
    requestId: input.requestId,
    forTransfer: input.transfer,
  };
  try {
    await db.transaction(async (trx) => {
      await repo.lockCase(trx, caseId);
      if ((await repo.nextPackageVersion(trx, caseId)) !== version)
        throw InvalidState(`case ${caseId}`, 'being packaged by someone else', 'try again');
      await repo.insertPackage(trx, pkg);
      if (input.transfer) await repo.insertOutbox(trx, { idempotencyKey: key, packageId: id, peerCode: recipient.code, at: now });
      await audit.record(trx, {
        actorUserId: user.id,
        agencyId: user.agencyId,
        action: input.transfer ? 'dossier.sent' : 'dossier.packaged',
        objectType: 'dossier_package',
        objectId: id,
        outcome: 'success',
        detail: {
          caseId,
          version,
          recipient: recipient.code,
          purpose: input.purpose,
          idempotencyKey: key,
          manifestSha256: built.sha256,
          manifestSm3: built.sm3,
          files: built.files,
          bytes: built.bytes,
        },
      });
    });
  } catch (err) {
    removeTree(dir);
    const again = await repo.packageByRequest(db, input.requestId);
    if (again && again.caseId === caseId) return again;
    throw err;
  }
  if (input.transfer) deps.kick?.();
  return pkg;
}

/** Puts a refused transfer back in the queue (after the receiving agency fixed its configuration, say). */
export async function retryTransfer(db: Db, deps: DossierDeps, user: AuthUser, packageId: string): Promise<void> {
  const pkg = await repo.findPackage(db, packageId);
  if (!pkg) throw NotFound('package', packageId);
  await caseForHolder(db, user, pkg.caseId);
  await db.transaction(async (trx) => {
    const o = await repo.findOutbox(trx, (await repo.outboxOfPackage(trx, packageId))?.idempotencyKey ?? '');
    if (!o) throw NotFound('transfer of package', packageId);
    if (o.state === 'delivered') throw InvalidState(`transfer ${o.idempotencyKey}`, 'delivered', 'nothing to retry');
    await repo.updateOutbox(trx, o.idempotencyKey, {
      state: 'pending',
      nextAttemptAt: new Date(),
      refusalCode: null,
      refusalMessage: null,
      refusalData: null,
    });
    await audit.record(trx, {
      actorUserId: user.id,
      agencyId: user.agencyId,
      action: 'dossier.retry',
      objectType: 'dossier_package',
      objectId: packageId,
      outcome: 'success',
      detail: { idempotencyKey: o.idempotencyKey, previous: o.state, refusal: o.refusalCode },
    });
  });
  deps.kick?.();
}

/** A package's folder and its files in order, for download (audited). */
export async function packageForDownload(
  db: Db,
  deps: DossierDeps,
  user: AuthUser,
  packageId: string,
): Promise<{ pkg: DossierPackage; dir: string; names: string[] }> {
  const pkg = await repo.findPackage(db, packageId);
  if (!pkg) throw NotFound('package', packageId);
  await caseForHolder(db, user, pkg.caseId);
  const dir = path.join(deps.root, pkg.dir);
  const m = JSON.parse(fs.readFileSync(path.join(dir, PACKAGE_MANIFEST), 'utf8')) as PackageManifest;
  await audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action: 'dossier.downloaded',
    objectType: 'dossier_package',
    objectId: pkg.id,
    outcome: 'success',
    detail: { caseId: pkg.caseId, manifestSha256: pkg.manifestSha256 },
  });
  return { pkg, dir, names: [...PACKAGE_CONTROL_FILES, ...m.files.map((f) => f.path)] };
}

/** A stored document for download (audited). */
export async function documentForDownload(db: Db, deps: DossierDeps, user: AuthUser, documentId: string) {
  const doc = await repo.findDocument(db, documentId);
  if (!doc) throw NotFound('document', documentId);
  await getCaseFor(db, user, doc.caseId);
  await audit.recordAlone(db, {
    actorUserId: user.id,
    agencyId: user.agencyId,
    action: 'document.downloaded',
    objectType: 'document',
    objectId: doc.id,
    outcome: 'success',
    detail: { caseId: doc.caseId, sha256: doc.sha256 },
  });
  return { doc, file: path.join(deps.root, doc.file) };
}
