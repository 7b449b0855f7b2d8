// Splits a live Matroska stream (ffmpeg `-f matroska -live 1`: an unknown-size Segment whose
// Clusters have known sizes) into its header and its clusters, by walking the EBML elements; it
// never searches for byte patterns inside media data. Each cluster can be appended to a copy of
// the header to make a file that any Matroska reader opens on its own.

const ID_EBML = 0x1a45dfa3;
const ID_SEGMENT = 0x18538067;
const ID_CLUSTER = 0x1f43b675;
const ID_TIMECODE = 0xe7;

type Vint = { value: number; length: number; unknown: boolean };

/** Reads an EBML variable-length integer; `keepMarker` for element IDs. Null when more bytes are needed. */
export function readVint(buf: Buffer, at: number, keepMarker: boolean): Vint | null {
  if (at >= buf.length) return null;
  const first = buf[at] as number;
  let length = 1;
  let mask = 0x80;
  while (length <= 8 && (first & mask) === 0) { mask >>= 1; length += 1; }
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

export type Cluster = { bytes: Buffer; timecodeMs: number };
export type SplitterEvents = { header(bytes: Buffer): void; cluster(c: Cluster): void };

/** Push bytes in with `write`; the header is reported once, then every complete cluster. */
export class MatroskaSplitter {
  #buf: Buffer = Buffer.alloc(0);
  #inSegment = false;
  #header: Buffer[] = [];
  #headerDone = false;
  readonly #on: SplitterEvents;

  constructor(on: SplitterEvents) { this.#on = on; }

  /** Bytes received but not yet part of a complete element (a cut-off cluster when the stream dies). */
  get pending(): number { return this.#buf.length; }

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
        this.#on.cluster({ bytes, timecodeMs: clusterTimecode(bytes, head) });
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

function clusterTimecode(cluster: Buffer, headerLength: number): number {
  let at = headerLength;
  while (at < cluster.length) {
    const id = readVint(cluster, at, true);
    const size = id && readVint(cluster, at + id.length, false);
    if (!id || !size) break;
    const start = at + id.length + size.length;
    if (id.value === ID_TIMECODE) {
      let v = 0;
      for (let k = 0; k < size.value; k += 1) v = v * 256 + (cluster[start + k] as number);
      return v;
    }
    at = start + size.value;
  }
  return 0;
}
