import pg from 'pg';
import { assertGuildId } from '../store/guildData.js';
import type { GuildStore } from '../store/GuildStore.js';
import { describeDatabase, openPostgresGuildStore } from '../store/postgresStore.js';

/**
 * A backup's view of a PostgreSQL store (`DATABASE_URL`), beside the running bot processes. The store loads a
 * server in a few statements; a write batch of another process landing between them would give a server's data
 * half before and half after it. So each server is read while holding that server's advisory lock, the same lock
 * every write transaction of the store takes first (src/store/postgresStore.ts, `pg_advisory_xact_lock(hashtext(id))`):
 * writers of that server wait the few milliseconds of the read, and the backup sees the server as of one commit.
 */
export interface PostgresBackupSource {
  store: GuildStore;
  /** Runs `read` with the server's writers held back. */
  consistentRead<T>(guildId: string, read: () => Promise<T>): Promise<T>;
  /** `postgres://user@host/db` (never the password), for messages. */
  where: string;
  close(): Promise<void>;
}

export async function openPostgresBackupSource(connectionString: string): Promise<PostgresBackupSource> {
  const store = await openPostgresGuildStore({ connectionString, poolSize: 3 });
  const locks = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  // An idle connection dropped by the server must not crash the tool; the next lock fails and is reported.
  locks.on('error', () => undefined);
  try {
    await locks.connect();
  } catch (error) {
    await store.close();
    throw error;
  }
  return {
    store,
    where: describeDatabase(connectionString),
    async consistentRead(guildId, read) {
      assertGuildId(guildId);
      await locks.query('SELECT pg_advisory_lock(hashtext($1))', [guildId]);
      try {
        return await read();
      } finally {
        await locks.query('SELECT pg_advisory_unlock(hashtext($1))', [guildId]);
      }
    },
    async close() {
      await Promise.allSettled([store.close(), locks.end()]);
    },
  };
}
