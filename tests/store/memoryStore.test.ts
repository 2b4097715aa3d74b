import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/store/layout.js';
import { createMemoryGuildStore, MemoryPersistence } from '../../src/store/memoryStore.js';
import { RecordStore } from '../../src/store/recordStore.js';
import { guildLayout } from '../../src/store/schema.js';
import { describeGuildStoreContract, failingPersistence, GUILD_A, USER } from './contract.js';

describeGuildStoreContract('memory', async () => createMemoryGuildStore());

describe('RecordStore', () => {
  const failing = failingPersistence;

  it('keeps the last durable state when a commit fails, and every update of that batch rejects', async () => {
    const { persistence, fail } = failing();
    const store = new RecordStore(guildLayout(), persistence);
    await store.update(GUILD_A, (data) => (data.members[USER] = 'Alice'));
    fail.next = true;
    const results = await Promise.allSettled([store.update(GUILD_A, (data) => (data.seq = 2)), store.update(GUILD_A, (data) => (data.members[USER] = 'Bob'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await store.read(GUILD_A)).toMatchObject({ seq: 0, members: { [USER]: 'Alice' } });
    fail.next = false;
    await store.update(GUILD_A, (data) => (data.seq += 10));
    expect((await store.read(GUILD_A)).seq).toBe(10);
  });

  it('commits only the records an update changed', async () => {
    const commits: Change[][] = [];
    const memory = new MemoryPersistence();
    const store = new RecordStore(guildLayout(), {
      load: (guildId) => memory.load(guildId),
      list: () => memory.list(),
      close: () => memory.close(),
      async commit(guildId, changes, after) {
        commits.push([...changes]);
        await memory.commit(guildId, changes, after);
      },
    });
    const other = '210000000000000002';
    await store.update(GUILD_A, (data) => {
      data.members[USER] = 'Alice';
      data.members[other] = 'Bob';
      data.memberFilms[USER] = { 'irma-vep-1996': { diary: [], favoriteSince: '2024-01-01T00:00:00.000Z' } };
    });
    await store.update(GUILD_A, (data) => {
      // Reading other records (and listing keys) changes nothing; only Alice's film record is written.
      void Object.keys(data.members).length;
      void data.members[other];
      void data.parties.list.length;
      data.memberFilms[USER]!['irma-vep-1996']!.watchlistSince = '2024-01-02T00:00:00.000Z';
    });
    expect(commits[1]).toEqual([
      { kind: 'keyed', field: 'memberFilms', key: [USER, 'irma-vep-1996'], value: { diary: [], favoriteSince: '2024-01-01T00:00:00.000Z', watchlistSince: '2024-01-02T00:00:00.000Z' } },
    ]);
    await store.update(GUILD_A, (data) => void delete data.memberFilms[USER]);
    expect(commits[2]).toEqual([{ kind: 'keyed', field: 'memberFilms', key: [USER, 'irma-vep-1996'], value: undefined }]);
    expect((await store.read(GUILD_A)).memberFilms).toEqual({});
  });

  it("shows an update every shelf of the server's data as a property, set up only when used", async () => {
    const store = createMemoryGuildStore();
    await store.update(GUILD_A, (data) => (data.members[USER] = 'Alice'));
    const seen = await store.update(GUILD_A, (data) => {
      const keys = Object.keys(data);
      const copy = { ...data };
      // A shelf can be neither deleted nor redefined; the version cannot change; anything else is the update's own.
      const deleted = Reflect.deleteProperty(data, 'members');
      const redefined = Reflect.defineProperty(data, 'seq', { value: 3 });
      expect(() => ((data as { version: number }).version = 99)).toThrow(TypeError);
      (data as unknown as Record<string, unknown>)['scratch'] = 1;
      data.seq = 4;
      return { keys, copyMembers: copy.members[USER], has: 'lists' in data && 'version' in data && !('nothing' in data), deleted, redefined };
    });
    expect(seen.keys).toEqual(expect.arrayContaining(['version', 'seq', 'config', 'members', 'memberFilms', 'activity', 'undo', 'lists', 'parties']));
    expect(seen).toMatchObject({ copyMembers: 'Alice', has: true, deleted: false, redefined: false });
    const stored = await store.read(GUILD_A);
    expect(stored.seq).toBe(4);
    expect(Object.keys(stored)).not.toContain('scratch');
  });

  it('keeps a log exact through appends, dropping the oldest, reading by index and rewriting it', async () => {
    const store = createMemoryGuildStore();
    const event = (n: number) => ({ id: `e${n}`, at: '2024-01-01T00:00:00.000Z', userId: USER, filmId: 'irma-vep-1996', kind: 'watched' as const });
    await store.update(GUILD_A, (data) => void data.activity.push(event(1), event(2), event(3)));
    const seen = await store.update(GUILD_A, (data) => {
      data.activity.push(event(4));
      const dropped = data.activity.splice(0, 2).map((item) => item.id);
      return { dropped, length: data.activity.length, first: data.activity[0]!.id, last: data.activity[data.activity.length - 1]!.id };
    });
    expect(seen).toEqual({ dropped: ['e1', 'e2'], length: 2, first: 'e3', last: 'e4' });
    expect((await store.read(GUILD_A)).activity.map((item) => item.id)).toEqual(['e3', 'e4']);
    await store.update(GUILD_A, (data) => {
      data.activity = data.activity.filter((item) => item.id !== 'e3');
      data.activity.push(event(5));
    });
    expect((await store.read(GUILD_A)).activity.map((item) => item.id)).toEqual(['e4', 'e5']);
    // A log only grows at the end: inserting in the middle is refused and changes nothing.
    await expect(store.update(GUILD_A, (data) => void data.activity.splice(1, 0, event(6)))).rejects.toThrow(/never moved/);
    expect((await store.read(GUILD_A)).activity.map((item) => item.id)).toEqual(['e4', 'e5']);
  });
});
