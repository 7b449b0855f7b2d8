// Bundles the browser client into dist/client (esbuild), with index.html and styles.css beside it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'client');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'client', 'main.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  sourcemap: true,
  minify: true,
  outfile: path.join(out, 'app.js'),
  logLevel: 'warning',
});
for (const f of ['index.html', 'styles.css']) copyFileSync(path.join(root, 'client', f), path.join(out, f));
console.log(`client bundled into ${path.relative(root, out)}`);
