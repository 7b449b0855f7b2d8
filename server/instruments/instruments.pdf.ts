// Prints an instrument: its title and case number, its text as it was signed, each signer's
// signature (the detainee's with the fingerprint) with the time, the agency's seal, and on every
// page 「第 X 页 共 Y 页」 and the footer (session, recording manifests, verification code).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { drawSeal, drawStrokes, GEOMETRY, type ManifestRef, ownBytes, subsetFor, type Strokes, wrapText } from '../transcripts';
import type { InstrumentBody } from './instruments.types';

export type InstrumentPrint = {
  body: InstrumentBody;
  signatures: { label: string; name: string; strokes: Strokes; fingerprint: Buffer | null; signedAt: string }[];
  agencyName: string;
  sealLabel: string;
  footer: { sessionId: string; manifests: ManifestRef[]; verificationCode: string };
  /** Keywords are given the page count, which is known once the text is laid out. */
  metadata: { title: string; subject: string; keywords: (pages: number) => string[]; createdAt: Date };
};

const GREY = rgb(0.35, 0.35, 0.35);
const SIZE = 12.5;
const LEAD = 22;
const ROW = 58;
const FOOTER_TOP = 96;

function footerLines(m: InstrumentPrint): string[] {
  const f = m.footer;
  return [
    `会话 ${f.sessionId}　校验码 ${f.verificationCode}`,
    ...f.manifests.flatMap((r) => [`同步录音录像清单(${r.part}) SHA-256 ${r.sha256}`, `同步录音录像清单(${r.part}) SM3 ${r.sm3}`]),
  ];
}

function allText(m: InstrumentPrint): string {
  return [
    m.body.title,
    m.body.caseNumber,
    ...m.body.paragraphs,
    ...m.signatures.map((s) => s.label + s.name + s.signedAt),
    m.agencyName,
    m.sealLabel,
    ...footerLines(m),
    '第页共签名捺印：',
  ].join('');
}

/** Builds the PDF (unsigned bytes with the model's metadata); the caller adds the agency's signature. */
export async function renderInstrument(m: InstrumentPrint, fontFile: string, beforeSave?: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font: PDFFont = await doc.embedFont(ownBytes(await subsetFor(fontFile, allText(m))), {
    subset: false,
    features: { liga: false, clig: false, dlig: false, hlig: false },
  });
  const measure = (t: string, size: number) => font.widthOfTextAtSize(t, size);
  const width = GEOMETRY.right - GEOMETRY.left + 40;
  const pages: PDFPage[] = [];
  let page = doc.addPage([GEOMETRY.width, GEOMETRY.height]);
  pages.push(page);
  let y = GEOMETRY.top;
  const room = (h: number) => {
    if (y - h < FOOTER_TOP) {
      page = doc.addPage([GEOMETRY.width, GEOMETRY.height]);
      pages.push(page);
      y = GEOMETRY.top;
    }
  };
  page.drawText(m.body.title, { x: (GEOMETRY.width - measure(m.body.title, 20)) / 2, y, size: 20, font });
  y -= 30;
  page.drawText(m.body.caseNumber, { x: GEOMETRY.right + 40 - measure(m.body.caseNumber, 11), y, size: 11, font });
  y -= 30;
  for (const para of m.body.paragraphs)
    for (const line of wrapText(para, SIZE, width, measure)) {
      room(LEAD);
      page.drawText(line, { x: GEOMETRY.left, y, size: SIZE, font });
      y -= LEAD;
    }
  y -= 12;
  for (const s of m.signatures) {
    room(ROW);
    page.drawText(`${s.label}${s.fingerprint ? '签名捺印' : '签名'}：`, { x: GEOMETRY.left, y: y - 24, size: 11, font });
    drawStrokes(page, s.strokes, GEOMETRY.left + 120, y, 150, 42);
    if (s.fingerprint)
      page.drawImage(await doc.embedJpg(ownBytes(s.fingerprint)), { x: GEOMETRY.left + 280, y: y - 44, width: 42, height: 42 });
    page.drawText(`${s.name}　${s.signedAt}`, { x: GEOMETRY.left + 330, y: y - 24, size: 9, font, color: GREY });
    y -= ROW;
  }
  room(110);
  drawSeal(page, font, GEOMETRY.right - 20, y - 50, 100, m.agencyName, m.sealLabel);
  pages.forEach((p, i) => {
    const pn = `第 ${i + 1} 页 共 ${pages.length} 页`;
    p.drawText(pn, { x: (GEOMETRY.width - measure(pn, 10.5)) / 2, y: 78, size: 10.5, font });
    for (const [k, line] of footerLines(m).entries()) p.drawText(line, { x: GEOMETRY.left, y: 54 - k * 7.5, size: 5.6, font, color: GREY });
  });
  doc.setTitle(m.metadata.title);
  doc.setSubject(m.metadata.subject);
  doc.setAuthor(m.agencyName);
  doc.setKeywords(m.metadata.keywords(pages.length));
  doc.setCreator('远程提讯/远程庭审协同平台 (remote-hearing)');
  doc.setProducer('remote-hearing instruments with pdf-lib');
  doc.setCreationDate(m.metadata.createdAt);
  doc.setModificationDate(m.metadata.createdAt);
  doc.setLanguage('zh-CN');
  beforeSave?.(doc);
  return doc.save({ useObjectStreams: false });
}
