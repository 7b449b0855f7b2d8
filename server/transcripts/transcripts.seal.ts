// The agency's seal drawn in vector form: the full seal on the last page and, split across the
// right edges of the pages, the cross-page seal (骑缝章) that shows no page was swapped.
import { clip, degrees, endPath, popGraphicsState, pushGraphicsState, rectangle, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const RED = rgb(0.82, 0.08, 0.1);

function starPath(r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.38;
    pts.push(`${(rr * Math.cos(a)).toFixed(2)} ${(rr * Math.sin(a)).toFixed(2)}`);
  }
  return `M ${pts.join(' L ')} Z`;
}

/** Draws a round seal centred at (cx, cy): ring, star, the agency's name along the top arc and a label below. */
export function drawSeal(page: PDFPage, font: PDFFont, cx: number, cy: number, diameter: number, name: string, label: string): void {
  const r = diameter / 2;
  page.drawCircle({
    x: cx,
    y: cy,
    size: r - 1.5,
    borderColor: RED,
    borderWidth: Math.max(1.5, diameter / 40),
    opacity: 0,
    borderOpacity: 0.85,
  });
  page.drawSvgPath(starPath(r * 0.27), { x: cx, y: cy, color: RED, opacity: 0.85, borderWidth: 0 });
  const chars = [...name];
  const size = Math.min(r * 0.24, (Math.PI * 1.25 * (r * 0.72)) / Math.max(chars.length, 1));
  const span = Math.min(Math.PI * 1.3, (chars.length * size * 1.05) / (r * 0.72));
  chars.forEach((ch, i) => {
    const a = Math.PI / 2 + span / 2 - (chars.length === 1 ? span / 2 : (i * span) / (chars.length - 1));
    const rr = r * 0.72;
    const x = cx + rr * Math.cos(a);
    const y = cy + rr * Math.sin(a);
    const rot = a - Math.PI / 2;
    // NOTE: pdf-lib rotates text about its origin (bottom-left); shift by half a glyph so each sits centred on the arc.
    const ox = (-size / 2) * Math.cos(rot) + (size / 3) * Math.sin(rot);
    const oy = (-size / 2) * Math.sin(rot) - (size / 3) * Math.cos(rot);
    page.drawText(ch, { x: x + ox, y: y + oy, size, font, color: RED, opacity: 0.85, rotate: degrees((rot * 180) / Math.PI) });
  });
  const ls = size * 0.8;
  const w = font.widthOfTextAtSize(label, ls);
  page.drawText(label, { x: cx - w / 2, y: cy - r * 0.55, size: ls, font, color: RED, opacity: 0.85 });
}

/**
 * The slice of the cross-page seal that belongs on page `index` of `count` pages in its group:
 * the seal is cut into `count` vertical strips and each page shows its strip at its right edge.
 */
export function drawSealSlice(
  page: PDFPage,
  font: PDFFont,
  index: number,
  count: number,
  cy: number,
  diameter: number,
  name: string,
): void {
  const strip = diameter / count;
  const { width } = page.getSize();
  const left = width - strip - index * strip;
  page.pushOperators(pushGraphicsState(), rectangle(width - strip, cy - diameter / 2 - 2, strip, diameter + 4), clip(), endPath());
  drawSeal(page, font, left + diameter / 2, cy, diameter, name, '骑缝章');
  page.pushOperators(popGraphicsState());
}
