// Every feature's shelves, before any store opens.
import '../shelves.js';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Snowflake } from '../config.js';
import { cloneJson } from '../store/cloneJson.js';
import { parseGuildData } from '../store/guildData.js';
import type { GuildStore } from '../store/GuildStore.js';
import { type GuildData, IsoDateTime, SCHEMA_VERSION } from '../store/schema.js';
import { writeFileAtomic } from './files.js';
import { pendingFields } from '../pending/pendingShelf.js';

/**
 * Backups of every server's data. A snapshot is taken through the GuildStore: each server's document
 * is read as its last durable state, never half-written (the store's writes are atomic renames, so
 * this holds even when another process, the running bot, owns the files). Servers are independent,
 * so one consistent document per server is a consistent snapshot.
 */
export const SNAPSHOT_FORMAT = 'marquee-backup';

const Skipped = z.object({ guildId: z.string(), reason: z.string() });

export const SnapshotEnvelope = z.object({
  format: z.literal(SNAPSHOT_FORMAT, { error: `not a Marquee backup (expected "format": "${SNAPSHOT_FORMAT}")` }),
  version: z.literal(1),
  createdAt: IsoDateTime,
  /** GuildData schema version of the Marquee that wrote it. */
  schemaVersion: z.number().int().positive(),
  guilds: z.record(z.string(), z.unknown()),
  /** Servers that could not be read when the snapshot was taken (a corrupt file). */
  skipped: z.array(Skipped).default([]),
});
export type SnapshotEnvelope = z.infer<typeof SnapshotEnvelope>;

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: 1;
  createdAt: string;
  schemaVersion: number;
  guilds: Record<string, GuildData>;
  skipped: { guildId: string; reason: string }[];
}

export interface SnapshotOptions {
  now: Date;
  guildIds?: readonly string[];
  /** Wraps each server's read, e.g. to hold that server's writers back while it is read (see ./postgresBackup.ts). */
  consistentRead?: <T>(guildId: string, read: () => Promise<T>) => Promise<T>;
}

/**
 * Reads every server's data through the store. A server whose data cannot be read is listed in `skipped`. What
 * waits for a button (src/pending: import previews, menus) is left out: it expires within minutes, and a restored
 * preview would be of no use.
 */
export async function createSnapshot(store: GuildStore, options: SnapshotOptions): Promise<Snapshot> {
  const known = await store.guildIds();
  const wanted = options.guildIds ? known.filter((id) => options.guildIds!.includes(id)) : known;
  const snapshot: Snapshot = {
    format: SNAPSHOT_FORMAT,
    version: 1,
    createdAt: options.now.toISOString(),
    schemaVersion: SCHEMA_VERSION,
    guilds: {},
    skipped: [],
  };
  for (const guildId of wanted) {
    try {
      const read = async () => withoutPending(cloneJson((await store.read(guildId)) as GuildData));
      snapshot.guilds[guildId] = await (options.consistentRead ? options.consistentRead(guildId, read) : read());
    } catch (error) {
      snapshot.skipped.push({ guildId, reason: (error as Error).message });
    }
  }
  return snapshot;
}

function withoutPending(data: GuildData): GuildData {
  const fields = data as unknown as Record<string, unknown>;
  for (const field of pendingFields()) if (field in fields) fields[field] = {};
  return data;
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 2) + '\n';
}

/** Writes a snapshot to a new file (never over an existing one), durably. */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, serializeSnapshot(snapshot), { exclusive: true });
}

export class InvalidSnapshotError extends Error {
  override readonly name = 'InvalidSnapshotError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid Marquee backup: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }
}

/**
 * Validates a snapshot as a whole: the envelope, every server id, and every server's data against
 * the current schema (older schema versions are migrated as stored files are). One bad server makes
 * the whole snapshot invalid: restoring part of a damaged backup silently is worse than refusing.
 */
export function parseSnapshot(text: string, source = 'snapshot'): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidSnapshotError(source, [`not valid JSON (${(error as Error).message})`]);
  }
  const envelope = SnapshotEnvelope.safeParse(raw);
  if (!envelope.success) {
    throw new InvalidSnapshotError(
      source,
      envelope.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'file'}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  const guilds: Record<string, GuildData> = {};
  for (const [guildId, data] of Object.entries(envelope.data.guilds)) {
    if (!Snowflake.safeParse(guildId).success) {
      problems.push(`"${guildId.slice(0, 40)}" is not a server id`);
      continue;
    }
    try {
      guilds[guildId] = parseGuildData(data, `server ${guildId}`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new InvalidSnapshotError(source, problems);
  return { ...envelope.data, format: SNAPSHOT_FORMAT, version: 1, guilds };
}

export async function readSnapshot(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidSnapshotError(path, [(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message]);
  }
  return parseSnapshot(text, path);
}

export interface RestoreOptions {
  now: Date;
  /** Restore only these servers (default: all in the snapshot). */
  guildIds?: readonly string[];
  /** Stores the copy of the current data taken before anything is overwritten; returns where it went. */
  keepCopy: (current: Snapshot) => Promise<string>;
}

export interface RestoreResult {
  restored: string[];
  /** Where the copy of the data as it was before the restore went. */
  copy: string;
  /** Servers of the copy whose current data could not be read (see Snapshot.skipped). */
  unreadable: { guildId: string; reason: string }[];
}

/**
 * Replaces servers' data with a snapshot's, through the store (validated, atomic, durable per
 * server). First, the current data of every server about to be replaced is snapshotted and handed to
 * `keepCopy`; nothing is written unless that succeeds.
 */
export async function restoreSnapshot(store: GuildStore, snapshot: Snapshot, options: RestoreOptions): Promise<RestoreResult> {
  const ids = options.guildIds ?? Object.keys(snapshot.guilds);
  const missing = ids.filter((id) => !(id in snapshot.guilds));
  if (missing.length > 0) throw new Error(`The snapshot has no data for server ${missing.join(', ')}`);
  const current = await createSnapshot(store, { now: options.now, guildIds: ids });
  const copy = await options.keepCopy(current);
  const restored: string[] = [];
  for (const guildId of ids) {
    const replacement = snapshot.guilds[guildId]!;
    // A snapshot's server data has every section (defaults filled in when parsed), so this replaces each one.
    await store.update(guildId, (data) => void Object.assign(data, cloneJson(replacement)));
    restored.push(guildId);
  }
  return { restored, copy, unreadable: current.skipped };
}

/** `marquee-backup-2024-06-15T12-00-00-000Z.json`: sortable, and valid on every file system. */
export function snapshotFileName(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}
