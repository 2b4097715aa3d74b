import { readFileSync } from 'node:fs';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { ClubDiary } from '../../src/club/diary.js';
import { ClubLists, type ListActor } from '../../src/lists/clubLists.js';
import { MANAGE_GUILD, ADMINISTRATOR } from '../../src/permissions.js';
import { UserError } from '../../src/errors.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { expect } from 'vitest';

export const GUILD = '100000000000000001';
/** What @everyone gets by default (view channels, send messages, use commands): no moderation bits. */
export const PLAIN_PERMISSIONS = String((1n << 10n) | (1n << 11n) | (1n << 31n));
export const MOD_ROLE = '300000000000000009';

export function actor(n: number, name: string, access: ListActor['access']): ListActor {
  return { guildId: GUILD, userId: String(200000000000000000n + BigInt(n)), name, access };
}

/** Manage Server. */
export const MOD = actor(1, 'Mona Moderator', { permissions: String(MANAGE_GUILD | (1n << 11n)), roleIds: [] });
export const ADMIN = actor(2, 'Ada Admin', { permissions: String(ADMINISTRATOR), roleIds: [] });
export const ALICE = actor(3, 'Alice', { permissions: PLAIN_PERMISSIONS, roleIds: [] });
export const BOB = actor(4, 'Bob', { permissions: PLAIN_PERMISSIONS, roleIds: [] });
export const CAROL = actor(5, 'Carol', { permissions: PLAIN_PERMISSIONS, roleIds: [MOD_ROLE] });

let bundled: Catalog | undefined;

/** The bundled 330-film catalog (built once per test file). */
export async function bundledCatalog(): Promise<Catalog> {
  if (!bundled) {
    const { films } = await loadCatalogFiles([new URL('../../data/films.json', import.meta.url).pathname]);
    bundled = new Catalog(films);
  }
  return bundled;
}

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url), 'utf8');
}

export const MINUTE = 60_000;

/** A store, the bundled catalog, a diary and lists sharing one clock that moves a minute per change. */
export async function setup(store: GuildStore = createMemoryGuildStore()) {
  let current = new Date('2024-06-15T12:00:00.000Z').getTime();
  const now = () => {
    const at = new Date(current);
    current += MINUTE;
    return at;
  };
  const films = await bundledCatalog();
  const diary = new ClubDiary({ store, films, now });
  const lists = new ClubLists({ store, films, now });
  /** Logs watches on distinct days long ago (so no double-click guard trips). */
  const watch = async (who: ListActor, ...filmIds: string[]) => {
    for (const filmId of filmIds) await diary.watch(who, filmId, { on: '2024-01-01' });
  };
  return { store, films, diary, lists, watch };
}

/** Asserts the call fails with a UserError matching `message` and leaves the guild's data as it was. */
export async function rejectsCleanly(store: GuildStore, call: () => Promise<unknown>, message: RegExp): Promise<UserError> {
  const before = JSON.stringify(await store.read(GUILD));
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(await store.read(GUILD))).toBe(before);
  return error as UserError;
}

export function csvAttachment(name: string, text: string, contentType: string | null = 'text/csv; charset=utf-8') {
  return { attachment: { name, size: Buffer.byteLength(text), contentType }, content: text };
}
