// The case file (电子卷宗) as the server sees it: documents, the items a package is made of,
// packages with their delivery and receipt, and dossiers received from other agencies.
import type { DocumentOrigin, ItemKind, OutboxState } from '../vocabulary';
import type { FileKind, Provenance, Purpose } from './dossiers.format';

export type { DocumentOrigin } from '../vocabulary';

export type CaseDocument = {
  id: string;
  caseId: string;
  title: string;
  originalName: string;
  file: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  sm3: string;
  origin: DocumentOrigin;
  uploadedBy: string;
  uploadedAt: Date;
};

/** One file of the case file: where it is, what it should hash to, and where it came from. */
export type ItemFile = {
  abs: string;
  path: string;
  bytes: number;
  sha256: string | null;
  sm3: string | null;
  type: string;
  kind: FileKind;
};

/** A listed item of the case file (a record, a recording part, a document, the audit extract, a received file). */
export type CaseFileItem = {
  id: string;
  kind: ItemKind;
  title: string;
  files: ItemFile[];
  provenance: Provenance;
  /** The audit object whose entries say who touched it when. */
  auditObject: { type: string; id: string };
};

export type DossierPackage = {
  id: string;
  caseId: string;
  version: number;
  recipientCode: string;
  purpose: Purpose;
  dir: string;
  manifestSha256: string;
  manifestSm3: string;
  fileCount: number;
  totalBytes: number;
  createdBy: string;
  createdAt: Date;
  requestId: string;
  forTransfer: boolean;
};

export type OutboxEntry = {
  idempotencyKey: string;
  packageId: string;
  peerCode: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  refusalCode: string | null;
  refusalMessage: string | null;
  refusalData: unknown;
  createdAt: Date;
  deliveredAt: Date | null;
};

export type StoredReceipt = {
  id: string;
  packageId: string;
  receiverCode: string;
  receiptJson: string;
  signature: string;
  receiptSha256: string;
  receivedAt: Date;
  storedAt: Date;
};

export type ReceivedDossier = {
  id: string;
  caseId: string;
  version: number;
  senderCode: string;
  packageId: string;
  idempotencyKey: string;
  purpose: Purpose;
  manifestSha256: string;
  manifestSm3: string;
  dir: string;
  fileCount: number;
  totalBytes: number;
  receivedAt: Date;
  receiptJson: string;
  receiptSignature: string;
};

export type ReceivedFile = {
  path: string;
  bytes: number;
  sha256: string;
  sm3: string;
  mediaType: string;
  kind: FileKind;
  provenance: Provenance;
};

/** A configured peer agency: where to deliver, and the only key its packages and receipts are checked with. */
export type Peer = {
  code: string;
  name: string;
  kind: string;
  url: string;
  publicKeyPem: string;
  keyId: string;
  /** The largest package taken from this peer (default: DOSSIER_PACKAGE_MAX_BYTES). */
  maxPackageBytes?: number;
  /** Deliveries from this peer received at once (default 2); more are answered rate_limited. */
  maxConcurrent?: number;
};
