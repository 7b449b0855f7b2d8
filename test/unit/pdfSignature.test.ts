import { PDFDocument } from 'pdf-lib';
import { addSignaturePlaceholder, createPdfSigner, signPdf } from '../../server/transcripts';
import { checkPdfSignature } from '../../server/transcripts/transcripts.pdfSign';

// The signature's CMS sits in a zero-padded hex placeholder; the last bytes of its DER are the RSA
// signature, which ends in 0x00 for one document in 256.
const contentsOf = (pdf: Buffer): { start: number; hex: string } => {
  const text = pdf.toString('latin1');
  const m = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)/.exec(text.slice(text.lastIndexOf('/ByteRange')));
  const [b, c] = [Number(m?.[1]), Number(m?.[2])];
  return { start: b + 1, hex: text.slice(b + 1, c - 1) };
};
const derLength = (hex: string): number => {
  const first = Number.parseInt(hex.slice(2, 4), 16);
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  return 2 + n + Number.parseInt(hex.slice(4, 4 + 2 * n), 16);
};

describe('PDF signature check', () => {
  const signer = createPdfSigner('测试公安局');
  let unsigned: Uint8Array;
  const when = new Date('2026-12-05T08:00:00Z');

  beforeAll(async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    addSignaturePlaceholder(doc, signer, when);
    unsigned = await doc.save({ useObjectStreams: false });
  });

  it('verifies a signature whose last byte is 0x00 (it sits against the zero padding)', async () => {
    let found: Buffer | null = null;
    for (let i = 0; i < 4000 && !found; i++) {
      const pdf = await signPdf(unsigned, signer, new Date(when.getTime() + i * 1000));
      const { hex } = contentsOf(pdf);
      if (hex.slice(2 * derLength(hex) - 2, 2 * derLength(hex)) === '00') found = pdf;
    }
    expect(found).not.toBeNull();
    expect(checkPdfSignature(found as Buffer, signer.certificatePem)).toMatchObject({ ok: true, coversWholeFile: true });
  }, 300_000);

  it('refuses bytes written into the padding after the signature', async () => {
    const pdf = await signPdf(unsigned, signer, when);
    expect(checkPdfSignature(pdf, signer.certificatePem).ok).toBe(true);
    const { start, hex } = contentsOf(pdf);
    const at = start + 2 * derLength(hex) + 10;
    const changed = Buffer.from(pdf);
    changed.write('ab', at, 'latin1');
    expect(checkPdfSignature(changed, signer.certificatePem)).toEqual({
      ok: false,
      problem: 'the signature contents are damaged (data after the signature)',
    });
  });
});
