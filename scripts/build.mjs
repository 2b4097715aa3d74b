// Compiles the bot's TypeScript to JavaScript in dist/ (`npm run build`), file by file with esbuild (types are
// checked by `npm run typecheck`, not here). `npm start` and the Docker image run dist/, so a start does not pay
// for compiling TypeScript on the fly: through tsx, importing the bot costs about twice the CPU.
// dist/ mirrors the repository (dist/src, dist/commands) and links data/ and the website's assets, so every path
// the code builds from import.meta.url resolves as it does from the sources.
import { build } from 'esbuild';
import { cp, mkdir, readdir, rename, rm, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

async function typescriptFiles(dir) {
  const files = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await typescriptFiles(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const started = performance.now();
// Built beside dist/ and swapped in, so a bot already running from dist/ (several `npm start` on one machine) keeps
// finding its files.
const next = join(root, `dist.${process.pid}.tmp`);
await rm(next, { recursive: true, force: true });
const entryPoints = [...(await typescriptFiles('src')), ...(await typescriptFiles('commands'))];
await build({ entryPoints, outdir: next, outbase: root, absWorkingDir: root, platform: 'node', format: 'esm', target: 'node20', sourcemap: 'linked', logLevel: 'warning' });
await cp(join(root, 'src/web/assets'), join(next, 'src/web/assets'), { recursive: true });
await mkdir(next, { recursive: true });
await symlink(relative(next, join(root, 'data')), join(next, 'data'), 'dir');
const old = join(root, `dist.${process.pid}.old`);
await rename(dist, old).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(next, dist);
await rm(old, { recursive: true, force: true });
console.log(`compiled ${entryPoints.length} files into dist/ in ${Math.round(performance.now() - started)} ms`);
