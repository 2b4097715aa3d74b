import { access, copyFile, link, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from '../store/durableJsonFile.js';

/**
 * Replaces a file atomically and durably: temp file, fsync, rename, fsync of the directory. The old
 * version is kept beside it as `<file>.bak` first (with `keepBackup`), so a merge that went wrong can be
 * undone by hand; with `exclusive`, an existing file is never replaced.
 */
export async function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  options: { keepBackup?: boolean; exclusive?: boolean } = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  if (options.keepBackup) {
    try {
      await copyFile(path, `${path}.bak`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const file = await open(temp, 'w', 0o644);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  if (options.exclusive) {
    // link() fails when the target exists, atomically: no window where another writer's file is replaced.
    try {
      await link(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
  } else {
    await rename(temp, path);
  }
  await syncDirectory(dir);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
