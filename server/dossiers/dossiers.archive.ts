// Inspection of a ZIP container (an OFD document) without extracting it anywhere: entry names must
// be safe, the declared and the real inflated sizes must stay within limits and within a ratio of
// the compressed size (a zip bomb is refused before it is inflated, and again if it lied).
import yauzl from 'yauzl';
import { UploadArchiveUnsafe } from '../errors';

type ArchiveLimits = { maxEntries: number; maxInflatedBytes: number; maxRatio: number };
const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxInflatedBytes: 1024 * 1024 * 1024, maxRatio: 100 };

const unsafeName = (n: string): boolean =>
  n.startsWith('/') || n.includes('\\') || /^[a-zA-Z]:/.test(n) || n.split('/').some((s) => s === '..') || n.includes('\u0000');

/** Resolves with the entry names when the archive is safe; rejects with upload_archive_unsafe otherwise. */
export function inspectZip(file: string, fileBytes: number, required: string[], limits = DEFAULT_ARCHIVE_LIMITS): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        reject(UploadArchiveUnsafe(`not a readable ZIP container (${err?.message ?? 'unknown'})`));
        return;
      }
      const names: string[] = [];
      let inflated = 0;
      let failed = false;
      const fail = (why: string) => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(UploadArchiveUnsafe(why));
      };
      if (zip.entryCount > limits.maxEntries) {
        fail(`${zip.entryCount} entries (at most ${limits.maxEntries})`);
        return;
      }
      let declared = 0;
      zip.on('error', (e: Error) => fail(`unreadable: ${e.message}`));
      zip.on('end', () => {
        if (failed) return;
        const missing = required.filter((r) => !names.includes(r));
        if (missing.length) {
          reject(UploadArchiveUnsafe(`required entry ${missing.join(', ')} is missing`));
          return;
        }
        resolve(names);
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (unsafeName(name)) {
          fail(`entry "${name.slice(0, 100)}" points outside the archive`);
          return;
        }
        names.push(name);
        declared += entry.uncompressedSize;
        if (declared > limits.maxInflatedBytes || declared > Math.max(fileBytes, 1) * limits.maxRatio) {
          fail(`declared inflated size ${declared} bytes from ${fileBytes} (a compression bomb)`);
          return;
        }
        if (name.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) {
            fail(`entry "${name.slice(0, 100)}" unreadable: ${e2?.message ?? ''}`);
            return;
          }
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > limits.maxInflatedBytes || inflated > Math.max(fileBytes, 1) * limits.maxRatio) {
              stream.destroy();
              fail(`inflates past ${inflated} bytes from ${fileBytes} (a compression bomb)`);
            }
          });
          stream.on('error', (e3: Error) => fail(`entry "${name.slice(0, 100)}": ${e3.message}`));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}
