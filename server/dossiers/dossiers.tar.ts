// A package on the wire is a plain tar stream of its folder (control files first, then the files in
// manifest order). Extraction is strict: regular files only, every name a control file or a safe
// path under files/, nothing written outside the destination, each file once, size and count capped.
// The control files must come first: the receiver checks the manifest's signature (`afterControl`)
// before a single file is written, and then takes only the files the signed manifest lists, at
// their listed size and SHA-256 (checked while they are written; the first difference stops it).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { AppError, PackageFileMismatch, PackageInvalid } from '../errors';
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
/** A file the signed manifest lists: the only files extraction takes, at this size and hash. */
export type ListedFile = { bytes: number; sha256: string };
/** Called once the control files are in `dest` and before any other file is written; throws to refuse. */
export type AfterControl = () => Promise<Map<string, ListedFile>>;

/** The control files are small (a manifest of 200 000 files is under 100 MiB); they are held whole. */
const MAX_CONTROL_BYTES = 128 * 1024 * 1024;

/** Extracts a package's tar stream into `dest` (which must be empty). Rejects with package_invalid or package_file_mismatch. */
export async function extractPackage(
  input: Readable,
  dest: string,
  limits: ExtractLimits,
  afterControl?: AfterControl,
): Promise<{ files: number; bytes: number }> {
  const extract = tar.extract();
  const root = path.resolve(dest);
  let files = 0;
  let bytes = 0;
  let listed: Map<string, ListedFile> | null = null;
  const controlSeen = new Set<string>();
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
      const isControl = (PACKAGE_CONTROL_FILES as readonly string[]).includes(name);
      let expected: ListedFile | undefined;
      if (afterControl) {
        if (isControl) {
          if (listed) throw PackageInvalid(`control file ${name} comes after the files; the control files come first`);
          if ((size ?? 0) > MAX_CONTROL_BYTES) throw PackageInvalid(`control file ${name} is larger than ${MAX_CONTROL_BYTES} bytes`);
          controlSeen.add(name);
        } else {
          listed ??= await afterControl();
          expected = listed.get(name);
          if (!expected)
            throw PackageInvalid(`entry "${name.slice(0, 200)}" is not listed in the signed manifest`, { path: name.slice(0, 200) });
          if ((size ?? 0) !== expected.bytes) throw PackageFileMismatch(name, `${size} bytes, the manifest says ${expected.bytes}`);
        }
      }
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
      const sha256 = createHash('sha256');
      try {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          sha256.update(chunk);
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      if (expected && sha256.digest('hex') !== expected.sha256)
        throw PackageFileMismatch(name, 'content changed (SHA-256 differs from the signed manifest)');
    }
    // NOTE: a package of control files alone (or an empty stream) still has its signature checked.
    if (afterControl && !listed) await afterControl();
  } catch (err) {
    input.unpipe(extract);
    input.resume();
    if (err instanceof AppError) throw err;
    throw PackageInvalid(`not a readable tar stream (${(err as Error).message})`);
  }
  return { files, bytes };
}
