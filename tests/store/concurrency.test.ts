import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { syntheticFilmId, syntheticFilms, syntheticMember } from '../fixtures/syntheticFilms.js';

const GUILD = '130000000000000001';
const MEMBERS = 50;
const FILMS_EACH = 10;
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Opens a file store on a fresh temp dir with a diary on top of it. */
async function openDiary(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'marquee-concurrency-')));
  if (!dataDir) dirs.push(dir);
  const store = await openFileGuildStore({ dataDir: dir });
  return { dir, store, diary: new ClubDiary({ store, films: syntheticFilms() }) };
}

/** Member m watches 10 consecutive films from 3m (mod 60), so each film is shared by several members. */
const filmFor = (m: number, i: number) => syntheticFilmId((m * 3 + i) % 60);
const dateFor = (i: number) => `2024-02-${String(i + 1).padStart(2, '0')}`;

async function expectEachRecordedOnce(store: GuildStore, dir: string): Promise<void> {
  const data = await store.read(GUILD);
  for (let m = 0; m < MEMBERS; m++) {
    const member = syntheticMember(GUILD, m);
    const films = data.memberFilms[member.userId] ?? {};
    for (let i = 0; i < FILMS_EACH; i++) {
      expect(films[filmFor(m, i)]?.diary.map((entry) => entry.watchedOn)).toEqual([dateFor(i)]);
    }
    expect(Object.keys(films)).toHaveLength(FILMS_EACH);
    expect(data.members[member.userId]).toBe(member.name);
  }
  expect(data.activity).toHaveLength(MEMBERS * FILMS_EACH);
  expect(new Set(data.activity.map((event) => event.id)).size).toBe(MEMBERS * FILMS_EACH);

  // A member's partition holds exactly that member's records, and a fresh store instance sees the same state.
  await store.close();
  const member = syntheticMember(GUILD, 0);
  const partition = JSON.parse(await readFile(join(dir, 'guilds', GUILD, 'members', `${member.userId}.json`), 'utf8')) as { memberFilms: unknown };
  expect(partition.memberFilms).toEqual(JSON.parse(JSON.stringify(data.memberFilms[member.userId])));
  const reopened = await openDiary(dir);
  expect(await reopened.store.read(GUILD)).toEqual(data);
  await reopened.store.close();
}

describe('concurrent updates on the lowdb file store', () => {
  it(`records ${MEMBERS * FILMS_EACH} watches from ${MEMBERS} members dispatched at once exactly once`, async () => {
    const { dir, store, diary } = await openDiary();
    const calls = [];
    for (let i = 0; i < FILMS_EACH; i++) {
      for (let m = 0; m < MEMBERS; m++) {
        calls.push(diary.watch(syntheticMember(GUILD, m), filmFor(m, i), { on: dateFor(i) }));
      }
    }
    const results = await Promise.all(calls);
    expect(new Set(results.map((result) => result.undoToken)).size).toBe(MEMBERS * FILMS_EACH);
    await expectEachRecordedOnce(store, dir);
  });

  it('stays exact when each member’s changes interleave with everyone else’s writes', async () => {
    const { dir, store, diary } = await openDiary();
    // 50 members in parallel, each clicking through its 10 films one after another: many write batches.
    await Promise.all(
      Array.from({ length: MEMBERS }, async (_, m) => {
        for (let i = 0; i < FILMS_EACH; i++) {
          await diary.watch(syntheticMember(GUILD, m), filmFor(m, i), { on: dateFor(i) });
          if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await expectEachRecordedOnce(store, dir);
  });
});
