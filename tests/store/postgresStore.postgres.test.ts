import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { DatabaseUnavailableError, migrate, openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { syntheticFilmId, syntheticFilms, syntheticMember } from '../fixtures/syntheticFilms.js';
import { runWriterAndKill } from '../support/crashWriter.js';
import { startTestPostgres } from '../support/postgres.js';
import { freshSchema } from '../support/postgresMemoryStore.js';
import { postgresResources } from '../support/postgresResources.js';
import { GUILD_A, USER } from './contract.js';

const { url, open, pool: poolFor } = postgresResources();

/** Rows of one server matching `FROM …` (its `$1` is the server id) in the schema's tables. */
function rowCounter(schema: string) {
  const pool = poolFor(schema);
  return async (guild: string, from: string) => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`, [guild])).rows[0]!.n);
}

describe('PostgreSQL store', () => {
  it('stores one row per record, and a new store reads the same data back', async () => {
    const schema = freshSchema();
    const first = await open(schema);
    const diary = new ClubDiary({ store: first, films: syntheticFilms() });
    const member = syntheticMember(GUILD_A, 1);
    await diary.watch(member, syntheticFilmId(1), { on: '2024-01-01', stars: 4 });
    await diary.favorite(member, syntheticFilmId(2));
    await first.update(GUILD_A, (data) => void (data.config.timezone = 'Europe/Paris'));
    const written = await first.read(GUILD_A);
    await first.close();

    const rows = await poolFor(schema).query<{ shelf: string; n: string }>('SELECT shelf, count(*) AS n FROM member_records GROUP BY shelf ORDER BY shelf');
    expect(Object.fromEntries(rows.rows.map((row) => [row.shelf, Number(row.n)]))).toEqual({ memberFilms: 2, members: 1, undo: 2 });
    const second = await open(schema);
    expect(await second.read(GUILD_A)).toEqual(written);
    expect(await second.guildIds()).toEqual([GUILD_A]);
  });

  it('applies migrations once: starting again changes nothing', async () => {
    const schema = freshSchema();
    await open(schema);
    const pool = poolFor(schema);
    expect(await migrate(pool)).toEqual([]);
    expect((await pool.query('SELECT version FROM marquee_migrations ORDER BY version')).rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
  });

  it('refuses a row that fails the schema, naming where it is, while other servers work', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    await store.update(GUILD_A, (data) => void (data.members[USER] = 'Alice'));
    const other = '110000000000000009';
    await store.update(other, (data) => void (data.members[USER] = 'Bob'));
    await store.close();
    await poolFor(schema).query(`UPDATE member_records SET value = '{"oops": 1}' WHERE guild_id = $1`, [GUILD_A]);
    const again = await open(schema);
    await expect(again.read(GUILD_A)).rejects.toThrow(new RegExp(`PostgreSQL member_records of server ${GUILD_A}`));
    expect((await again.read(other)).members[USER]).toBe('Bob');
  });

  it('says in one line, without the password, when the server cannot be reached', async () => {
    const error = await openPostgresGuildStore({ connectionString: 'postgres://marquee:hunter2@127.0.0.1:1/marquee' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^Cannot use PostgreSQL at postgres:\/\/marquee@127\.0\.0\.1:1\/marquee: /);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('\n');
  });

  it('writes nothing of a server while another process holds its lock, then writes its batch in one statement', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    await store.update(GUILD_A, (data) => void (data.members[USER] = 'before'));
    // Another process in the middle of a write batch of this server holds its lock (the same key as a commit's).
    const other = await poolFor(schema).connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('${GUILD_A}'))`);
      let written = false;
      const write = store.update(GUILD_A, (data) => void (data.members[USER] = 'after')).then(() => void (written = true));
      // Until the lock is released the commit waits for it, having written nothing: PostgreSQL says it is waiting.
      for (let waiting = 0; waiting === 0; ) {
        const locks = await other.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid::bigint = (hashtext($1)::bigint & 4294967295)",
          [GUILD_A],
        );
        waiting = Number(locks.rows[0]!.n);
      }
      const seen = await other.query<{ value: string }>("SELECT value FROM member_records WHERE shelf = 'members' AND user_id = $1", [USER]);
      expect(seen.rows.map((row) => row.value)).toEqual(['before']);
      expect(written).toBe(false);
      await other.query(`SELECT pg_advisory_unlock(hashtext('${GUILD_A}'))`);
      await write;
      const after = await other.query<{ value: string }>("SELECT value FROM member_records WHERE shelf = 'members' AND user_id = $1", [USER]);
      expect(after.rows.map((row) => row.value)).toEqual(['after']);
    } finally {
      other.release();
    }
  });

  it('deletes exactly the records and feed items a batch removes, in that server only, and a batch of one kind leaves the rest', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    const other = '110000000000000009';
    const OTHER_USER = '210000000000000077';
    const diary = new ClubDiary({ store, films: syntheticFilms() });
    // Two servers with the same members and films, so only the server id tells their rows apart.
    for (const guild of [GUILD_A, other]) {
      for (let i = 0; i < 4; i++) await diary.watch({ guildId: guild, userId: USER, name: 'Alice' }, syntheticFilmId(i), { on: '2024-02-01' });
      await store.update(guild, (data) => {
        data.members[USER] = 'Alice';
        data.members[OTHER_USER] = 'Bob';
      });
    }
    // One batch of deletions only: a member's name, one film record, the oldest feed item.
    await store.update(GUILD_A, (data) => {
      delete data.members[OTHER_USER];
      delete data.memberFilms[USER]![syntheticFilmId(0)];
      data.activity.shift();
    });
    // Then a batch that only adds a feed item's worth of records, then one that changes a setting only.
    await diary.watch({ guildId: GUILD_A, userId: USER, name: 'Alice' }, syntheticFilmId(9), { on: '2024-02-02' });
    await store.update(GUILD_A, (data) => void (data.config.timezone = 'Europe/Paris'));
    const pool = poolFor(schema);
    const count = rowCounter(schema);
    const names = async (guild: string) => (await pool.query<{ user_id: string }>("SELECT user_id FROM member_records WHERE guild_id = $1 AND shelf = 'members' ORDER BY user_id", [guild])).rows.map((row) => row.user_id);
    expect(await names(GUILD_A)).toEqual([USER]);
    expect(await names(other)).toEqual([USER, OTHER_USER].sort());
    expect(await count(GUILD_A, "member_records WHERE guild_id = $1 AND shelf = 'memberFilms'")).toBe(4);
    expect(await count(other, "member_records WHERE guild_id = $1 AND shelf = 'memberFilms'")).toBe(4);
    expect(await count(GUILD_A, 'log_items WHERE guild_id = $1')).toBe(4);
    expect(await count(other, 'log_items WHERE guild_id = $1')).toBe(4);
    const written = await store.read(GUILD_A);
    await store.close();
    // What a fresh process reads is what this one holds.
    expect(await (await open(schema)).read(GUILD_A)).toEqual(written);
    expect(written.config.timezone).toBe('Europe/Paris');
    expect(Object.keys(written.memberFilms[USER]!).sort()).toEqual([1, 2, 3, 9].map((i) => syntheticFilmId(i)).sort());
  });

  it('a batch deleting many rows of a kind (a burst: past marquee_commit\'s per-row path) deletes exactly those, in that server only', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    const other = '110000000000000009';
    const diary = new ClubDiary({ store, films: syntheticFilms() });
    for (const guild of [GUILD_A, other]) {
      for (let i = 0; i < 30; i++) await diary.watch({ guildId: guild, userId: USER, name: 'Alice' }, syntheticFilmId(i), { on: '2024-02-01' });
    }
    await store.update(GUILD_A, (data) => {
      for (let i = 0; i < 25; i++) delete data.memberFilms[USER]![syntheticFilmId(i)];
      data.activity.splice(0, 25);
    });
    const count = rowCounter(schema);
    expect(await count(GUILD_A, "member_records WHERE guild_id = $1 AND shelf = 'memberFilms'")).toBe(5);
    expect(await count(other, "member_records WHERE guild_id = $1 AND shelf = 'memberFilms'")).toBe(30);
    expect(await count(GUILD_A, 'log_items WHERE guild_id = $1')).toBe(5);
    expect(await count(other, 'log_items WHERE guild_id = $1')).toBe(30);
    const written = await store.read(GUILD_A);
    await store.close();
    expect(await (await open(schema)).read(GUILD_A)).toEqual(written);
    expect(Object.keys(written.memberFilms[USER]!).sort()).toEqual([25, 26, 27, 28, 29].map((i) => syntheticFilmId(i)).sort());
  });

  it('records 500 watches from 50 members dispatched at once exactly once', async () => {
    const store = await open(freshSchema());
    const diary = new ClubDiary({ store, films: syntheticFilms() });
    const calls = [];
    for (let i = 0; i < 10; i++) for (let m = 0; m < 50; m++) calls.push(diary.watch(syntheticMember(GUILD_A, m), syntheticFilmId(m * 10 + i), { on: '2024-02-01' }));
    await Promise.all(calls);
    const data = await store.read(GUILD_A);
    const entries = Object.values(data.memberFilms).flatMap((films) => Object.values(films).flatMap((record) => record.diary));
    expect(entries).toHaveLength(500);
    expect(data.activity).toHaveLength(500);
  });

  it('keeps every acknowledged watch when the writer is SIGKILLed mid-stream', async () => {
    const schema = freshSchema();
    const acknowledged: number[] = [];
    for (const firstN of [0, 10_000]) acknowledged.push(...(await runWriterAndKill([url, schema, GUILD_A, String(firstN)], 40)));
    const store = await open(schema);
    const data = await store.read(GUILD_A);
    for (const n of acknowledged) {
      expect(data.memberFilms[syntheticMember(GUILD_A, n % 7).userId]?.[syntheticFilmId(n)]?.diary, `acknowledged watch ${n} is missing`).toHaveLength(1);
    }
    const entries = Object.values(data.memberFilms).flatMap((films) => Object.values(films).flatMap((record) => record.diary));
    expect(data.activity.filter((event) => event.kind === 'watched')).toHaveLength(entries.length);
  }, 60_000);
});

