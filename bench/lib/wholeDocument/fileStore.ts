import { mkdir, readdir, realpath, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from '../../../src/log.js';
import { DurableJsonFile, syncDirectory } from '../../../src/store/durableJsonFile.js';
import { CorruptGuildDataError } from '../../../src/store/errors.js';
import { assertGuildId, parseGuildData } from '../../../src/store/guildData.js';
import type { GuildStore } from '../../../src/store/GuildStore.js';
import type { GuildPersistence } from './persistence.js';
import type { GuildData } from '../../../src/store/schema.js';
import { SerializedGuildStore } from './serializedStore.js';

export interface FileStoreOptions {
  /** DATA_DIR; guild files live in `<dataDir>/guilds/<guildId>.json`. */
  dataDir: string;
  /**
   * What to do with a guild file that is not valid JSON or fails the schema:
   * - 'refuse' (default): every call for that guild rejects with CorruptGuildDataError naming the file, which is
   *   left untouched; other guilds work. Fixing or removing the file takes effect without a restart.
   * - 'quarantine': rename it to `<file>.corrupt-<timestamp>`, log a warning naming both files, start that guild empty.
   */
  onCorrupt?: 'refuse' | 'quarantine';
  log?: Pick<Logger, 'warn'>;
  now?: () => Date;
}

const GUILD_FILE = /^(\d{17,20})\.json$/;

/** Guild directories open in this process: a second store on the same files would race the first one's writes. */
const openDirectories = new Set<string>();

/**
 * The lowdb backend: exactly one `Low` (and so one writer) per guild file for the life of the store, reading and
 * writing through DurableJsonFile. One process per DATA_DIR: nothing guards against another process.
 */
class FilePersistence implements GuildPersistence {
  readonly #dir: string;
  readonly #options: FileStoreOptions;
  readonly #dbs = new Map<string, Low<unknown>>();
  #released = false;

  constructor(dir: string, options: FileStoreOptions) {
    this.#dir = dir;
    this.#options = options;
  }

  async load(guildId: string): Promise<GuildData | undefined> {
    const db = this.#db(guildId);
    const path = this.#path(guildId);
    try {
      db.data = null;
      await db.read();
      return db.data === null ? undefined : parseGuildData(db.data, path);
    } catch (error) {
      if (!(error instanceof CorruptGuildDataError) || this.#options.onCorrupt !== 'quarantine') throw error;
      const stamp = (this.#options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const aside = `${path}.corrupt-${stamp}`;
      await rename(path, aside);
      await syncDirectory(this.#dir);
      this.#options.log?.warn(`store: ${error.message}; moved it to ${aside} and started this guild empty`);
      db.data = null;
      return undefined;
    }
  }

  async save(guildId: string, data: GuildData): Promise<void> {
    const db = this.#db(guildId);
    db.data = data;
    await db.write();
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.#dir);
    return names.flatMap((name) => GUILD_FILE.exec(name)?.[1] ?? []);
  }

  async close(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    openDirectories.delete(this.#dir);
  }

  #path(guildId: string): string {
    assertGuildId(guildId);
    return join(this.#dir, `${guildId}.json`);
  }

  #db(guildId: string): Low<unknown> {
    let db = this.#dbs.get(guildId);
    if (!db) {
      db = new Low<unknown>(new DurableJsonFile(this.#path(guildId)), null);
      this.#dbs.set(guildId, db);
    }
    return db;
  }
}

/**
 * The store as it was before partitioning (one JSON document per server, rewritten whole by every write), kept
 * so that `npm run bench:store` can put its figures beside the current backends'. Not used by the bot.
 *
 * Opens the lowdb-backed store. Throws if another open store in this process uses the same directory.
 * Note: lowdb's JSONFilePreset swaps in a memory adapter when NODE_ENV=test; this backend always uses files.
 */
export async function openWholeDocumentStore(options: FileStoreOptions): Promise<GuildStore> {
  const guildsDir = resolve(options.dataDir, 'guilds');
  const firstCreated = await mkdir(guildsDir, { recursive: true });
  // A new directory is only durable once its parent is synced; sync every level that was just created.
  if (firstCreated !== undefined) {
    for (let dir = guildsDir; dir !== dirname(firstCreated); dir = dirname(dir)) await syncDirectory(dirname(dir));
  }
  const dir = await realpath(guildsDir);
  if (openDirectories.has(dir)) {
    throw new Error(`Another guild store in this process already has ${dir} open; close it first`);
  }
  openDirectories.add(dir);
  return new SerializedGuildStore(new FilePersistence(dir, options));
}
