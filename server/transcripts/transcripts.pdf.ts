// Prints the record: A4 pages exactly as laid out for confirmation, each with the detainee's
// signature and fingerprint, 「第 X 页 共 Y 页」, the footer (session, recording manifest hashes,
// verification code) and its strip of the cross-page seal; correction marks in the margin; the
// closing sentence, the officials' signatures and the agency's seal on the last page.
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { subsetFor } from './transcripts.font';
import { CLOSING_SENTENCE, GEOMETRY, lineBaselines, STYLE } from './transcripts.layout';
import { drawSeal, drawSealSlice } from './transcripts.seal';
import type { Header, Page, Strokes } from './transcripts.types';

type Mark = { strokes: Strokes; fingerprint: Buffer | null };
export type ManifestRef = { part: number; sha256: string; sm3: string };

/** Everything the printed record shows. */
export type PrintModel = {
  header: Header;
  pages: Page[];
  /** The person questioned's signature (and fingerprint) per page number. */
  pageMarks: Map<number, Mark>;
  corrections: (Mark & { blockId: string })[];
  closing: { mode: 'handwritten' | 'typed'; strokes: Strokes | null; text: string; signedAt: string } | null;
  officials: { name: string; role: string; strokes: Strokes; signedAt: string }[];
  /** In a session without a detainee: each party's signature under the whole record. */
  parties: { name: string; strokes: Strokes; signedAt: string }[];
  footer: { sessionId: string; manifests: ManifestRef[]; verificationCode: string };
  agencyName: string;
  /** A draft carries a watermark and is never signed. */
  draft: boolean;
  metadata: { title: string; subject: string; keywords: string[]; createdAt: Date };
};

const INK = rgb(0.08, 0.12, 0.35);
// NOTE: pdf-lib reads a Uint8Array through its ArrayBuffer from offset 0; a small Node Buffer is a
// slice of a shared pool, so every byte array handed to it is copied into its own buffer first.
export const ownBytes = (b: Uint8Array): Uint8Array => Uint8Array.from(b);
const own = ownBytes;
const GREY = rgb(0.35, 0.35, 0.35);
const SEAL_GROUP = 10;

export function drawStrokes(page: PDFPage, s: Strokes, x: number, top: number, w: number, h: number): void {
  const scale = Math.min(w / s.width, h / s.height);
  for (const stroke of s.strokes) {
    if (stroke.length === 0) continue;
    const pts = stroke.length === 1 ? [stroke[0], stroke[0]] : stroke;
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'} ${(p as number[])[0]!.toFixed(1)} ${(p as number[])[1]!.toFixed(1)}`).join(' ');
    page.drawSvgPath(d, { x, y: top, scale, borderColor: INK, borderWidth: 1.6 / scale, borderLineCap: 1 });
  }
}

function collectText(m: PrintModel): string {
  const parts = [
    m.header.title,
    m.agencyName,
    '骑缝章',
    '笔录专用章',
    '被讯问人被告人签名捺印讯问人审判员记录人更正处：（）。手写经本人在羁押室终端确认',
    '同步录音录像清单会话校验码草稿未经签名确认第页共尚未封存「」',
    CLOSING_SENTENCE,
    ...footerLines(m),
    m.closing?.text ?? '',
    ...m.officials.map((o) => o.name + o.signedAt),
    ...m.parties.map((o) => o.name + o.signedAt),
    '当事人调解员以上笔录已阅，无误',
    m.closing?.signedAt ?? '',
    m.header.subject?.name ?? '',
  ];
  for (const p of m.pages) for (const l of p.lines) parts.push(l.text);
  return parts.join('');
}

function footerLines(m: PrintModel): string[] {
  const f = m.footer;
  return [
    `会话 ${f.sessionId}　校验码 ${f.verificationCode}`,
    ...(f.manifests.length
      ? f.manifests.flatMap((r) => [`同步录音录像清单(${r.part}) SHA-256 ${r.sha256}`, `同步录音录像清单(${r.part}) SM3 ${r.sm3}`])
      : ['同步录音录像清单：（尚未封存）']),
  ];
}

const OFFICIAL_LABEL: Partial<Record<string, string>> = { fast_track_trial: '审判员', mediation: '调解员', plea: '检察官' };

function subjectLabel(h: Header): string {
  return h.sessionType === 'fast_track_trial' ? '被告人' : '被讯问人';
}

function drawPageFrame(page: PDFPage, font: PDFFont, m: PrintModel, p: Page, fp: PDFImage | null): void {
  const left = GEOMETRY.left;
  // The person questioned's box: signature and fingerprint for this page (a record signed by the parties has none).
  if (m.header.subject) drawSubjectBox(page, font, m, p, fp);
  const pn = `第 ${p.number} 页 共 ${p.total} 页`;
  page.drawText(pn, { x: (GEOMETRY.width - font.widthOfTextAtSize(pn, 10.5)) / 2, y: 78, size: 10.5, font });
  for (const [i, line] of footerLines(m).entries()) page.drawText(line, { x: left, y: 54 - i * 7.5, size: 5.6, font, color: GREY });
  if (m.draft) {
    page.drawText('草稿　未经签名确认', {
      x: 140,
      y: 360,
      size: 46,
      font,
      color: rgb(0.75, 0.75, 0.75),
      opacity: 0.35,
      rotate: degrees(35),
    });
  }
}

