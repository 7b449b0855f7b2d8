// A local certificate authority for installations without a certificate of their own (outside
// production): one CA kept in the folder, and a server certificate it issues for the names and
// addresses the platform is reached by. Browsers on the LAN trust the CA once (README, "HTTPS").
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export type LocalCertificate = {
  /** The server certificate followed by the CA certificate (PEM). */
  cert: Buffer;
  key: Buffer;
  caFile: string;
  names: string[];
  /** base64 SHA-256 of the CA's public key (Chromium's --ignore-certificate-errors-spki-list takes it). */
  caSpkiSha256: string;
};

const newRsaKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
};

/** Names this machine is reached by: localhost, its host name, its LAN addresses, and `extra`. */
export function machineNames(extra: string[]): string[] {
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => Boolean(i && !i.internal && i.family === 'IPv4'))
    .map((i) => i.address);
  return [...new Set(['localhost', '127.0.0.1', os.hostname(), ...lan, ...extra])];
}

function createCa(dir: string): void {
  const keys = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  // NOTE: ASCII names: forge re-encodes a parsed UTF-8 name differently, and the server
  // certificate's issuer must equal the CA's subject byte for byte.
  const subject = [
    { name: 'commonName', value: `Remote Hearing Platform local CA (${os.hostname()})` },
    { name: 'organizationName', value: 'Remote Hearing Platform' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, 'ca.key.pem'), forge.pki.privateKeyToPem(keys.privateKey), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'ca.pem'), forge.pki.certificateToPem(cert), { mode: 0o644 });
}

function issue(dir: string, names: string[]): void {
  const ca = forge.pki.certificateFromPem(fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
  const caKey = forge.pki.privateKeyFromPem(fs.readFileSync(path.join(dir, 'ca.key.pem'), 'utf8'));
  const keys = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `02${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  // NOTE: browsers refuse server certificates valid for more than 398 days.
  cert.validity.notAfter = new Date(Date.now() + 397 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: names.find((n) => !isIP(n)) ?? 'localhost' }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  fs.writeFileSync(path.join(dir, 'server.key.pem'), forge.pki.privateKeyToPem(keys.privateKey), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'server.pem'), forge.pki.certificateToPem(cert) + forge.pki.certificateToPem(ca), { mode: 0o644 });
}

function currentCovers(dir: string, names: string[]): boolean {
  const file = path.join(dir, 'server.pem');
  if (!fs.existsSync(file)) return false;
  const cert = new X509Certificate(fs.readFileSync(file));
  if (new Date(cert.validTo).getTime() - Date.now() < 30 * 86_400_000) return false;
  return names.every((n) => (isIP(n) ? cert.checkIP(n) : cert.checkHost(n)) !== undefined);
}

/** The CA (made once) and a server certificate covering `names` (re-issued when a name is new or it nears expiry). */
export function ensureLocalCertificate(dir: string, names: string[]): LocalCertificate {
  if (!fs.existsSync(path.join(dir, 'ca.pem'))) createCa(dir);
  if (!currentCovers(dir, names)) issue(dir, names);
  const caFile = path.join(dir, 'ca.pem');
  return {
    cert: fs.readFileSync(path.join(dir, 'server.pem')),
    key: fs.readFileSync(path.join(dir, 'server.key.pem')),
    caFile,
    names,
    caSpkiSha256: spkiSha256(fs.readFileSync(caFile, 'utf8')),
  };
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo. */
function spkiSha256(certPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(certPem).export({ type: 'spki', format: 'der' }))
    .digest('base64');
}
