/**
 * Stores and plain pools on the test PostgreSQL server, each on a schema of the test's choosing, all closed after
 * the file's tests: what a test needs to look at (or tamper with) the rows a store writes.
 */
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';

export function postgresResources() {
  const url = inject('postgresUrl');
  const stores: GuildStore[] = [];
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close().catch(() => undefined)));
    await Promise.all(pools.map((pool) => pool.end()));
  });
  return {
    url,
    /** A store on `schema`; opening one again on the same schema is what another bot process does. */
    async open(schema: string, poolSize?: number): Promise<GuildStore> {
      const store = await openPostgresGuildStore({ connectionString: url, schema, ...(poolSize !== undefined && { poolSize }) });
      stores.push(store);
      return store;
    },
    /** A plain pool on `schema`, for reading or changing rows behind the store's back. */
    pool(schema: string, max = 2): pg.Pool {
      const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max });
      pools.push(pool);
      return pool;
    },
  };
}