describe('PostgreSQL lost while the bot runs', () => {
  it('confirms nothing it could not write, and recovers by itself when the server is back', async () => {
    const server = await startTestPostgres();
    let store: Awaited<ReturnType<typeof openPostgresGuildStore>> | undefined;
    try {
      store = await openPostgresGuildStore({ connectionString: server.url, schema: freshSchema() });
      const diary = new ClubDiary({ store, films: syntheticFilms() });
      const member = syntheticMember(GUILD_A, 1);
      await diary.watch(member, syntheticFilmId(1), { on: '2024-01-01' });

      await server.pause();
      await expect(diary.watch(member, syntheticFilmId(2), { on: '2024-01-01' })).rejects.toThrow();
      await expect(store.read(GUILD_A)).rejects.toThrow();

      await server.resume();
      await diary.watch(member, syntheticFilmId(3), { on: '2024-01-01' });
      const data = await store.read(GUILD_A);
      expect(Object.keys(data.memberFilms[member.userId]!).sort()).toEqual([syntheticFilmId(1), syntheticFilmId(3)]);
      expect(data.activity.map((event) => event.filmId)).toEqual([syntheticFilmId(1), syntheticFilmId(3)]);
    } finally {
      await store?.close().catch(() => undefined);
      await server.stop();
    }
  }, 60_000);
});
