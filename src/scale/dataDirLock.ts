import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'marquee.lock';

const LockContent = z.object({ pid: z.number().int().positive(), host: z.string(), startedAt: z.string() });

/** Another live process already runs on this DATA_DIR. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';

  constructor(
    message: string,
    /** The process holding the lock, when known (the tools that must not run beside the bot name it). */
    readonly holder?: z.infer<typeof LockContent>,
  ) {
    super(message);
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded store keeps each server's data in memory and writes files as it goes: two processes on one
 * DATA_DIR would overwrite each other's writes. This takes DATA_DIR/marquee.lock with an exclusive create (no
 * fcntl needed) holding the pid; a lock left by a process that no longer runs on this host (killed -9, a
 * crash) is stale and taken over. A lock held by another host cannot be checked and is respected.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(mine);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return {
        async release() {
          // Only our own lock: a stale-lock takeover by a later process must not be undone by us.
          const current = await readFile(path, 'utf8').catch(() => undefined);
          if (current === mine) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    let holder: z.infer<typeof LockContent> | undefined;
    try {
      const parsed = LockContent.safeParse(JSON.parse(text));
      holder = parsed.success ? parsed.data : undefined;
    } catch {
      holder = undefined;
    }
    if (holder && (holder.host !== hostname() || (holder.pid !== process.pid && alive(holder.pid)))) {
      throw new DataDirLockedError(
        `Another Marquee process (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}) already uses DATA_DIR ${dataDir}. ` +
          'The embedded store serves one process per DATA_DIR: stop the other one, give this one its own DATA_DIR, or run several ' +
          `processes on one PostgreSQL (DATABASE_URL; README "Running at scale"). If no such process runs, delete ${path}.`,
        holder,
      );
    }
    // Stale (its process is gone) or unreadable (a crash while writing it): take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new DataDirLockedError(`Could not take the lock ${path}: other processes keep taking it.`);
}
