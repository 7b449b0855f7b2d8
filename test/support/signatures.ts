// Signature and fingerprint fixtures: a pen trace, the PNG a pad would make of it, and a JPEG
// the way the kiosk camera snapshot makes one (made by ffmpeg, as the camera's picture would be).
import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer): number => {
  let c = 0xffffffff;
  for (const x of b) c = (CRC[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A greyscale PNG of the strokes (one pixel per point, enough for a real image file). */
export function strokesPng(width: number, height: number, strokes: [number, number, number][][]): Buffer {
  const rows = Buffer.alloc((width + 1) * height, 255);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  for (const s of strokes)
    for (const [x, y] of s) {
      const xi = Math.round(x);
      const yi = Math.round(y);
      if (xi >= 0 && yi >= 0 && xi < width && yi < height) rows[yi * (width + 1) + 1 + xi] = 0;
    }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A handwritten-looking trace: a few strokes across a 600×200 pad, different for each seed. */
export function penStrokes(seed = 1): [number, number, number][][] {
  return Array.from({ length: 3 }, (_, s) =>
    Array.from(
      { length: 24 },
      (_, i) => [40 + s * 170 + i * 6, 100 + Math.sin((i + seed * 3 + s) / 3) * 50, i * 16] as [number, number, number],
    ),
  );
}

export function signature(seed = 1) {
  const strokes = penStrokes(seed);
  return { strokes: { width: 600, height: 200, strokes }, png: strokesPng(600, 200, strokes).toString('base64') };
}

let jpeg: string | undefined;
/** A 160×160 JPEG snapshot (ffmpeg's test pattern standing in for a finger on the kiosk camera). */
export function fingerprint() {
  jpeg ??= execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=160x160',
    '-frames:v',
    '1',
    '-f',
    'mjpeg',
    '-q:v',
    '5',
    'pipe:1',
  ]).toString('base64');
  return { method: 'camera_snapshot' as const, jpeg };
}
