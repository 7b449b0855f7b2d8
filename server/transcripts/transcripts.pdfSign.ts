// The agency's document-signing certificate and the PDF signature over the file's byte range
// (adbe.pkcs7.detached, via @signpdf), and the offline check of such a signature.
import { createHash, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import signpdf from '@signpdf/signpdf';
import forge from 'node-forge';
import type { PDFDocument } from 'pdf-lib';

/** Signs PDFs for one agency: its P12 (key and certificate) and the certificate in PEM for verifiers. */
export type PdfSigner = { p12: Buffer; passphrase: string; certificatePem: string; agencyName: string };

/** A self-signed RSA document-signing certificate for an agency (outside production). */
export function createPdfSigner(agencyName: string, passphrase = randomBytes(12).toString('hex')): PdfSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  // NOTE: forge writes attribute values as given; Chinese names must be UTF-8 bytes in a UTF8String.
  const utf8 = (v: string) => ({ value: forge.util.encodeUtf8(v), valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  const subject = [
    { name: 'commonName', ...utf8(`${agencyName} 电子签章`) },
    { name: 'organizationName', ...utf8(agencyName) },
    { name: 'countryName', value: 'CN' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase,
    certificatePem: forge.pki.certificateToPem(cert),
    agencyName,
  };
}

/** Reads the agency's P12, creating one (with its .cert.pem and .pass beside it) where allowed. */
export function loadPdfSigner(file: string, passphrase: string | undefined, agencyName: string, create: boolean): PdfSigner {
  const certFile = `${file}.cert.pem`;
  const passFile = `${file}.pass`;
  if (!fs.existsSync(file)) {
    if (!create) throw new Error(`agency PDF signing certificate ${file} is missing (AGENCY_PDF_P12_FILE)`);
    const s = createPdfSigner(agencyName);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, s.p12, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(passFile, s.passphrase, { mode: 0o600 });
    fs.writeFileSync(certFile, s.certificatePem, { mode: 0o644 });
    return s;
  }
  const p12 = fs.readFileSync(file);
  const pass = passphrase ?? fs.readFileSync(passFile, 'utf8').trim();
  const bags = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), pass).getBags({ bagType: forge.pki.oids.certBag! });
  const cert = bags[forge.pki.oids.certBag!]?.[0]?.cert;
  if (!cert) throw new Error(`${file} holds no certificate`);
  return { p12, passphrase: pass, certificatePem: forge.pki.certificateToPem(cert), agencyName };
}

/** Adds the signature field to a document being built (before it is saved). */
export function addSignaturePlaceholder(doc: PDFDocument, signer: PdfSigner, when: Date, reason = '笔录定稿（电子签章）'): void {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason,
    contactInfo: signer.agencyName,
    name: signer.agencyName,
    location: signer.agencyName,
    signingTime: when,
    signatureLength: 8192,
    appName: 'remote-hearing',
  });
}

/** Signs a saved document that has a placeholder. */
export async function signPdf(bytes: Uint8Array, signer: PdfSigner, when: Date): Promise<Buffer> {
  return signpdf.sign(Buffer.from(bytes), new P12Signer(signer.p12, { passphrase: signer.passphrase }), when);
}

export type PdfSignatureCheck =
  | { ok: true; signer: string; signedAt: string | null; certificateSha256: string; coversWholeFile: true }
  | { ok: false; problem: string };

const certFingerprint = (pem: string): string =>
  createHash('sha256')
    .update(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes(), 'binary'))
    .digest('hex');

// NOTE: @types/node-forge lacks fromDer's options object (node-forge >= 1.3); parseAllBytes:false
// reads one value and leaves the rest of the buffer unread.
const fromDerPrefix = forge.asn1.fromDer as unknown as (der: forge.util.ByteStringBuffer, o: { parseAllBytes: boolean }) => forge.asn1.Asn1;

/** Checks the last signature of a PDF: the byte range covers the whole file, the digest matches, the certificate signed it. */
export function checkPdfSignature(pdf: Buffer, expectedCertPem?: string): PdfSignatureCheck {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return { ok: false, problem: 'the document carries no signature (/ByteRange missing)' };
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 120));
  if (!m) return { ok: false, problem: 'the signature byte range is malformed' };
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || c + d !== pdf.length || c <= a + b)
    return { ok: false, problem: 'the signature does not cover the whole file (bytes were added or removed)' };
  const hex = text.slice(a + b + 1, c - 1);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2) return { ok: false, problem: 'the signature contents are damaged' };
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  // NOTE: the placeholder holds one DER value followed by zero padding. Parse exactly one value and
  // require the rest to be zeros; stripping trailing "00" instead cut the signature of one document
  // in 256 (those whose RSA signature, the DER's last bytes, ends in 0x00).
  let msg: forge.pkcs7.PkcsSignedData;
  try {
    const der = forge.util.createBuffer(Buffer.from(hex, 'hex').toString('binary'));
    const asn1 = fromDerPrefix(der, { parseAllBytes: false });
    if (!/^(00)*$/.test(der.toHex())) return { ok: false, problem: 'the signature contents are damaged (data after the signature)' };
    msg = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData;
  } catch (err) {
    return { ok: false, problem: `the signature contents are damaged (${(err as Error).message})` };
  }
  const raw = (msg as unknown as { rawCapture: { signature: string; digestAlgorithm: string; authenticatedAttributes: forge.asn1.Asn1[] } })
    .rawCapture;
  const cert = msg.certificates[0];
  if (!cert || !raw?.authenticatedAttributes) return { ok: false, problem: 'the signature has no certificate or signed attributes' };
  const hashName = (forge.pki.oids[forge.asn1.derToOid(raw.digestAlgorithm)] ?? '').toLowerCase();
  if (!['sha256', 'sha384', 'sha512'].includes(hashName)) return { ok: false, problem: `unsupported digest ${hashName || 'unknown'}` };
  const attrs = raw.authenticatedAttributes;
  const digestAttr = attrs.find(
    (x) => forge.asn1.derToOid((x.value as forge.asn1.Asn1[])[0]!.value as string) === forge.pki.oids.messageDigest,
  );
  const expected = digestAttr ? (((digestAttr.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!.value as string) : '';
  if (createHash(hashName).update(signed).digest('binary') !== expected)
    return { ok: false, problem: 'the document changed after it was signed (digest mismatch)' };
  const set = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
  const pem = forge.pki.certificateToPem(cert);
  const ok = createVerify(`RSA-${hashName.toUpperCase()}`)
    .update(Buffer.from(forge.asn1.toDer(set).getBytes(), 'binary'))
    .verify(pem, Buffer.from(raw.signature, 'binary'));
  if (!ok) return { ok: false, problem: 'the signature does not verify with the certificate it carries' };
  const fp = certFingerprint(pem);
  if (expectedCertPem && certFingerprint(expectedCertPem) !== fp)
    return { ok: false, problem: 'signed with a different certificate than the agency key given' };
  const timeAttr = attrs.find(
    (x) => forge.asn1.derToOid((x.value as forge.asn1.Asn1[])[0]!.value as string) === forge.pki.oids.signingTime,
  );
  let signedAt: string | null = null;
  if (timeAttr) {
    const v = ((timeAttr.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
    signedAt = forge.asn1.utcTimeToDate(v.value as string).toISOString();
  }
  const cn = cert.subject.getField('CN') as { value?: string } | null;
  return { ok: true, signer: cn?.value ? forge.util.decodeUtf8(cn.value) : '?', signedAt, certificateSha256: fp, coversWholeFile: true };
}
