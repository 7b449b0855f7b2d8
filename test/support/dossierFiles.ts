// Helpers for case-file tests: real files of each accepted type (pdf-lib, ffmpeg, yazl), uploads
// over HTTP, packages fetched and unpacked, and extra databases for a second agency's instance.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import yazl from 'yazl';
import { connectDb, migrateWithOwner } from '../../server/db/db';
import { extractPackage } from '../../server/dossiers';

export async function makePdf(text: string, pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i += 1) doc.addPage([595, 842]).drawText(`${text} ${i + 1}`, { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save());
}

export function makeJpeg(size = 64): Buffer {
  return makeImage('jpg', size);
}

export function makeImage(ext: 'jpg' | 'png', size = 64): Buffer {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'image-')), `scan.${ext}`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=${size}x${size}`, '-frames:v', '1', out]);
  return fs.readFileSync(out);
}

export function makeZip(entries: { name: string; data: Buffer; compress?: boolean }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: e.compress ?? true });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

export const OFD_XML = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>',
);

/** POSTs a file body to the case's documents; `chunked` streams it without a Content-Length. */
export async function upload(
  baseUrl: string,
  token: string,
  caseId: string,
  name: string,
  body: Buffer,
  o: { origin?: 'scanned' | 'born_digital'; title?: string; chunked?: boolean } = {},
): Promise<{ status: number; body: any }> {
  const q = new URLSearchParams({ name, origin: o.origin ?? 'born_digital', ...(o.title ? { title: o.title } : {}) });
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  };
  if (o.chunked) {
    init.body = Readable.toWeb(
      Readable.from(
        (function* () {
          for (let i = 0; i < body.length; i += 65536) yield body.subarray(i, i + 65536);
        })(),
      ),
    ) as unknown as ReadableStream;
    init.duplex = 'half';
  } else {
    init.body = new Uint8Array(body);
  }
  const res = await fetch(`${baseUrl}/api/cases/${caseId}/documents?${q}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

/** Downloads a package as tar and unpacks it into a new folder. */
export async function fetchPackage(baseUrl: string, token: string, packageId: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/dossier-packages/${packageId}/download`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`download ${packageId}: ${res.status} ${await res.text()}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-'));
  await extractPackage(Readable.fromWeb(res.body as never), dir, { maxBytes: 1 << 30, maxEntries: 100_000 });
  return dir;
}

/** A copy of a folder (files made writable) to tamper with. */
export function copyTree(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tamper-'));
  fs.cpSync(src, dir, { recursive: true });
  const chmod = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) chmod(p);
      else fs.chmodSync(p, 0o644);
    }
  };
  chmod(dir);
  return dir;
}

export function flipByte(file: string, at?: number): void {
  const b = fs.readFileSync(file);
  const i = at ?? Math.floor(b.length / 2);
  b[i] = b[i]! ^ 0x01;
  fs.chmodSync(file, 0o644);
  fs.writeFileSync(file, b);
}

/** A fresh, migrated database on the test Postgres server: another agency's instance. */
export async function createAgencyDatabase(label: string): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hearing_${label}_${randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/g, '_');
  const owner = connectDb(base, { max: 1 });
  try {
    await owner.raw(`CREATE DATABASE ${name}`);
  } finally {
    await owner.destroy();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  await migrateWithOwner(u.toString());
  return u.toString();
}
