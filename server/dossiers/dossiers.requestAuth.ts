// A delivery proves its sender before its body is read: the sending agency signs
// `hearing-transfer/1`, its code, the idempotency key and the time with its Ed25519 key; the
// receiver checks it with the key configured for that peer and refuses a time more than 5 minutes
// off (a captured request replayed later). The sender code alone is no credential.
import { TransferUnauthenticated } from '../errors';
import { type AgencySigner, verifySignature } from '../security/agencySigning';
import type { Peer } from './dossiers.types';

const SKEW_MS = 5 * 60_000;
const signed = (sender: string, key: string, at: string) => Buffer.from(`hearing-transfer/1\n${sender}\n${key}\n${at}`, 'utf8');

/** The headers that authenticate one delivery. */
export function transferHeaders(signer: AgencySigner, sender: string, idempotencyKey: string, now = new Date()): Record<string, string> {
  const at = now.toISOString();
  return { 'x-hearing-timestamp': at, 'x-hearing-signature': signer.sign(signed(sender, idempotencyKey, at)).toString('base64') };
}

/** Refuses (401 transfer_unauthenticated) a delivery whose signature is missing, stale or not the peer's. */
export function checkTransferHeaders(peer: Peer, idempotencyKey: string, at: string, signature: string, now = new Date()): void {
  const t = Date.parse(at);
  if (!at || !signature || Number.isNaN(t))
    throw TransferUnauthenticated('the delivery carries no X-Hearing-Timestamp and X-Hearing-Signature');
  if (Math.abs(now.getTime() - t) > SKEW_MS)
    throw TransferUnauthenticated(`the delivery was signed at ${at.slice(0, 40)}, more than 5 minutes from now`);
  let ok = false;
  try {
    ok = verifySignature(peer.publicKeyPem, signed(peer.code, idempotencyKey, at), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw TransferUnauthenticated(`the delivery's signature does not verify with the key configured for ${peer.code}`);
}
