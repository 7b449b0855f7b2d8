// Offline check of a final record (hearing verify transcript.pdf): the agency's PDF signature over
// the whole file, the references it carries (verification code, page count), and, when the
// recording's manifest is at hand, that it is the manifest the record names.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { parseKeywords, verificationCode, type References } from './transcripts.code';
import { checkPdfSignature } from './transcripts.pdfSign';

export type TranscriptVerifyReport = {
  ok: boolean;
  file: string;
  problems: string[];
  signer: string | null;
  signedAt: string | null;
  certificate: 'given' | 'enclosed';
  pages: number | null;
  references: References | null;
  manifest: { file: string; sha256: string; sm3: string; matches: boolean } | null;
};

export async function verifyTranscriptPdf(
  file: string,
  opts: { certificatePem?: string; manifest?: string } = {},
): Promise<TranscriptVerifyReport> {
  const pdf = fs.readFileSync(file);
  const report: TranscriptVerifyReport = {
    ok: false,
    file,
    problems: [],
    signer: null,
    signedAt: null,
    certificate: opts.certificatePem ? 'given' : 'enclosed',
    pages: null,
    references: null,
    manifest: null,
  };
  const sig = checkPdfSignature(pdf, opts.certificatePem);
  if (sig.ok) {
    report.signer = sig.signer;
    report.signedAt = sig.signedAt;
  } else report.problems.push(sig.problem);
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    report.pages = doc.getPageCount();
    const refs = parseKeywords(doc.getKeywords() ?? '');
    report.references = refs;
    if (!refs) report.problems.push('the document carries no record references (keywords)');
    else {
      if (verificationCode(refs.sessionId, refs.transcriptId, refs.contentSha256, refs.manifests) !== refs.code)
        report.problems.push(`verification code ${refs.code} does not match the references`);
      if (refs.pages !== report.pages) report.problems.push(`the record says ${refs.pages} pages but the file has ${report.pages}`);
    }
  } catch (err) {
    report.problems.push(`the file is not a readable PDF (${(err as Error).message})`);
  }
  if (opts.manifest) {
    const mf = fs.statSync(opts.manifest).isDirectory() ? path.join(opts.manifest, 'manifest.json') : opts.manifest;
    const bytes = fs.readFileSync(mf);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const sm3 = createHash('sm3').update(bytes).digest('hex');
    const matches = report.references?.manifests.some((m) => m.sha256 === sha256 && m.sm3 === sm3) ?? false;
    report.manifest = { file: mf, sha256, sm3, matches };
    if (!matches) report.problems.push(`${mf} is not a recording manifest this record names (SHA-256 ${sha256.slice(0, 16)}… differs)`);
  }
  report.ok = report.problems.length === 0;
  return report;
}
