import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { isStorageRefusal, STORAGE_REFUSED_MESSAGE } from '../../src/errors.js';
import { syntheticFilmId, syntheticFilms, syntheticMember } from '../fixtures/syntheticFilms.js';
import { freshSchema } from '../support/postgresMemoryStore.js';
import { postgresResources } from '../support/postgresResources.js';
import { GUILD_A } from './contract.js';

const resources = postgresResources();

/**
 * PostgreSQL full (53100 disk_full) or read-only (25006 read_only_sql_transaction: a replica, or
 * default_transaction_read_only after a failover) refuses the commit with that SQLSTATE. Filling the test server's
 * disk is not an option, so a trigger on the store's table makes the real server raise the very error, through
 * the store's real commit path.
 */
describe.each([
  { sqlstate: '53100', condition: 'disk_full', what: 'full' },
  { sqlstate: '25006', condition: 'read_only_sql_transaction', what: 'read-only' },
])('PostgreSQL $what ($sqlstate)', ({ sqlstate, condition }) => {
  it('refuses the write with the storage message, keeps nothing of it, and writes again once the database takes writes', async () => {
    const schema = freshSchema();
    const store = await resources.open(schema);
    const admin = resources.pool(schema, 1);
    const diary = new ClubDiary({ store, films: syntheticFilms() });
    const member = syntheticMember(GUILD_A, 1);
    await diary.watch(member, syntheticFilmId(1), { on: '2024-01-01' });

    await admin.query(`
      CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '${condition}'; END $$;
      CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON member_records FOR EACH ROW EXECUTE FUNCTION refuse_writes();`);
    const refused = await diary.watch(member, syntheticFilmId(2), { on: '2024-01-02' }).catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe(sqlstate);
    // The Discord router and the web pages show this message for such an error (src/discord/router.ts).
    expect(isStorageRefusal(refused)).toBe(true);
    expect(STORAGE_REFUSED_MESSAGE).toMatch(/nothing was recorded/);
    // Nothing of the refused write is shown as recorded, in this process or in the database.
    expect(Object.keys((await store.read(GUILD_A)).memberFilms[member.userId]!)).toEqual([syntheticFilmId(1)]);
    expect((await admin.query('SELECT count(*)::int AS n FROM log_items')).rows[0].n).toBe(1);

    await admin.query('DROP TRIGGER refuse_writes ON member_records');
    await diary.watch(member, syntheticFilmId(3), { on: '2024-01-03' });
    expect(Object.keys((await store.read(GUILD_A)).memberFilms[member.userId]!).sort()).toEqual([syntheticFilmId(1), syntheticFilmId(3)]);
  });
});

describe('storage refusals by code', () => {
  it('reads file-system errnos and PostgreSQL SQLSTATEs, nothing else', () => {
    for (const code of ['ENOSPC', 'EROFS', '53100', '25006']) expect(isStorageRefusal({ code })).toBe(true);
    for (const code of ['ECONNREFUSED', '57P01', '23505', '40001', undefined]) expect(isStorageRefusal({ code })).toBe(false);
    expect(isStorageRefusal(undefined)).toBe(false);
  });
});
