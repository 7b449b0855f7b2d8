// The CJK font the record is printed in (Debian fonts-noto-cjk, Serif SC: the 宋体 style of
// official documents). Metrics come from the full face; the PDF embeds a subset of only the
// characters used, cut by HarfBuzz (pdf-lib's own CFF subsetting produces broken CID fonts).
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import subsetFont from 'subset-font';
import type { Measure } from './transcripts.layout';

export const DEFAULT_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const FACE = /CJKsc-Regular$/;

type Loaded = { otf: Buffer; metrics: fontkit.Font; widths: Map<number, number> };
const cache = new Map<string, Loaded>();

/** Copies face `index` of a TrueType/OpenType collection into a standalone font file. */
function extractFace(ttc: Buffer, index: number): Buffer {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return ttc;
  const off = ttc.readUInt32BE(12 + 4 * index);
  const numTables = ttc.readUInt16BE(off + 4);
  const dirLen = 12 + 16 * numTables;
  const tables = Array.from({ length: numTables }, (_, i) => {
    const r = off + 12 + 16 * i;
    return {
      tag: ttc.toString('latin1', r, r + 4),
      sum: ttc.readUInt32BE(r + 4),
      at: ttc.readUInt32BE(r + 8),
      len: ttc.readUInt32BE(r + 12),
    };
  });
  const out = Buffer.alloc(dirLen + tables.reduce((n, t) => n + ((t.len + 3) & ~3), 0));
  ttc.copy(out, 0, off, off + 12);
  let pos = dirLen;
  tables.forEach((t, i) => {
    const r = 12 + 16 * i;
    out.write(t.tag, r, 'latin1');
    out.writeUInt32BE(t.sum, r + 4);
    out.writeUInt32BE(pos, r + 8);
    out.writeUInt32BE(t.len, r + 12);
    ttc.copy(out, pos, t.at, t.at + t.len);
    pos += (t.len + 3) & ~3;
  });
  return out;
}

function load(file: string): Loaded {
  const hit = cache.get(file);
  if (hit) return hit;
  const bytes = fs.readFileSync(file);
  let otf: Buffer = bytes;
  if (bytes.toString('latin1', 0, 4) === 'ttcf') {
    const count = bytes.readUInt32BE(8);
    const index = Array.from({ length: count }, (_, i) => i).find((i) =>
      FACE.test(fontkit.create(extractFace(bytes, i)).postscriptName ?? ''),
    );
    if (index === undefined) throw new Error(`${file} has no Simplified Chinese face`);
    otf = extractFace(bytes, index);
  }
  const loaded = { otf, metrics: fontkit.create(otf), widths: new Map<number, number>() };
  cache.set(file, loaded);
  return loaded;
}

/** Text width in points at a size (per-character advances; CJK text has no kerning). */
export function measureWith(file: string): Measure {
  const f = load(file);
  const per = (cp: number): number => {
    let w = f.widths.get(cp);
    if (w === undefined) {
      w = f.metrics.glyphForCodePoint(cp).advanceWidth / f.metrics.unitsPerEm;
      f.widths.set(cp, w);
    }
    return w;
  };
  return (text, size) => {
    let w = 0;
    for (const ch of text) w += per(ch.codePointAt(0) as number);
    return w * size;
  };
}

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** The font cut down to the characters of `text` and printable ASCII (hashes, ids, codes). */
export async function subsetFor(file: string, text: string): Promise<Buffer> {
  return subsetFont(load(file).otf, [...new Set(ASCII + text)].join(''), { targetFormat: 'sfnt' });
}
