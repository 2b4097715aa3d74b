// Every feature's shelves, before any store opens.
import '../shelves.js';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createSnapshot, InvalidSnapshotError, readSnapshot, restoreSnapshot, snapshotFileName, writeSnapshot } from '../import/backup.js';
import { openPostgresBackupSource, type PostgresBackupSource } from '../import/postgresBackup.js';
import { DataDirLockedError, lockDataDir, type DataDirLock } from '../scale/dataDirLock.js';
import { openFileGuildStore } from '../store/fileStore.js';
import type { GuildStore } from '../store/GuildStore.js';
import { DatabaseUnavailableError, describeDatabase, openPostgresGuildStore } from '../store/postgresStore.js';
import type { CliIO } from './io.js';

export const BACKUP_USAGE = `Usage: npm run backup [-- --data-dir <dir>] [--out <file>]
  Writes a snapshot of every server's data (default: <DATA_DIR>/backups/marquee-backup-<time>.json),
  from PostgreSQL when DATABASE_URL is set (unless --data-dir names a data directory), else from DATA_DIR.
  Safe while the bot runs, on any number of processes: each server's data is read as of one complete write.`;

export const RESTORE_USAGE = `Usage: npm run restore <snapshot> [-- --data-dir <dir>] [--guild <id>]... [--yes]
  Replaces servers' data with a snapshot's, in PostgreSQL when DATABASE_URL is set (unless --data-dir
  names a data directory), else in DATA_DIR. Stop the bot first (every process): a running bot keeps
  each server's data in memory and would go on from what it had. The snapshot must validate completely;
  the current data is copied to <DATA_DIR>/backups/pre-restore-<time>.json before anything changes.`;

/** Where the servers' data is: the data directory given, else PostgreSQL when configured, else DATA_DIR. */
type DataSource = { kind: 'files'; dataDir: string; backups: string } | { kind: 'postgres'; url: string; backups: string };

function sourceOf(dataDirOption: string | undefined, io: CliIO): DataSource {
  const config = loadConfig(io.env);
  if (dataDirOption !== undefined) {
    const dataDir = resolve(dataDirOption);
    return { kind: 'files', dataDir, backups: join(dataDir, 'backups') };
  }
  const backups = join(resolve(config.DATA_DIR), 'backups');
  if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL, backups };
  return { kind: 'files', dataDir: resolve(config.DATA_DIR), backups };
}

/** The data source, or undefined once a configuration error has been told to the user. */
function sourceOrReport(dataDirOption: string | undefined, io: CliIO): DataSource | undefined {
  try {
    return sourceOf(dataDirOption, io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return undefined;
  }
}

function describeSource(source: DataSource): string {
  return source.kind === 'files' ? source.dataDir : describeDatabase(source.url);
}

/** `npm run backup`: returns the exit code (1 when some server could not be read). */
export async function runBackupCli(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${BACKUP_USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(BACKUP_USAGE);
    return 0;
  }
  const source = sourceOrReport(values['data-dir'], io);
  if (!source) return 1;
  const now = io.now();
  const out = resolve(values.out ?? join(source.backups, snapshotFileName('marquee-backup', now)));
  let opened: { store: GuildStore; consistentRead?: PostgresBackupSource['consistentRead']; close(): Promise<void> };
  try {
    opened = await openForBackup(source, io);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      io.err(`${error.message}\nNothing was backed up.`);
      return 1;
    }
    throw error;
  }
  try {
    const snapshot = await createSnapshot(opened.store, { now, ...(opened.consistentRead && { consistentRead: opened.consistentRead }) });
    try {
      await writeSnapshot(out, snapshot);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        io.err(`${out} already exists; a backup never replaces a file. Choose another --out.`);
        return 1;
      }
      throw error;
    }
    const from = source.kind === 'postgres' ? ` from ${describeSource(source)}` : '';
    io.out(`Backed up ${Object.keys(snapshot.guilds).length} server(s)${from} to ${out}`);
    for (const { guildId, reason } of snapshot.skipped) io.err(`Could not back up server ${guildId}: ${reason}`);
    return snapshot.skipped.length ? 1 : 0;
  } finally {
    await opened.close();
  }
}

