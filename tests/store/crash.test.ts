import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import { syntheticFilmId, syntheticFilms, syntheticMember } from '../fixtures/syntheticFilms.js';
import { runWriterAndKill } from '../support/crashWriter.js';

const GUILD = '120000000000000001';
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('crash safety', () => {
  it('keeps every acknowledged watch when the process is SIGKILLed mid-stream, again and again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-crash-'));
    dirs.push(dataDir);
    const acknowledged: number[] = [];
    for (const [round, firstN] of [0, 10_000, 20_000].entries()) {
      acknowledged.push(...(await runWriterAndKill([dataDir, GUILD, String(firstN)], 40 + round * 15)));

      // Every partition file is whole JSON after every kill (never half-written); journals may end torn.
      const dir = join(dataDir, 'guilds', GUILD);
      for (const file of [...(await readdir(dir)).filter((name) => name.endsWith('.json')), ...(await readdir(join(dir, 'members'))).map((name) => join('members', name))]) {
        if (file.startsWith('.') || file.includes('/.')) continue;
        const text = await readFile(join(dir, file), 'utf8');
        expect(() => JSON.parse(text) as unknown, file).not.toThrow();
      }
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(40 + 55 + 70);

    const store = await openFileGuildStore({ dataDir });
    try {
      const diary = new ClubDiary({ store, films: syntheticFilms() });
      const data = await store.read(GUILD);
      for (const n of acknowledged) {
        const member = syntheticMember(GUILD, n % 7);
        const record = data.memberFilms[member.userId]?.[syntheticFilmId(n)];
        expect(record?.diary, `acknowledged watch ${n} is missing`).toHaveLength(1);
      }
      // Nothing was recorded twice, and each event matches an entry.
      const entries = Object.values(data.memberFilms).flatMap((films) => Object.values(films).flatMap((record) => record.diary));
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
      expect(data.activity.filter((event) => event.kind === 'watched')).toHaveLength(entries.length);
      // And the store still takes writes after the crashes.
      await diary.watch(syntheticMember(GUILD, 1), syntheticFilmId(99_999));
    } finally {
      await store.close();
    }
  }, 60_000);
});
