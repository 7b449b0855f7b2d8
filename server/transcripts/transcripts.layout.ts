// Lays the record out into A4 pages exactly as the PDF prints them, so the detainee signs the page
// they were shown: the kiosk shows these lines, and each page's hash binds its signature.
import { createHash } from 'node:crypto';
import type { Block, Header, Line, LineStyle, Page } from './transcripts.types';

/** A4 in points, and the boxes every page shares with the PDF renderer. */
export const GEOMETRY = Object.freeze({
  width: 595.28,
  height: 841.89,
  left: 62,
  /** Text stops here; the column to the right carries the correction marks and the cross-page seal. */
  right: 595.28 - 62 - 56,
  top: 841.89 - 58,
  /** The body ends above the page's signature box, page number and footer. */
  bottom: 168,
  /** Space kept on the last page for the closing sentence and the officials' signatures. */
  closingReserve: 150,
});

export const STYLE: Record<LineStyle, { size: number; height: number }> = {
  title: { size: 20, height: 44 },
  header: { size: 11.5, height: 19 },
  notice: { size: 10.5, height: 17 },
  body: { size: 12.5, height: 22 },
};

/** Width of a string at a size, from the font that will print it. */
export type Measure = (text: string, size: number) => number;

export const CLOSING_SENTENCE = '以上笔录我看过，和我说的相符';
const PREFIX: Record<Block['kind'], string> = { q: '问：', a: '答：', note: '' };

// NOTE: basic Chinese line-breaking rules (禁则): these never start a line, so they stay with the
// character before them even if the line runs a little into the margin column.
const NO_START = new Set('，。、；：？！）」』》〉”’,.;:?!)…—');

/** Breaks one paragraph into lines no wider than `width`; a hanging indent for the lines after the first. */
export function wrap(text: string, size: number, width: number, measure: Measure, indent = ''): string[] {
  const out: string[] = [];
  const chars = [...text];
  let line = '';
  for (const ch of chars) {
    if (ch === '\n') {
      out.push(line);
      line = indent;
      continue;
    }
    const next = line + ch;
    if (measure(next, size) > width && line.trim() !== '' && !NO_START.has(ch)) {
      out.push(line);
      line = indent + ch;
    } else line = next;
  }
  out.push(line);
  return out;
}

const OFFICIALS_LABEL: Partial<Record<string, string>> = { fast_track_trial: '审 判 员', mediation: '主 持 人', plea: '检 察 官' };

function headerLines(h: Header, measure: Measure): Line[] {
  const w = GEOMETRY.right - GEOMETRY.left;
  const kv = (k: string, v: string): Line[] =>
    wrap(`${k}：${v}`, STYLE.header.size, w, measure, '　　　').map((text) => ({ text, style: 'header' as const }));
  const officials = h.officials.map((o) => o.name).join('、');
  const lines: Line[] = [{ text: h.title, style: 'title' }];
  lines.push(...kv('案　　件', `${h.caseNumber}　${h.caseTitle}`));
  lines.push(...kv('时　　间', `${h.startedAt ?? '（开始时填写）'} 至 ${h.endedAt ?? '（结束时填写）'}`));
  lines.push(...kv('地　　点', `${h.officePlace}（远程视频）；${h.custodyPlace}`));
  lines.push(...kv(OFFICIALS_LABEL[h.sessionType] ?? '讯 问 人', officials || '—'));
  lines.push(...kv('记 录 人', h.clerk?.name ?? '—'));
  if (h.subject) lines.push(...kv(h.sessionType === 'fast_track_trial' ? '被 告 人' : '被讯问人', h.subject.name));
  for (const t of wrap(h.notice, STYLE.notice.size, w, measure)) lines.push({ text: t, style: 'notice' });
  return lines;
}

function blockLines(b: Block, measure: Measure): Line[] {
  const w = GEOMETRY.right - GEOMETRY.left;
  return wrap(PREFIX[b.kind] + b.text, STYLE.body.size, w, measure).map((text) => ({ text, style: 'body' as const, blockId: b.id }));
}

const pageHash = (p: Omit<Page, 'sha256'>): string =>
  createHash('sha256')
    .update(JSON.stringify({ number: p.number, total: p.total, lines: p.lines }), 'utf8')
    .digest('hex');

/** The pages of the record: header and blocks flowed top to bottom, room kept on the last page for the closing. */
export function layoutPages(header: Header, blocks: Block[], measure: Measure): Page[] {
  const lines = [
    ...headerLines(header, measure),
    ...blocks.filter((b) => !b.deleted && b.text.trim() !== '').flatMap((b) => blockLines(b, measure)),
  ];
  const avail = GEOMETRY.top - GEOMETRY.bottom;
  const chunks: Line[][] = [[]];
  let used = 0;
  for (const l of lines) {
    const hgt = STYLE[l.style].height;
    if (used + hgt > avail && (chunks[chunks.length - 1] as Line[]).length > 0) {
      chunks.push([]);
      used = 0;
    }
    (chunks[chunks.length - 1] as Line[]).push(l);
    used += hgt;
  }
  if (used + GEOMETRY.closingReserve > avail) chunks.push([]);
  const total = chunks.length;
  return chunks.map((c, i) => {
    const p = { number: i + 1, total, lines: c };
    return { ...p, sha256: pageHash(p) };
  });
}

/** Where each line of a page sits (baseline y), shared by the PDF and the correction marks. */
export function lineBaselines(page: Page): number[] {
  let y = GEOMETRY.top;
  return page.lines.map((l) => {
    y -= STYLE[l.style].height;
    return y + STYLE[l.style].height * 0.3;
  });
}
