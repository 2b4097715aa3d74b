import { describe, expect, it } from 'vitest';
import { InvalidGuildIdError, StoreClosedError } from '../../src/store/errors.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { MemoryPersistence } from '../../src/store/memoryStore.js';
import type { RecordPersistence } from '../../src/store/recordStore.js';
import { emptyGuildData, SCHEMA_VERSION } from '../../src/store/schema.js';

export const GUILD_A = '110000000000000001';
export const GUILD_B = '110000000000000002';
export const USER = '210000000000000001';

/** Persistence in memory whose next commit fails when `fail.next` is set (a full disk, a lost database). */
export function failingPersistence(): { persistence: RecordPersistence; fail: { next: boolean } } {
  const memory = new MemoryPersistence();
  const fail = { next: false };
  const persistence: RecordPersistence = {
    load: (guildId) => memory.load(guildId),
    list: () => memory.list(),
    close: () => memory.close(),
    async commit(guildId, changes, after) {
      if (fail.next) throw new Error('disk full');
      await memory.commit(guildId, changes, after);
    },
  };
  return { persistence, fail };
}

/** The GuildStore contract, run against every backend. `open` returns a fresh, empty store. */
export function describeGuildStoreContract(backend: string, open: () => Promise<GuildStore>): void {
  describe(`GuildStore contract: ${backend}`, () => {
    it('reads defaults for a guild with no data, and stores nothing for a read', async () => {
      const store = await open();
      const data = await store.read(GUILD_A);
      expect(data).toEqual(emptyGuildData());
      expect(data).toMatchObject({ version: SCHEMA_VERSION, seq: 0, config: {}, members: {}, memberFilms: {}, activity: [], undo: {} });
      expect(await store.guildIds()).toEqual([]);
      await store.close();
    });

    it('applies an update, returns its value and lists the guild', async () => {
      const store = await open();
      const value = await store.update(GUILD_A, (data) => {
        data.members[USER] = 'Alice';
        return 'done';
      });
      expect(value).toBe('done');
      expect((await store.read(GUILD_A)).members).toEqual({ [USER]: 'Alice' });
      expect((await store.read(GUILD_B)).members).toEqual({});
      expect(await store.guildIds()).toEqual([GUILD_A]);
      await store.close();
    });

    it('changes nothing when the callback throws, is async, or leaves invalid data', async () => {
      const store = await open();
      await store.update(GUILD_A, (data) => {
        data.members[USER] = 'Alice';
      });
      const before = JSON.stringify(await store.read(GUILD_A));
      const boom = new Error('boom');
      await expect(
        store.update(GUILD_A, (data) => {
          data.members[USER] = 'Mallory';
          throw boom;
        }),
      ).rejects.toBe(boom);
      await expect(
        store.update(GUILD_A, async (data) => {
          data.members[USER] = 'Later';
        }),
      ).rejects.toThrow(/synchronous/);
      await expect(
        store.update(GUILD_A, (data) => {
          data.members[USER] = '   ';
        }),
      ).rejects.toThrow();
      await expect(
        store.update(GUILD_A, (data) => {
          (data.members as Record<string, string>)['../escape'] = 'x';
        }),
      ).rejects.toThrow();
      expect(JSON.stringify(await store.read(GUILD_A))).toBe(before);
      await store.close();
    });

    it('isolates a failing update from the others dispatched with it', async () => {
      const store = await open();
      const results = await Promise.allSettled([
        store.update(GUILD_A, (data) => (data.members['210000000000000001'] = 'One')),
        store.update(GUILD_A, () => {
          throw new Error('no');
        }),
        store.update(GUILD_A, (data) => (data.members['210000000000000003'] = 'Three')),
        // Data the schema rejects fails only the update that produced it, even in a batch.
        store.update(GUILD_A, (data) => (data.members['not-a-user'] = 'Four')),
        store.update(GUILD_A, (data) => (data.seq = 5)),
      ]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect((await store.read(GUILD_A)).seq).toBe(5);
      expect(Object.values((await store.read(GUILD_A)).members).sort()).toEqual(['One', 'Three']);
      await store.close();
    });

    it('runs updates of a guild one at a time, in call order', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          store.update(GUILD_A, (data) => {
            data.seq += 1;
            return data.seq;
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect((await store.read(GUILD_A)).seq).toBe(100);
      await store.close();
    });

    it('hands out frozen data that callers cannot corrupt', async () => {
      const store = await open();
      await store.update(GUILD_A, (data) => {
        data.members[USER] = 'Alice';
      });
      const data = await store.read(GUILD_A);
      expect(() => {
        (data.members as Record<string, string>)[USER] = 'Mallory';
      }).toThrow(TypeError);
      expect((await store.read(GUILD_A)).members[USER]).toBe('Alice');
      await store.close();
    });

    it('rejects guild ids that are not snowflakes', async () => {
      const store = await open();
      for (const bad of ['', '123', '../../etc/passwd', '110000000000000001/../x', '１１００００００００００００００００１']) {
        await expect(store.read(bad)).rejects.toBeInstanceOf(InvalidGuildIdError);
        await expect(store.update(bad, () => undefined)).rejects.toBeInstanceOf(InvalidGuildIdError);
      }
      expect(await store.guildIds()).toEqual([]);
      await store.close();
    });

    it('finishes pending updates on close, then refuses work', async () => {
      const store = await open();
      const pending = Array.from({ length: 20 }, (_, i) =>
        store.update(GUILD_A, (data) => {
          data.seq = i + 1;
        }),
      );
      await store.close();
      await Promise.all(pending);
      await expect(store.read(GUILD_A)).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.update(GUILD_A, () => undefined)).rejects.toBeInstanceOf(StoreClosedError);
      await store.close(); // idempotent
    });
  });
}
