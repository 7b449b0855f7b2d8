// The agency's signing key (Ed25519): it signs recording manifests, transcript certificates, dossier
// packages and receipts. The private key comes from a PEM file named in config; outside production
// the file is created on first use (mode 600) with its public key next to it.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type AgencySigner = {
  keyId: string;
  publicKeyPem: string;
  sign(data: Buffer): Buffer;
};

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its DER (SPKI). */
function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export function signerFromPrivateKey(pem: string): AgencySigner {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the agency signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => sign(null, data, privateKey),
  };
}

/** Reads the key file; when `create` is set and the file is missing, makes a new key pair first. */
export function loadAgencySigner(file: string, o: { create: boolean }): AgencySigner {
  if (!fs.existsSync(file)) {
    if (!o.create) throw new Error(`agency signing key ${file} not found (AGENCY_SIGNING_KEY_FILE)`);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(publicKeyFileFor(file), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  return signerFromPrivateKey(fs.readFileSync(file, 'utf8'));
}

const publicKeyFileFor = (privateKeyFile: string): string => privateKeyFile.replace(/(\.pem)?$/, '.pub.pem');

/** Checks an Ed25519 signature with a PEM public key. */
export function verifySignature(publicKeyPem: string, data: Buffer, signature: Buffer): boolean {
  const key = createPublicKey(publicKeyPem);
  return verify(null, data, key, signature);
}

export const keyIdOfPem = (pem: string): string => keyIdOf(createPublicKey(pem));
