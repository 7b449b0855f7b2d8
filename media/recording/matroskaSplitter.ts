// Splits a live Matroska stream (ffmpeg `-f matroska -live 1`: an unknown-size Segment whose
// Clusters have known sizes) into its header and its clusters, by walking the EBML elements; it
// never searches for byte patterns inside media data. Each cluster can be appended to a copy of
// the header to make a file that any Matroska reader opens on its own.

const ID_EBML = 0x1a45dfa3;
const ID_SEGMENT = 0x18538067;
const ID_CLUSTER = 0x1f43b675;
const ID_TIMECODE = 0xe7;
const ID_SIMPLEBLOCK = 0xa3;
const ID_BLOCKGROUP = 0xa0;
const ID_BLOCK = 0xa1;

type Vint = { value: number; length: number; unknown: boolean };

/** Reads an EBML variable-length integer; `keepMarker` for element IDs. Null when more bytes are needed. */
function readVint(buf: Buffer, at: number, keepMarker: boolean): Vint | null {
  if (at >= buf.length) return null;
  const first = buf[at] as number;
  let length = 1;
  let mask = 0x80;
  while (length <= 8 && (first & mask) === 0) {
    mask >>= 1;
    length += 1;
  }
  if (length > 8) throw new Error(`invalid EBML variable-length integer at byte ${at}`);
  if (at + length > buf.length) return null;
  let value = keepMarker ? first : first & (mask - 1);
  let allOnes = (first & (mask - 1)) === mask - 1;
  for (let k = 1; k < length; k += 1) {
    const b = buf[at + k] as number;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** A complete cluster: its bytes, its timecode and the time of its last block (ms, stream clock). */
export type Cluster = { bytes: Buffer; timecodeMs: number; lastBlockMs: number };
export type SplitterEvents = { header(bytes: Buffer): void; cluster(c: Cluster): void };

/** Push bytes in with `write`; the header is reported once, then every complete cluster. */
export class MatroskaSplitter {
  #buf: Buffer = Buffer.alloc(0);
  #inSegment = false;
  #header: Buffer[] = [];
  #headerDone = false;
  readonly #on: SplitterEvents;

  constructor(on: SplitterEvents) {
    this.#on = on;
  }

  /** Bytes received but not yet part of a complete element (a cut-off cluster when the stream dies). */
  get pending(): number {
    return this.#buf.length;
  }

  write(chunk: Buffer): void {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const id = readVint(this.#buf, at, true);
      const size = id && readVint(this.#buf, at + id.length, false);
      if (!id || !size) break;
      const head = id.length + size.length;
      if (!this.#inSegment) {
        if (id.value === ID_SEGMENT) {
          if (!size.unknown) throw new Error('expected a live Matroska stream (Segment of unknown size)');
          this.#header.push(this.#buf.subarray(at, at + head));
          this.#inSegment = true;
          at += head;
          continue;
        }
        if (id.value !== ID_EBML) throw new Error(`unexpected top-level element 0x${id.value.toString(16)}`);
      }
      if (size.unknown) throw new Error(`element 0x${id.value.toString(16)} of unknown size inside the Segment`);
      const end = at + head + size.value;
      if (end > this.#buf.length) break;
      const bytes = Buffer.from(this.#buf.subarray(at, end));
      if (id.value === ID_CLUSTER) {
        if (!this.#headerDone) {
          this.#headerDone = true;
          this.#on.header(Buffer.concat(this.#header));
        }
        this.#on.cluster({ bytes, ...clusterTimes(bytes, head) });
      } else if (!this.#headerDone) {
        this.#header.push(bytes);
      }
      // NOTE: elements after the first cluster other than clusters (tags, cues) are not media; a
      // live stream does not write them, and they are not needed to read the segments.
      at = end;
    }
    this.#buf = at ? Buffer.from(this.#buf.subarray(at)) : this.#buf;
  }
}

/** Walks the elements of `buf` between `from` and `to`, calling `f(id, start, size)` for each. */
function walk(buf: Buffer, from: number, to: number, f: (id: number, start: number, size: number) => void): void {
  let at = from;
  while (at < to) {
    const id = readVint(buf, at, true);
    const size = id && readVint(buf, at + id.length, false);
    if (!id || !size) return;
    const start = at + id.length + size.length;
    f(id.value, start, size.value);
    at = start + size.value;
  }
}

/** The cluster's timecode and its last block's time (block time = cluster timecode + signed 16-bit offset). */
function clusterTimes(cluster: Buffer, headerLength: number): { timecodeMs: number; lastBlockMs: number } {
  let timecodeMs = 0;
  let maxOffset = 0;
  const block = (start: number) => {
    const track = readVint(cluster, start, false);
    if (track && start + track.length + 2 <= cluster.length) maxOffset = Math.max(maxOffset, cluster.readInt16BE(start + track.length));
  };
  walk(cluster, headerLength, cluster.length, (id, start, size) => {
    if (id === ID_TIMECODE) {
      let v = 0;
      for (let k = 0; k < size; k += 1) v = v * 256 + (cluster[start + k] as number);
      timecodeMs = v;
    } else if (id === ID_SIMPLEBLOCK) block(start);
    else if (id === ID_BLOCKGROUP)
      walk(cluster, start, start + size, (bid, bstart) => {
        if (bid === ID_BLOCK) block(bstart);
      });
  });
  return { timecodeMs, lastBlockMs: timecodeMs + maxOffset };
}
