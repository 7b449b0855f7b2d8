// What the case page lists of a case file: every item with its hashes, origin and who touched it
// when, the packages with their transfer state, and the dossiers received.
import fs from 'node:fs';
import type { AuthUser } from '../auth';
import { getCaseFor } from '../cases';
import type { Db } from '../db/db';
import { caseFileItems } from './dossiers.items';
import * as repo from './dossiers.repo';
import type { CaseFileItem, DossierPackage } from './dossiers.types';
import type { DossierDeps } from './dossiers.service';

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

/** The case file as the case page shows it (items, packages, received dossiers). */
export type CaseFileView = Awaited<ReturnType<typeof caseFileView>>;
