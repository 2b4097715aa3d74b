import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { migrate } from '../../src/store/postgresStore.js';
import { freshSchema } from '../support/postgresMemoryStore.js';
import { postgresResources } from '../support/postgresResources.js';
import { bundledCatalog, GUILD, MOD, setup } from './helpers.js';

/**
 * List positions are kept unique by PostgreSQL itself (migration 2: `ordered_entries`, UNIQUE (guild, shelf, list,
 * position) deferred to COMMIT), not only by the process's own checks. Two stores on one schema, each with its own
 * pool and its own copy of the server, are what two bot processes on one database are (two processes briefly
 * running one shard during a rolling restart).
 */
const resources = postgresResources();
const open = (schema: string) => resources.open(schema, 2);
const admin = (schema: string) => resources.pool(schema, 1);

async function filmIds(count: number): Promise<string[]> {
  return [...(await bundledCatalog()).all()].slice(0, count).map((film) => film.id);
}

/** The list's entries as the database's rows hold them, in position order. */
async function rows(pool: pg.Pool, listId: string): Promise<[string, number][]> {
  const result = await pool.query<{ item_key: string; position: number }>(
    "SELECT item_key, position FROM ordered_entries WHERE guild_id = $1 AND shelf = 'lists' AND group_key = $2 ORDER BY position",
    [GUILD, listId],
  );
  return result.rows.map((row) => [row.item_key, row.position]);
}

/** The list's entries as a store (a process's copy of the server) reads them. */
async function entries(store: GuildStore, listId: string): Promise<[string, number][]> {
  const list = (await store.read(GUILD)).lists.items.find((candidate) => candidate.id === listId)!;
  return list.entries.map((entry) => [entry.filmId, entry.position]);
}

describe('list positions in PostgreSQL', () => {
  it('two processes adding to one list at once: one is stored, the other refused, never two films at one place', async () => {
    const schema = freshSchema();
    const [first, second] = [await open(schema), await open(schema)];
    const a = await setup(first);
    const b = await setup(second);
    const films = await filmIds(6);
    const list = await a.lists.create(MOD, { name: 'Canon' });
    for (const film of films.slice(0, 3)) await a.lists.add(MOD, list.id, film);
    // The second process reads the server now: three films.
    expect(await entries(second, list.id)).toHaveLength(3);

    // Both append at position 4 from their own copy, at the same moment.
    const outcomes = await Promise.allSettled([a.lists.add(MOD, list.id, films[3]!), b.lists.add(MOD, list.id, films[4]!)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected')!.reason as { code?: string };
    expect(refused.code).toBe('40001');
    const stored = outcomes[0]!.status === 'fulfilled' ? films[3]! : films[4]!;

    const db = admin(schema);
    expect(await rows(db, list.id)).toEqual([...films.slice(0, 3).map((film, i) => [film, i + 1]), [stored, 4]]);
    // Both processes read the stored state (the refused one reloaded the server), and the refused member can retry.
    expect(await entries(first, list.id)).toEqual(await rows(db, list.id));
    expect(await entries(second, list.id)).toEqual(await rows(db, list.id));
    const retried = stored === films[3] ? films[4]! : films[3]!;
    const loser = stored === films[3] ? b : a;
    expect((await loser.lists.add(MOD, list.id, retried)).position).toBe(5);
    expect((await rows(db, list.id)).map(([, position]) => position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the database refuses a second film at a taken place whoever writes it, at COMMIT', async () => {
    const schema = freshSchema();
    const { lists } = await setup(await open(schema));
    const films = await filmIds(3);
    const list = await lists.create(MOD, { name: 'Canon' });
    for (const film of films.slice(0, 2)) await lists.add(MOD, list.id, film);
    const db = admin(schema);
    const insert = "INSERT INTO ordered_entries (guild_id, shelf, group_key, item_key, position) VALUES ($1, 'lists', $2, $3, 2)";
    const error = await db.query(insert, [GUILD, list.id, films[2]]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: '23505', constraint: 'ordered_entries_one_per_position' });
    // Deferred: a transaction may pass through a repeated place (a move renumbering the list) if it ends without one.
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query("UPDATE ordered_entries SET position = 1 WHERE group_key = $1 AND position = 2 AND shelf = 'lists'", [list.id]);
      await client.query("UPDATE ordered_entries SET position = 2 WHERE group_key = $1 AND item_key = $2 AND shelf = 'lists'", [list.id, films[0]]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('keeps the rows equal to the list through adds, moves, removals and deletion', async () => {
    const schema = freshSchema();
    const { lists, store } = await setup(await open(schema));
    const db = admin(schema);
    const films = await filmIds(6);
    const list = await lists.create(MOD, { name: 'Canon' });
    const other = await lists.create(MOD, { name: 'Other' });
    for (const film of films.slice(0, 5)) await lists.add(MOD, list.id, film);
    await lists.add(MOD, other.id, films[0]!);
    await lists.add(MOD, list.id, films[5]!, { position: 1 });
    expect(await rows(db, list.id)).toEqual(await entries(store, list.id));
    await lists.move(MOD, list.id, films[4]!, 2);
    await lists.move(MOD, list.id, films[5]!, 6);
    expect(await rows(db, list.id)).toEqual(await entries(store, list.id));
    await lists.remove(MOD, list.id, films[2]!);
    expect(await rows(db, list.id)).toEqual(await entries(store, list.id));
    expect((await rows(db, list.id)).map(([, position]) => position)).toEqual([1, 2, 3, 4, 5]);
    await lists.delete(MOD, list.id);
    expect(await rows(db, list.id)).toEqual([]);
    expect(await rows(db, other.id)).toEqual([[films[0], 1]]);
  });

  it('lists stored before migration 2 get their rows on their next change; the migration may run again', async () => {
    const schema = freshSchema();
    const { lists } = await setup(await open(schema));
    const films = await filmIds(4);
    const list = await lists.create(MOD, { name: 'Canon' });
    const untouched = await lists.create(MOD, { name: 'Untouched' });
    for (const film of films.slice(0, 3)) await lists.add(MOD, list.id, film);
    await lists.add(MOD, untouched.id, films[3]!);
    const db = admin(schema);
    // As a database migrated before this step: no rows for the lists' films, the step not recorded.
    await db.query('DELETE FROM ordered_entries');
    await db.query('DELETE FROM marquee_migrations WHERE version = 2');
    expect(await migrate(db)).toEqual([2]);
    expect(await migrate(db)).toEqual([]);

    const restarted = await setup(await open(schema));
    await restarted.lists.add(MOD, list.id, films[3]!);
    expect(await rows(db, list.id)).toEqual(films.map((film, i) => [film, i + 1]));
    // The whole lists record was written, so the lists it did not change have their rows too.
    expect(await rows(db, untouched.id)).toEqual([[films[3], 1]]);
  });
});
