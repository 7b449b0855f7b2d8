// The case file and its packages: what the case page lists (every item with its hashes, origin and
// who touched it when), making a package (to export, or to send: package and outbox row in one
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
import type { AgencySigner } from '../recording';
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
import type { CaseFileItem, DossierPackage, Peer } from './dossiers.types';
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
  /** Wakes the outbox relay after a send (absent where no relay runs). */
  kick?: () => void;
};

export const PACKAGES_DIR = 'packages';

async function caseForHolder(db: Db, user: AuthUser, caseId: string) {
  const kase = await getCaseFor(db, user, caseId);
  if (kase.access !== 'holder') throw Forbidden('only the agency holding the case packages or sends its file');
  return kase;
}

const sizeOf = (abs: string, known: number): number => {
  if (known >= 0) return known;
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
};

/** The case page's dossier section. */
export async function caseFileView(db: Db, deps: DossierDeps, user: AuthUser, caseId: string) {
  const kase = await getCaseFor(db, user, caseId);
  const agency = await repo.agencyById(db, kase.agencyId);
  const items = await caseFileItems(db, deps, caseId, agency?.code ?? '');
  const packages = await repo.packagesOfCase(db, caseId);
  const received = await repo.receivedOfCase(db, caseId);
  const objectIds = [...new Set([...items.map((i) => i.auditObject.id), ...packages.map((p) => p.id), ...received.map((r) => r.id)])];
  const history = await repo.auditOf(db, objectIds, 5000);
  const names = await repo.userNames(db, [...history.map((h) => h.actorUserId ?? ''), ...packages.map((p) => p.createdBy)].filter(Boolean));
  const historyOf = (id: string) =>
    history
      .filter((h) => h.objectId === id)
      .map((h) => ({
        at: h.at.toISOString(),
        action: h.action,
        outcome: h.outcome,
        actor: h.actorUserId ? (names.get(h.actorUserId) ?? h.actorUserId) : '系统 system',
      }));
  return {
    caseId,
    access: kase.access,
    items: items.map((i) => presentItem(i, historyOf(i.auditObject.id))),
    packages: await Promise.all(
      packages.map(async (p) =>
        presentPackage(
          p,
          await repo.outboxOfPackage(db, p.id),
          await repo.receiptOfPackage(db, p.id),
          names.get(p.createdBy) ?? null,
          historyOf(p.id),
        ),
      ),
    ),
    received: await Promise.all(
      received.map(async (r) => ({
        id: r.id,
        version: r.version,
        sender: r.senderCode,
        purpose: r.purpose,
        packageId: r.packageId,
        receivedAt: r.receivedAt.toISOString(),
        manifestSha256: r.manifestSha256,
        manifestSm3: r.manifestSm3,
        files: r.fileCount,
        bytes: r.totalBytes,
        receipt: JSON.parse(r.receiptJson) as unknown,
        contents: (await repo.filesOfReceived(db, r.id)).map((f) => ({
          path: f.path,
          bytes: f.bytes,
          sha256: f.sha256,
          sm3: f.sm3,
          type: f.mediaType,
          kind: f.kind,
          origin: f.provenance.origin,
          agency: f.provenance.agency,
          createdAt: f.provenance.createdAt,
          title: f.provenance.title ?? null,
        })),
      })),
    ),
    peers: deps.peers.map((p) => ({ code: p.code, name: p.name, kind: p.kind, keyId: p.keyId })),
  };
}

type HistoryEntry = { at: string; action: string; outcome: string; actor: string };

function presentItem(i: CaseFileItem, history: HistoryEntry[]) {
  const main = i.files[0]!;
  return {
    id: i.id,
    kind: i.kind,
    title: i.title,
    origin: i.provenance.origin,
    agency: i.provenance.agency,
    createdAt: i.provenance.createdAt,
    createdBy: i.provenance.createdBy?.name ?? null,
    files: i.files.length,
    bytes: i.files.reduce((s, f) => s + sizeOf(f.abs, f.bytes), 0),
    sha256: main.sha256,
    sm3: main.sm3,
    type: main.type,
    source: i.provenance.source,
    history,
  };
}

function presentPackage(
  p: DossierPackage,
  o: Awaited<ReturnType<typeof repo.outboxOfPackage>>,
  r: Awaited<ReturnType<typeof repo.receiptOfPackage>>,
  createdBy: string | null,
  history: HistoryEntry[],
) {
  return {
    id: p.id,
    version: p.version,
    recipient: p.recipientCode,
    purpose: p.purpose,
    createdAt: p.createdAt.toISOString(),
    createdBy,
    manifestSha256: p.manifestSha256,
    manifestSm3: p.manifestSm3,
    files: p.fileCount,
    bytes: p.totalBytes,
    forTransfer: p.forTransfer,
    transfer: o
      ? {
          idempotencyKey: o.idempotencyKey,
          state: o.state,
          attempts: o.attempts,
          nextAttemptAt: o.nextAttemptAt.toISOString(),
          lastError: o.lastError,
          refusal: o.refusalCode ? { code: o.refusalCode, message: o.refusalMessage, data: o.refusalData } : null,
          deliveredAt: o.deliveredAt?.toISOString() ?? null,
        }
      : null,
    receipt: r
      ? {
          receivedAt: r.receivedAt.toISOString(),
          receiptSha256: r.receiptSha256,
          storedAt: r.storedAt.toISOString(),
          body: JSON.parse(r.receiptJson) as unknown,
        }
      : null,
    history,
  };
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

/** The case file as the case page shows it (items, packages, received dossiers). */
export type CaseFileView = Awaited<ReturnType<typeof caseFileView>>;
