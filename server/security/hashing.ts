// SHA-256 and SM3 (GB/T 32905) together: every piece of evidence carries both.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

export type Digests = { bytes: number; sha256: string; sm3: string };

/** Both digests of a buffer. */
export function digestsOf(data: Buffer): Digests {
  return { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), sm3: createHash('sm3').update(data).digest('hex') };
}

/** Both digests of a file, read once in 1 MiB chunks; `onBytes` is told of each chunk (progress). */
export async function hashFile(file: string, onBytes?: (n: number) => void): Promise<Digests> {
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    sm3.update(chunk);
    bytes += chunk.length;
    onBytes?.(chunk.length);
  }
  return { bytes, sha256: sha256.digest('hex'), sm3: sm3.digest('hex') };
}

/** A running pair of digests for data arriving in pieces (uploads, transfers). */
export function digester(): { update(chunk: Buffer): void; digest(): Digests } {
  const sha256 = createHash('sha256');
  const sm3 = createHash('sm3');
  let bytes = 0;
  return {
    update(chunk) {
      sha256.update(chunk);
      sm3.update(chunk);
      bytes += chunk.length;
    },
    digest: () => ({ bytes, sha256: sha256.digest('hex'), sm3: sm3.digest('hex') }),
  };
}