async function openForBackup(source: DataSource, io: CliIO): Promise<{ store: GuildStore; consistentRead?: PostgresBackupSource['consistentRead']; close(): Promise<void> }> {
  if (source.kind === 'postgres') return openPostgresBackupSource(source.url);
  // Read-only: a backup must never convert, checkpoint or move aside anything under the running bot's feet.
  const store = await openFileGuildStore({ dataDir: source.dataDir, onCorrupt: 'refuse', readOnly: true, now: io.now });
  return { store, close: () => store.close() };
}

/** `npm run restore <snapshot>`: returns the exit code. */
export async function runRestoreCli(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string' }, guild: { type: 'string', multiple: true }, yes: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${RESTORE_USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(RESTORE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`Name one snapshot file.\n\n${RESTORE_USAGE}`);
    return 1;
  }
  let snapshot;
  try {
    snapshot = await readSnapshot(positionals[0]!);
  } catch (error) {
    if (error instanceof InvalidSnapshotError) {
      io.err(`Refusing to restore ${error.source}: it is not a valid Marquee backup.`);
      for (const problem of error.problems.slice(0, 20)) io.err(`  ${problem}`);
      if (error.problems.length > 20) io.err(`  … and ${error.problems.length - 20} more`);
      io.err('Nothing was changed.');
      return 1;
    }
    throw error;
  }
  const guildIds = values.guild ?? Object.keys(snapshot.guilds);
  const unknown = guildIds.filter((id) => !(id in snapshot.guilds));
  if (unknown.length) {
    io.err(`The snapshot has no data for server ${unknown.join(', ')}. Nothing was changed.`);
    return 1;
  }
  if (guildIds.length === 0) {
    io.err('The snapshot holds no server data. Nothing was changed.');
    return 1;
  }
  const source = sourceOrReport(values['data-dir'], io);
  if (!source) return 1;
  io.out(`Snapshot of ${snapshot.createdAt}: ${guildIds.length} server(s) to restore into ${describeSource(source)}.`);
  // A bot running on the data directory keeps its servers in memory and would write over the restored files.
  let lock: DataDirLock | undefined;
  if (source.kind === 'files') {
    try {
      lock = await lockDataDir(source.dataDir);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      const who = error.holder ? ` (pid ${error.holder.pid} on ${error.holder.host}, since ${error.holder.startedAt})` : '';
      io.err(
        `Marquee is running on ${source.dataDir}${who}: stop it first, since it keeps the servers' data in memory and would write over the restored data. Nothing was changed.`,
      );
      return 1;
    }
  }
  try {
    return await restoreInto(source, snapshot, guildIds, values.yes ?? false, io);
  } finally {
    await lock?.release();
  }
}

async function restoreInto(source: DataSource, snapshot: Awaited<ReturnType<typeof readSnapshot>>, guildIds: string[], yes: boolean, io: CliIO): Promise<number> {
  if (!yes) {
    const question = 'Is the bot stopped, and should these servers be replaced (their current data is copied first)?';
    if (!io.confirm) {
      io.err('Add --yes to restore without a terminal to confirm on. Nothing was changed.');
      return 1;
    }
    if (!(await io.confirm(question))) {
      io.err('Nothing was changed.');
      return 1;
    }
  }
  const now = io.now();
  const log = { warn: (message: string) => io.err(message) };
  let store: GuildStore;
  try {
    store =
      source.kind === 'postgres'
        ? await openPostgresGuildStore({ connectionString: source.url, poolSize: 2 })
        : // 'quarantine': a damaged current file is renamed aside (kept), not silently replaced.
          await openFileGuildStore({ dataDir: source.dataDir, onCorrupt: 'quarantine', log, now: io.now });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      io.err(`${error.message}\nNothing was changed.`);
      return 1;
    }
    throw error;
  }
  try {
    const result = await restoreSnapshot(store, snapshot, {
      now,
      guildIds,
      keepCopy: async (current) => {
        const path = join(source.backups, snapshotFileName('pre-restore', now));
        await writeSnapshot(path, current);
        return path;
      },
    });
    io.out(`Copied the current data to ${result.copy}`);
    io.out(`Restored ${result.restored.length} server(s): ${result.restored.join(', ')}`);
    return 0;
  } finally {
    await store.close();
  }
}
