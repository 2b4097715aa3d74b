import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of a real dataset in `shared/data/` (see ../shared/README.md), wherever this checkout lives:
 * `MARQUEE_SHARED_DATA` when set (the `data` folder itself), else the first `shared/data/<name>` found walking up
 * from the project (a worktree under /work/wt/x finds /work/shared/data as well as a clone beside `shared/`).
 * `undefined` when there is none: callers skip with a message naming what they looked for.
 */
export function sharedDataDir(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env['MARQUEE_SHARED_DATA']?.trim();
  if (configured) {
    const dir = join(resolve(configured), name);
    return existsSync(dir) ? dir : undefined;
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'data', name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** What a skipped benchmark section says. */
export function missingSharedData(name: string): string {
  return `(shared/data/${name} not found above this checkout, nor in $MARQUEE_SHARED_DATA: skipped)`;
}
