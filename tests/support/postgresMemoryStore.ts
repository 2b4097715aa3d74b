/**
 * Stands in for src/store/memoryStore.ts in the `postgres` test project (see vitest.config.ts): every store the
 * domain tests create with createMemoryGuildStore() is a real PostgreSQL store in a fresh schema of the test
 * server, so those suites run once per backend without changing a line.
 */
import { inject } from 'vitest';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { MemoryPersistence } from '../../src/store/memoryPersistence.js';
import { openPostgresRecords } from '../../src/store/postgresStore.js';
import { type RecordPersistence, RecordStore } from '../../src/store/recordStore.js';
import { guildLayout } from '../../src/store/schema.js';

export { MemoryPersistence };

let created = 0;

/** A fresh schema name, unique across the run's workers. */
export function freshSchema(): string {
  return `t_${process.pid}_${Date.now().toString(36)}_${created++}`;
}

export function createMemoryGuildStore(): GuildStore {
  return openTestPostgresStore(freshSchema());
}

/** A store on the test server's schema `schema` (created if new): opening one again is what a restarted bot does. */
export function openTestPostgresStore(schema: string): GuildStore {
  const ready = openPostgresRecords({ connectionString: inject('postgresUrl'), schema, poolSize: 4 });
  ready.catch(() => undefined);
  const persistence: RecordPersistence = {
    load: async (guildId) => (await ready).load(guildId),
    commit: async (guildId, changes, after) => (await ready).commit(guildId, changes, after),
    list: async () => (await ready).list(),
    close: async () => (await ready).close(),
  };
  return new RecordStore(guildLayout(), persistence);
}
