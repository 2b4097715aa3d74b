/**
 * PostgreSQL refusing writes under the real bot: the database full (SQLSTATE 53100) or read-only (25006: a replica,
 * or default_transaction_read_only after a failover) while a member rates films. The member is told that nothing
 * was recorded, as with a full disk (tests/hardening/dataFaults.test.ts), nothing is kept, and the next write once
 * the database takes writes again goes through. The test cannot fill the test server's disk or demote it, so a
 * trigger makes the real server raise the very SQLSTATE on the store's own table.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { STORAGE_REFUSED_MESSAGE } from '../../src/errors.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { startTestClub, type TestClub } from '../e2e/harness.js';
import { freshSchema } from '../support/postgresMemoryStore.js';

const FILMS = (JSON.parse(readFileSync(BUNDLED_CATALOG, 'utf8')) as { id: string }[]).map((film) => film.id);
let club: TestClub;
let db: pg.Pool;
let alice: MemberHandle;

beforeAll(async () => {
  const schema = freshSchema();
  const store = await openPostgresGuildStore({ connectionString: inject('postgresUrl'), schema, poolSize: 4 });
  db = new pg.Pool({ connectionString: inject('postgresUrl'), options: `-c search_path=${schema}`, max: 1 });
  club = await startTestClub({ store, discord: { settleMs: 0 } });
  alice = club.guild.addMember({ username: 'alice' });
});
afterAll(async () => {
  await club?.stop();
  await db?.end();
});

async function stored(filmId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ value: { rating?: { stars: number } } }>("SELECT value FROM member_records WHERE shelf = 'memberFilms' AND user_id = $1 AND record_key = $2", [alice.id, filmId]);
  return rows[0]?.value.rating?.stars;
}

describe.each([
  { sqlstate: '53100', condition: 'disk_full', what: 'full', before: FILMS[0]!, film: FILMS[1]! },
  { sqlstate: '25006', condition: 'read_only_sql_transaction', what: 'read-only', before: FILMS[2]!, film: FILMS[3]! },
])('PostgreSQL $what ($sqlstate) under the bot', ({ condition, before, film }) => {
  it('the member is told nothing was recorded, nothing was, and the next rating once writable is saved', async () => {
    expect((await alice.slash('rate', { film: before, stars: 4 })).content).toMatch(/^Rated \*\*/);
    await db.query(`
      CREATE OR REPLACE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '${condition}'; END $$;
      CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON member_records FOR EACH ROW EXECUTE FUNCTION refuse_writes();`);
    try {
      const reply = await alice.slash('rate', { film, stars: 3 });
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe(STORAGE_REFUSED_MESSAGE);
      expect(await stored(film)).toBeUndefined();
    } finally {
      await db.query('DROP TRIGGER refuse_writes ON member_records');
    }
    expect((await alice.slash('rate', { film, stars: 3.5 })).content).toMatch(/^Rated \*\*/);
    expect(await stored(film)).toBe(3.5);
  });
});
