// The receiving agency's side of a transfer. A delivery from a configured peer must carry that
// peer's request signature (dossiers.requestAuth.ts) before its body is read, and stay within the
// peer's size and concurrency caps. The package arrives as a tar stream: its control files first,
// whose signature is checked with the peer's configured key before any file is written; then only
// the files the signed manifest lists, each checked as it is written; then every file's size and
// both hashes again, before anything is stored. Accepted: in one
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
import {
  AppError,
  IdempotencyConflict,
  PackageFileMismatch,
  PackageInvalid,
  PackageSignatureInvalid,
  RateLimited,
  SenderUnknown,
} from '../errors';
import type { AgencySigner } from '../security/agencySigning';
import type { PackageManifest, Purpose } from './dossiers.format';
import { removeTree } from './dossiers.package';
import { signReceipt, type SignedReceipt } from './dossiers.receipt';
import * as repo from './dossiers.repo';
import { RefusalAudit } from './dossiers.refusals';
import { checkTransferHeaders } from './dossiers.requestAuth';
import { extractPackage, type ListedFile } from './dossiers.tar';
import type { Peer } from './dossiers.types';
import { RECEIVED_DIR } from './dossiers.items';
import { verifyPackage, type PackageProblem } from './dossiers.verify';

export type InboundDeps = {
  root: string;
  signer: AgencySigner;
  agencyCode: string | undefined;
  peers: Peer[];
  packageMaxBytes: number;
  /** Refusals audited one by one per sender and window (default 10 a minute); the rest are counted. */
  refusalsPerWindow?: number;
  refusalWindowMs?: number;
};
export type InboundRequest = { senderCode: string; idempotencyKey: string; timestamp: string; signature: string; body: Readable };
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

/** Receives deliveries for one platform instance: its refusal audit and the deliveries under way per peer. */
export class Inbound {
  readonly #db: Db;
  readonly #deps: InboundDeps;
  readonly #refusals: RefusalAudit;
  readonly #inFlight = new Map<string, number>();

  constructor(db: Db, deps: InboundDeps) {
    this.#db = db;
    this.#deps = deps;
    this.#refusals = new RefusalAudit(db, { perWindow: deps.refusalsPerWindow ?? 10, windowMs: deps.refusalWindowMs ?? 60_000 });
  }

  async receive(req: InboundRequest): Promise<SignedReceipt & { replay: boolean }> {
    const db = this.#db;
    const deps = this.#deps;
    const staging = path.join(deps.root, INCOMING_DIR, randomUUID());
    let counted: string | null = null;
    try {
      const peer = deps.peers.find((p) => p.code === req.senderCode);
      if (!peer) throw SenderUnknown(req.senderCode);
      checkTransferHeaders(peer, req.idempotencyKey, req.timestamp, req.signature);
      const running = this.#inFlight.get(peer.code) ?? 0;
      if (running >= (peer.maxConcurrent ?? 2)) throw RateLimited();
      this.#inFlight.set(peer.code, running + 1);
      counted = peer.code;
      const home = deps.agencyCode ? await repo.agencyByCode(db, deps.agencyCode) : null;
      if (!home) throw PackageInvalid('this instance receives for no agency (AGENCY_CODE is not set or unknown)');
      if (!/^[\x21-\x7e]{1,200}$/.test(req.idempotencyKey)) throw PackageInvalid('Idempotency-Key header missing or malformed');
      fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
      const maxBytes = Math.min(peer.maxPackageBytes ?? deps.packageMaxBytes, deps.packageMaxBytes);
      // NOTE: the signature over the manifest is checked as soon as the control files are in, before any file is written.
      const signedFiles = async (): Promise<Map<string, ListedFile>> => {
        const c = await verifyPackage(staging, { publicKeyPem: peer.publicKeyPem, stopAtFirst: true });
        const first = c.problems[0];
        if (!c.manifest || (first && (first.kind === 'signature' || first.kind === 'manifest')))
          throw refusalFor(first ?? { kind: 'manifest', path: 'manifest.json', message: 'manifest.json is missing' });
        if (c.manifest.totals.bytes > maxBytes)
          throw PackageInvalid(`the package holds ${c.manifest.totals.bytes} bytes; ${peer.code} may send at most ${maxBytes}`);
        return new Map(c.manifest.files.map((f) => [f.path, { bytes: f.bytes, sha256: f.sha256 }]));
      };
      await extractPackage(req.body, staging, { maxBytes, maxEntries: 200_003 }, signedFiles);
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
        await this.#refusals.refused(req.senderCode.slice(0, 64), {
          idempotencyKey: req.idempotencyKey.slice(0, 200),
          reason: err.code,
          message: err.message,
        });
      }
      throw err;
    } finally {
      if (counted) this.#inFlight.set(counted, (this.#inFlight.get(counted) ?? 1) - 1);
    }
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
