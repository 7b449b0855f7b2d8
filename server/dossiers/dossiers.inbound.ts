// The receiving agency's side of a transfer. A package arrives as a tar stream from a configured
// peer; it is extracted into a staging folder, its signature checked with that peer's configured
// key and every file's size and hashes checked, before anything is stored. Accepted: in one
// transaction the local case is found or made, the package becomes its next version, the key date
// that starts this agency's deadline is set at the receipt time, and a signed receipt is stored
// and returned. The same package again (same idempotency key and manifest) gets the same receipt.
// Refused: the staging folder is removed, the refusal audited, and the typed reason returned.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import * as audit from '../audit';
import { receiveCase } from '../cases';
import type { Db } from '../db/db';
import { computeDeadline, type DeadlineRule } from '../deadlines';
import { AppError, IdempotencyConflict, PackageFileMismatch, PackageInvalid, PackageSignatureInvalid, SenderUnknown } from '../errors';
import type { AgencySigner } from '../security/agencySigning';
import type { PackageManifest, Purpose } from './dossiers.format';
import { removeTree } from './dossiers.package';
import { signReceipt, type SignedReceipt } from './dossiers.receipt';
import * as repo from './dossiers.repo';
import { extractPackage } from './dossiers.tar';
import type { Peer } from './dossiers.types';
import { RECEIVED_DIR } from './dossiers.items';
import { verifyPackage, type PackageProblem } from './dossiers.verify';

export type InboundDeps = { root: string; signer: AgencySigner; agencyCode: string | undefined; peers: Peer[]; packageMaxBytes: number };
const INCOMING_DIR = 'incoming';

/** What each purpose means at the receiving agency: its kind, the case's stage, the key date the receipt sets. */
const PURPOSE_AT_RECEIVER: Record<
  Purpose,
  {
    kind: string;
    stage: 'investigation' | 'prosecution_review' | 'trial';
    keyDate: (
      m: PackageManifest,
    ) => { kind: 'arrest_application_received' | 'prosecution_review_received' | 'fast_track_accepted'; rule: DeadlineRule } | null;
  }
> = {
  arrest_approval: { kind: 'procuratorate', stage: 'investigation', keyDate: () => ({ kind: 'arrest_application_received', rule: 'D5' }) },
  prosecution_review: {
    kind: 'procuratorate',
    stage: 'prosecution_review',
    keyDate: () => ({ kind: 'prosecution_review_received', rule: 'D7' }),
  },
  prosecution: { kind: 'court', stage: 'trial', keyDate: (m) => (m.case.fastTrack ? { kind: 'fast_track_accepted', rule: 'D9' } : null) },
};

function refusalFor(p: PackageProblem): AppError {
  if (p.kind === 'signature') return PackageSignatureInvalid(p.message);
  if (p.kind === 'manifest') return PackageInvalid(p.message, { path: p.path });
  return PackageFileMismatch(p.path, p.message);
}

export async function receivePackage(
  db: Db,
  deps: InboundDeps,
  req: { senderCode: string; idempotencyKey: string; body: Readable },
): Promise<SignedReceipt & { replay: boolean }> {
  const staging = path.join(deps.root, INCOMING_DIR, randomUUID());
  try {
    const peer = deps.peers.find((p) => p.code === req.senderCode);
    if (!peer) throw SenderUnknown(req.senderCode);
    const home = deps.agencyCode ? await repo.agencyByCode(db, deps.agencyCode) : null;
    if (!home) throw PackageInvalid('this instance receives for no agency (AGENCY_CODE is not set or unknown)');
    if (!/^[\x21-\x7e]{1,200}$/.test(req.idempotencyKey)) throw PackageInvalid('Idempotency-Key header missing or malformed');
    fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
    await extractPackage(req.body, staging, { maxBytes: deps.packageMaxBytes, maxEntries: 200_003 });
    const v = await verifyPackage(staging, { publicKeyPem: peer.publicKeyPem, stopAtFirst: true });
    if (!v.ok || !v.manifest) throw refusalFor(v.problems[0] ?? { kind: 'manifest', path: 'manifest.json', message: 'unreadable' });
    const m = v.manifest;
    if (m.sender.code !== peer.code) throw PackageInvalid(`the manifest names sender ${m.sender.code}, but ${peer.code} delivered it`);
    if (m.recipient.code !== home.code) throw PackageInvalid(`the package is addressed to ${m.recipient.code}, not to ${home.code}`);
    if (m.idempotencyKey !== req.idempotencyKey) throw PackageInvalid("the Idempotency-Key header differs from the manifest's");
    const meaning = PURPOSE_AT_RECEIVER[m.purpose];
    if (meaning.kind !== home.kind)
      throw PackageInvalid(`a package for ${m.purpose} goes to a ${meaning.kind}, and ${home.code} is a ${home.kind}`);
    return await accept(db, deps, { staging, m, manifestSha256: v.manifestSha256!, manifestSm3: v.manifestSm3!, home, meaning });
  } catch (err) {
    removeTree(staging);
    if (err instanceof AppError) {
      await audit.recordAlone(db, {
        actorUserId: null,
        agencyId: null,
        action: 'dossier.refused',
        objectType: 'dossier_transfer',
        objectId: null,
        outcome: 'denied',
        detail: {
          sender: req.senderCode.slice(0, 64),
          idempotencyKey: req.idempotencyKey.slice(0, 200),
          reason: err.code,
          message: err.message,
        },
      });
    }
    throw err;
  }
}

