import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PendingShelf, PendingTooLargeError } from '../../src/pending/pendingShelf.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';

// The import previews' shelf is declared by the app's shelves (tests/support/shelves.ts); a test shelf with its own
// limits works on that field's records the same way.
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const MINUTE = 60_000;
const t0 = new Date('2026-01-01T12:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

const shelf = new PendingShelf({
  field: 'pendingImports',
  payload: z.object({ rows: z.array(z.string()) }),
  state: z.object({ picks: z.number().int() }),
  ttlMs: 15 * MINUTE,
  perMember: 2,
  perServer: 3,
  maxBytes: 2_000,
});

let store: GuildStore;
afterEach(async () => store?.close());

describe('a pending shelf', () => {
  it('hands a record only to its member in its server, until it expires', async () => {
    store = createMemoryGuildStore();
    const token = await shelf.put(store, GUILD, ALICE, { rows: ['a', 'b'] }, { picks: 0 }, t0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(await shelf.get(store, { guildId: GUILD, userId: ALICE, token }, at(1))).toMatchObject({ status: 'open', payload: { rows: ['a', 'b'] }, state: { picks: 0 } });
    expect(await shelf.get(store, { guildId: GUILD, userId: BOB, token }, at(1))).toEqual({ status: 'not-yours' });
    expect(await shelf.get(store, { guildId: OTHER_GUILD, userId: ALICE, token }, at(1))).toEqual({ status: 'missing' });
    expect(await shelf.get(store, { guildId: GUILD, userId: ALICE, token: 'not a token!' }, at(1))).toEqual({ status: 'missing' });
    expect(await shelf.get(store, { guildId: GUILD, userId: ALICE, token }, at(15))).toEqual({ status: 'missing' });
    expect(await shelf.setState(store, { guildId: GUILD, userId: ALICE, token }, { picks: 1 }, at(16))).toBe(false);
  });

  it('keeps state changes, and lets one claim through', async () => {
    store = createMemoryGuildStore();
    const key = { guildId: GUILD, userId: ALICE, token: await shelf.put(store, GUILD, ALICE, { rows: [] }, { picks: 0 }, t0) };
    expect(await shelf.setState(store, key, { picks: 2 }, at(1))).toBe(true);
    expect(await shelf.get(store, key, at(1))).toMatchObject({ status: 'open', state: { picks: 2 } });
    const claims = await Promise.all([shelf.claim(store, key, at(2)), shelf.claim(store, key, at(2))]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await shelf.get(store, key, at(2))).toEqual({ status: 'settled' });
    await shelf.release(store, key);
    expect(await shelf.get(store, key, at(2))).toMatchObject({ status: 'open' });
    await shelf.finish(store, key);
    expect(await shelf.get(store, key, at(2))).toEqual({ status: 'settled' });
    expect(await shelf.claim(store, key, at(2))).toBe(false);
    const read = await store.read(GUILD);
    expect(read.pendingImports[ALICE]![key.token]).toMatchObject({ payload: '', settled: true });
  });

  it('prunes expired records and keeps a few per member and per server', async () => {
    store = createMemoryGuildStore();
    const a1 = await shelf.put(store, GUILD, ALICE, { rows: ['1'] }, { picks: 0 }, t0);
    const a2 = await shelf.put(store, GUILD, ALICE, { rows: ['2'] }, { picks: 0 }, at(1));
    const a3 = await shelf.put(store, GUILD, ALICE, { rows: ['3'] }, { picks: 0 }, at(2));
    let kept = (await store.read(GUILD)).pendingImports;
    expect(Object.keys(kept[ALICE]!).sort()).toEqual([a2, a3].sort());
    expect(a1).not.toBe(a2);
    const b1 = await shelf.put(store, GUILD, BOB, { rows: ['b'] }, { picks: 0 }, at(3));
    const b2 = await shelf.put(store, GUILD, BOB, { rows: ['b'] }, { picks: 0 }, at(4));
    kept = (await store.read(GUILD)).pendingImports;
    // Three per server: alice's oldest went.
    expect(Object.keys(kept[ALICE]!)).toEqual([a3]);
    expect(Object.keys(kept[BOB]!).sort()).toEqual([b1, b2].sort());
    // Past every expiry, the next record is the server's only one.
    const late = await shelf.put(store, GUILD, BOB, { rows: [] }, { picks: 0 }, at(60));
    expect((await store.read(GUILD)).pendingImports).toEqual({ [BOB]: { [late]: expect.objectContaining({ settled: false }) } });
  });

  it('refuses a payload over its size even compressed, and stores a big one compressed', async () => {
    store = createMemoryGuildStore();
    const random = Array.from({ length: 300 }, (_, i) => (i * 2654435761).toString(36));
    await expect(shelf.put(store, GUILD, ALICE, { rows: random }, { picks: 0 }, t0)).rejects.toBeInstanceOf(PendingTooLargeError);
    const repetitive = { rows: Array.from({ length: 2_000 }, () => 'The same viewing, again and again') };
    const token = await shelf.put(store, GUILD, ALICE, repetitive, { picks: 0 }, t0);
    expect((await store.read(GUILD)).pendingImports[ALICE]![token]!.payload.length).toBeLessThan(2_000);
    expect(await shelf.get(store, { guildId: GUILD, userId: ALICE, token }, t0)).toMatchObject({ status: 'open', payload: repetitive });
  });
});