function drawSubjectBox(page: PDFPage, font: PDFFont, m: PrintModel, p: Page, fp: PDFImage | null): void {
  const left = GEOMETRY.left;
  page.drawText(`${subjectLabel(m.header)}签名：`, { x: left, y: 128, size: 11, font });
  page.drawRectangle({ x: left + 78, y: 104, width: 170, height: 50, borderColor: GREY, borderWidth: 0.4, opacity: 0 });
  page.drawText('捺印：', { x: left + 262, y: 128, size: 11, font });
  page.drawRectangle({ x: left + 296, y: 104, width: 50, height: 50, borderColor: GREY, borderWidth: 0.4, opacity: 0 });
  const mark = m.pageMarks.get(p.number);
  if (mark) drawStrokes(page, mark.strokes, left + 80, 152, 166, 46);
  if (fp) page.drawImage(fp, { x: left + 298, y: 106, width: 46, height: 46 });
}

function drawLines(page: PDFPage, font: PDFFont, p: Page): void {
  const ys = lineBaselines(p);
  p.lines.forEach((l, i) => {
    const size = STYLE[l.style].size;
    const x = l.style === 'title' ? (GEOMETRY.width - font.widthOfTextAtSize(l.text, size)) / 2 : GEOMETRY.left;
    page.drawText(l.text, { x, y: ys[i] as number, size, font });
  });
}

function drawLastPage(page: PDFPage, font: PDFFont, m: PrintModel): void {
  const left = GEOMETRY.left;
  if (m.closing) {
    if (m.closing.mode === 'handwritten' && m.closing.strokes) {
      page.drawText(`${subjectLabel(m.header)}手写「${CLOSING_SENTENCE}」：`, { x: left, y: 318, size: 9.5, font, color: GREY });
      drawStrokes(page, m.closing.strokes, left + 20, 312, 300, 40);
    } else page.drawText(`${m.closing.text}。（经本人在羁押室终端确认）`, { x: left, y: 296, size: 12.5, font });
    page.drawText(m.closing.signedAt, { x: left + 300, y: 276, size: 10, font, color: GREY });
  }
  if (m.parties.length) {
    page.drawText('以上笔录已阅，无误。当事人签名：', { x: left, y: 318, size: 10.5, font });
    m.parties.forEach((o, k) => {
      const x = left + (k % 3) * 150;
      const y = 296 - Math.floor(k / 3) * 44;
      drawStrokes(page, o.strokes, x, y, 110, 30);
      page.drawText(`${o.name} ${o.signedAt.slice(0, 11)}`, { x, y: y - 36, size: 8, font, color: GREY });
    });
  }
  const label = OFFICIAL_LABEL[m.header.sessionType] ?? '讯问人';
  let x = left;
  for (const o of m.officials) {
    page.drawText(`${o.role === 'clerk' ? '记录人' : label}：`, { x, y: 232, size: 11, font });
    drawStrokes(page, o.strokes, x + 48, 252, 90, 34);
    page.drawText(o.signedAt.slice(0, 11), { x: x + 48, y: 204, size: 8, font, color: GREY });
    x += 150;
    if (x > GEOMETRY.right - 120) x = left;
  }
  drawSeal(page, font, GEOMETRY.right - 40, 236, 104, m.agencyName, '笔录专用章');
}

/** Builds the PDF (unsigned bytes with the model's metadata); the caller adds the signature. */
export async function renderTranscript(m: PrintModel, fontFile: string, beforeSave?: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // NOTE: no ligatures: "ff" in a hash must stay two characters for readers and text extraction.
  const font = await doc.embedFont(own(await subsetFor(fontFile, collectText(m))), {
    subset: false,
    features: { liga: false, clig: false, dlig: false, hlig: false },
  });
  const blockFirst = new Map<string, { page: number; line: number }>();
  for (const p of m.pages)
    p.lines.forEach((l, i) => {
      if (l.blockId && !blockFirst.has(l.blockId)) blockFirst.set(l.blockId, { page: p.number, line: i });
    });
  const pages: PDFPage[] = [];
  for (const p of m.pages) {
    const page = doc.addPage([GEOMETRY.width, GEOMETRY.height]);
    pages.push(page);
    drawLines(page, font, p);
    const fpBytes = m.pageMarks.get(p.number)?.fingerprint;
    drawPageFrame(page, font, m, p, fpBytes ? await doc.embedJpg(own(fpBytes)) : null);
    const group = Math.floor((p.number - 1) / SEAL_GROUP);
    const inGroup = Math.min(SEAL_GROUP, m.pages.length - group * SEAL_GROUP);
    if (inGroup > 1) drawSealSlice(page, font, (p.number - 1) % SEAL_GROUP, inGroup, 440, 96, m.agencyName);
  }
  for (const c of m.corrections) {
    const at = blockFirst.get(c.blockId);
    const p = at ? m.pages[at.page - 1] : undefined;
    const page = at ? pages[at.page - 1] : undefined;
    if (!at || !p || !page) continue;
    const y = (lineBaselines(p)[at.line] as number) - 4;
    page.drawText('更正处', { x: GEOMETRY.right + 6, y: y + 14, size: 6.5, font, color: GREY });
    drawStrokes(page, c.strokes, GEOMETRY.right + 4, y + 12, 30, 14);
    if (c.fingerprint) page.drawImage(await doc.embedJpg(own(c.fingerprint)), { x: GEOMETRY.right + 36, y: y - 3, width: 14, height: 14 });
  }
  const last = pages[pages.length - 1];
  if (last) drawLastPage(last, font, m);
  doc.setTitle(m.metadata.title);
  doc.setSubject(m.metadata.subject);
  doc.setAuthor(m.agencyName);
  doc.setKeywords(m.metadata.keywords);
  doc.setCreator('远程提讯/远程庭审协同平台 (remote-hearing)');
  doc.setProducer('remote-hearing transcripts with pdf-lib');
  doc.setCreationDate(m.metadata.createdAt);
  doc.setModificationDate(m.metadata.createdAt);
  doc.setLanguage('zh-CN');
  beforeSave?.(doc);
  return doc.save({ useObjectStreams: false });
}