type Accepting = {
  staging: string;
  m: PackageManifest;
  manifestSha256: string;
  manifestSm3: string;
  home: { id: string; code: string; name: string; kind: string };
  meaning: (typeof PURPOSE_AT_RECEIVER)[Purpose];
};

async function accept(db: Db, deps: InboundDeps, a: Accepting): Promise<SignedReceipt & { replay: boolean }> {
  const { m } = a;
  const id = randomUUID();
  const rel = path.join(RECEIVED_DIR, id);
  const dest = path.join(deps.root, rel);
  let moved = false;
  try {
    return await db.transaction(async (trx) => {
      await repo.lockKey(trx, m.idempotencyKey);
      const earlier = await repo.receivedByKey(trx, m.idempotencyKey);
      if (earlier) {
        if (earlier.manifestSha256 !== a.manifestSha256 || earlier.senderCode !== m.sender.code)
          throw IdempotencyConflict(m.idempotencyKey);
        removeTree(a.staging);
        return { receipt: earlier.receiptJson, signature: earlier.receiptSignature, replay: true };
      }
      const at = new Date();
      const centers = new Map<string, string | null>();
      for (const p of m.case.persons) {
        if (p.custodyCenterCode && !centers.has(p.custodyCenterCode)) {
          const c = await repo.agencyByCode(trx, p.custodyCenterCode);
          centers.set(p.custodyCenterCode, c && c.kind === 'custody_center' ? c.id : null);
        }
      }
      const key = a.meaning.keyDate(m);
      const { kase, persons } = await receiveCase(trx, {
        agencyId: a.home.id,
        originAgencyCode: m.sender.code,
        at,
        stage: a.meaning.stage,
        keyDate: key?.kind ?? null,
        origin: {
          ...m.case,
          persons: m.case.persons.map((p) => ({
            ...p,
            custodyCenterId: p.custodyCenterCode ? (centers.get(p.custodyCenterCode) ?? null) : null,
          })),
        },
      });
      const version = await repo.nextReceivedVersion(trx, kase.id);
      const custody = persons.some((p) => p.custodyStatus === 'detained' || p.custodyStatus === 'arrested');
      const deadline = key
        ? computeDeadline({
            rule: key.rule,
            startedAt: at,
            inCustody: custody,
            variant: { fastTrack: m.case.fastTrack, sentenceOverOneYear: m.case.sentenceOverOneYear },
          })
        : null;
      const signed = signReceipt(deps.signer, {
        packageId: m.packageId,
        idempotencyKey: m.idempotencyKey,
        manifestSha256: a.manifestSha256,
        manifestSm3: a.manifestSm3,
        sender: m.sender.code,
        receiver: { code: a.home.code, name: a.home.name, kind: a.home.kind, keyId: deps.signer.keyId },
        receivedAt: at.toISOString(),
        files: m.totals.files,
        bytes: m.totals.bytes,
        caseNumber: kase.caseNumber,
        dossierVersion: version,
        deadline: deadline ? { rule: deadline.rule, startedAt: at.toISOString(), dueAt: deadline.dueAt.toISOString() } : null,
      });
      await repo.insertReceived(
        trx,
        {
          id,
          caseId: kase.id,
          version,
          senderCode: m.sender.code,
          packageId: m.packageId,
          idempotencyKey: m.idempotencyKey,
          purpose: m.purpose,
          manifestSha256: a.manifestSha256,
          manifestSm3: a.manifestSm3,
          dir: rel,
          fileCount: m.totals.files,
          totalBytes: m.totals.bytes,
          receivedAt: at,
          receiptJson: signed.receipt,
          receiptSignature: signed.signature,
        },
        m.files.map((f) => ({
          path: f.path,
          bytes: f.bytes,
          sha256: f.sha256,
          sm3: f.sm3,
          mediaType: f.type,
          kind: f.kind,
          provenance: f.provenance,
        })),
      );
      await audit.record(trx, {
        actorUserId: null,
        agencyId: a.home.id,
        action: 'dossier.received',
        objectType: 'received_dossier',
        objectId: id,
        outcome: 'success',
        detail: {
          caseId: kase.id,
          version,
          sender: m.sender.code,
          packageId: m.packageId,
          idempotencyKey: m.idempotencyKey,
          purpose: m.purpose,
          manifestSha256: a.manifestSha256,
          manifestSm3: a.manifestSm3,
          files: m.totals.files,
          bytes: m.totals.bytes,
          deadline: deadline ? { rule: deadline.rule, dueAt: deadline.dueAt.toISOString() } : null,
        },
      });
      // NOTE: the files take their place before the commit; if the commit fails they are taken away again.
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(a.staging, dest);
      moved = true;
      return { ...signed, replay: false };
    });
  } catch (err) {
    if (moved) removeTree(dest);
    throw err;
  }
}
