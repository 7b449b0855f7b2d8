// The receipt (回执) a receiving agency signs for an accepted package, and the sender's check of it
// with the peer's configured key: it must name the package, key and manifest hashes that were sent.
import { randomUUID } from 'node:crypto';
import type { AgencySigner } from '../security/agencySigning';
import { verifySignature } from '../security/agencySigning';
import { RECEIPT_FORMAT, Receipt } from './dossiers.format';
import type { Peer } from './dossiers.types';

export type SignedReceipt = { receipt: string; signature: string };

export function signReceipt(signer: AgencySigner, r: Omit<Receipt, 'format' | 'receiptId'>): SignedReceipt {
  const body: Receipt = { format: RECEIPT_FORMAT, receiptId: randomUUID(), ...r };
  const receipt = JSON.stringify(body);
  return { receipt, signature: signer.sign(Buffer.from(receipt, 'utf8')).toString('base64') };
}

/** The receipt, when it is signed by the peer and is about exactly this package; otherwise why not. */
export function checkReceipt(
  peer: Peer,
  signed: SignedReceipt,
  expect: { packageId: string; idempotencyKey: string; manifestSha256: string; manifestSm3: string },
): { ok: true; receipt: Receipt } | { ok: false; why: string } {
  if (!verifySignature(peer.publicKeyPem, Buffer.from(signed.receipt, 'utf8'), Buffer.from(signed.signature, 'base64'))) {
    return { ok: false, why: `receipt signature does not verify with ${peer.code}'s configured key ${peer.keyId}` };
  }
  let parsed: ReturnType<typeof Receipt.safeParse>;
  try {
    parsed = Receipt.safeParse(JSON.parse(signed.receipt));
  } catch {
    return { ok: false, why: 'receipt is not JSON' };
  }
  if (!parsed.success) return { ok: false, why: `receipt malformed: ${parsed.error.issues[0]!.message}` };
  const r = parsed.data;
  if (
    r.packageId !== expect.packageId ||
    r.idempotencyKey !== expect.idempotencyKey ||
    r.manifestSha256 !== expect.manifestSha256 ||
    r.manifestSm3 !== expect.manifestSm3 ||
    r.receiver.code !== peer.code
  ) {
    return { ok: false, why: 'receipt is about another package or from another agency' };
  }
  return { ok: true, receipt: r };
}
