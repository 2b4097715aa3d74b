// Every feature's shelves, before any store opens.
import '../../src/shelves.js';
import { basename } from 'node:path';
import { type CommitTiming, openFileGuildStore } from '../../src/store/fileStore.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { openWholeDocumentStore } from './wholeDocument/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import type { GuildData } from '../../src/store/schema.js';

/** A storage backend as bench/store.ts drives it. */
export interface BenchBackend {
  name: string;
  /** Rewrites the whole server on every write: the bench runs fewer writes at large sizes. */
  wholeDocument: boolean;
  /** Whether the default run includes it. */
  available(): boolean;
  /** `onCommit`, when the backend can tell, gets each durable commit's costs (the lowdb journal's). */
  open(dataDir: string, options?: { onCommit?: (timing: CommitTiming) => void }): Promise<GuildStore>;
  /** Stores a prepared server in one go. */
  seed(store: GuildStore, guildId: string, data: Partial<GuildData>): Promise<void>;
  cleanup?(dataDir: string): Promise<void>;
}

/** Set by bench/store.ts for its children: DATABASE_URL, or the embedded server it started. */
export const BENCH_POSTGRES_URL = 'MARQUEE_BENCH_POSTGRES_URL';

/** Each run of the PostgreSQL backend gets a schema of its own, named after its temp directory. */
const schemaOf = (dataDir: string) => `bench_${basename(dataDir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;

/** Seeds in updates of 200 members each (one update of a million records would be one journal line of hundreds of MB). */
const seedByUpdate = async (store: GuildStore, guildId: string, seeded: Partial<GuildData>) => {
  const { members = {}, memberFilms = {}, ...rest } = seeded;
  const userIds = Object.keys(memberFilms);
  for (let i = 0; i < userIds.length; i += 200) {
    const chunk = userIds.slice(i, i + 200);
    await store.update(guildId, (data) => {
      for (const userId of chunk) {
        if (members[userId] !== undefined) data.members[userId] = members[userId];
        data.memberFilms[userId] = memberFilms[userId]!;
      }
    });
  }
  await store.update(guildId, (data) => void Object.assign(data, rest));
};

export const BACKENDS: BenchBackend[] = [
  {
    name: 'whole-document lowdb (old)',
    wholeDocument: true,
    available: () => true,
    open: (dataDir) => openWholeDocumentStore({ dataDir }),
    seed: seedByUpdate,
  },
  {
    name: 'lowdb partitioned',
    wholeDocument: false,
    available: () => true,
    open: (dataDir, options) => openFileGuildStore({ dataDir, ...(options?.onCommit && { onCommit: options.onCommit }) }),
    seed: seedByUpdate,
  },
  {
    name: 'postgres',
    wholeDocument: false,
    available: () => true,
    open: (dataDir) => openPostgresGuildStore({ connectionString: process.env[BENCH_POSTGRES_URL]!, schema: schemaOf(dataDir) }),
    seed: seedByUpdate,
  },
];
