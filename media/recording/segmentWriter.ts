// Writes a track's clusters into short, self-contained segment files (the stream header, then the
// clusters of a few seconds), hashing every byte with SHA-256 and SM3 as it is written (no second
// read) and flushing each file to disk before it is reported closed.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Cluster } from './matroskaSplitter';

export type ClosedSegment = {
  index: number;
  file: string;
  bytes: number;
  sha256: string;
  sm3: string;
  /** Media time of the first cluster and of the last block in the segment (ms, stream clock). */
  firstClusterMs: number;
  lastBlockMs: number;
  openedAt: Date;
  closedAt: Date;
};

type Open = {
  index: number;
  file: string;
  fd: number;
  bytes: number;
  sha256: Hash;
  sm3: Hash;
  firstMs: number;
  lastMs: number;
  openedAt: Date;
};

export type SegmentWriterOptions = {
  dir: string;
  prefix: string;
  segmentSeconds: number;
  firstIndex?: number;
  onClosed: (s: ClosedSegment) => void;
};

export class SegmentWriter {
  readonly #dir: string;
  readonly #prefix: string;
  readonly #segmentMs: number;
  readonly #onClosed: (s: ClosedSegment) => void;
  #header: Buffer | null = null;
  #open: Open | null = null;
  #next: number;

  constructor(o: SegmentWriterOptions) {
    this.#dir = o.dir;
    this.#prefix = o.prefix;
    this.#segmentMs = o.segmentSeconds * 1000;
    this.#onClosed = o.onClosed;
    this.#next = o.firstIndex ?? 0;
    fs.mkdirSync(this.#dir, { recursive: true });
  }

  header(bytes: Buffer): void {
    this.#header = bytes;
  }

  cluster(c: Cluster): void {
    if (!this.#header) throw new Error('a cluster arrived before the stream header');
    if (this.#open && c.timecodeMs - this.#open.firstMs >= this.#segmentMs) this.close();
    if (!this.#open) this.#openSegment(c.timecodeMs);
    this.#append(c.bytes);
    (this.#open as Open).lastMs = Math.max((this.#open as Open).lastMs, c.lastBlockMs);
  }

  /** Closes the open segment (if any): fsync, then report it with its hashes. */
  close(): ClosedSegment | null {
    const o = this.#open;
    if (!o) return null;
    this.#open = null;
    fs.fsyncSync(o.fd);
    fs.closeSync(o.fd);
    const s: ClosedSegment = {
      index: o.index,
      file: o.file,
      bytes: o.bytes,
      sha256: o.sha256.digest('hex'),
      sm3: o.sm3.digest('hex'),
      firstClusterMs: o.firstMs,
      lastBlockMs: o.lastMs,
      openedAt: o.openedAt,
      closedAt: new Date(),
    };
    this.#onClosed(s);
    return s;
  }

  #openSegment(firstMs: number): void {
    const index = this.#next++;
    const file = path.join(this.#dir, `${this.#prefix}-${String(index).padStart(6, '0')}.mkv`);
    // NOTE: 'wx': a segment file is written once; an existing file is never overwritten.
    const fd = fs.openSync(file, 'wx', 0o640);
    this.#open = {
      index,
      file,
      fd,
      bytes: 0,
      sha256: createHash('sha256'),
      sm3: createHash('sm3'),
      firstMs,
      lastMs: firstMs,
      openedAt: new Date(),
    };
    this.#append(this.#header as Buffer);
  }

  #append(bytes: Buffer): void {
    const o = this.#open as Open;
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(o.fd, bytes, off, bytes.length - off);
    o.sha256.update(bytes);
    o.sm3.update(bytes);
    o.bytes += bytes.length;
  }
}
