// A package on the wire is a plain tar stream of its folder (control files first, then the files in
// manifest order). Extraction is strict: regular files only, every name a control file or a safe
// path under files/, nothing written outside the destination, each file once, size and count capped.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { AppError, PackageInvalid } from '../errors';
import { isSafePackagePath, PACKAGE_CONTROL_FILES } from './dossiers.format';

/** Streams the named files of `dir` (relative paths) as a tar archive. */
export function packDirectory(dir: string, names: string[]): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const name of names) {
      const abs = path.join(dir, name);
      const st = fs.statSync(abs);
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name, size: st.size, mode: 0o444, mtime: st.mtime, type: 'file' }, (err) =>
          err ? reject(err) : resolve(),
        );
        fs.createReadStream(abs).on('error', reject).pipe(entry);
      });
    }
    pack.finalize();
  })().catch((err: Error) => pack.destroy(err));
  // NOTE: tar-stream's streams are streamx streams; wrap the archive as a Node Readable for pipe() and toWeb().
  return Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
}

export type ExtractLimits = { maxBytes: number; maxEntries: number };

/** Extracts a package's tar stream into `dest` (which must be empty). Rejects with package_invalid. */
export async function extractPackage(input: Readable, dest: string, limits: ExtractLimits): Promise<{ files: number; bytes: number }> {
  const extract = tar.extract();
  const root = path.resolve(dest);
  let files = 0;
  let bytes = 0;
  input.on('error', (err) => extract.destroy(err));
  input.pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      if (type !== 'file') throw PackageInvalid(`entry "${name.slice(0, 200)}" is a ${type ?? 'special entry'}, not a file`);
      if (!(PACKAGE_CONTROL_FILES as readonly string[]).includes(name) && !isSafePackagePath(name)) {
        throw PackageInvalid(`entry "${name.slice(0, 200)}" is not a safe path under files/`, { path: name.slice(0, 200) });
      }
      const abs = path.resolve(root, name);
      if (!abs.startsWith(root + path.sep)) throw PackageInvalid(`entry "${name.slice(0, 200)}" points outside the package`);
      files += 1;
      bytes += size ?? 0;
      if (files > limits.maxEntries) throw PackageInvalid(`more than ${limits.maxEntries} files`);
      if (bytes > limits.maxBytes) throw PackageInvalid(`larger than ${limits.maxBytes} bytes`);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      let fh: fs.promises.FileHandle;
      try {
        fh = await fs.promises.open(abs, 'wx', 0o444);
      } catch {
        throw PackageInvalid(`entry "${name.slice(0, 200)}" appears twice`);
      }
      try {
        for await (const chunk of entry as AsyncIterable<Buffer>) await fh.write(chunk);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  } catch (err) {
    input.unpipe(extract);
    input.resume();
    if (err instanceof AppError) throw err;
    throw PackageInvalid(`not a readable tar stream (${(err as Error).message})`);
  }
  return { files, bytes };
}
