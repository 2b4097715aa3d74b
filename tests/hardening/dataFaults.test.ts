/**
 * Data faults under the real bot: the disk filling up (ENOSPC) and DATA_DIR turning read-only or unwritable
 * (EROFS, EACCES) while members use Marquee. The file store's `beforeWrite` seam makes each write fail as the file
 * system would (a root test process cannot provoke it with chmod). A member is told that nothing was recorded,
 * nothing is confirmed that was not written, and once the disk takes writes again the next one succeeds and the
 * bot's memory equals what a fresh process reads from disk. A corrupt server file at start (a server-level
 * partition, where tests/store covers member partitions and one-file servers) refuses that server only.
 *
 * Covered elsewhere and not repeated here: kill -9 during a write storm (tests/store/crash.test.ts), a second
 * process on one DATA_DIR refused (tests/scale/sharding.test.ts, lockDataDir).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { STORAGE_REFUSED_MESSAGE } from '../../src/errors.js';
import { createMemoryLogger } from '../../src/log.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { CorruptGuildDataError } from '../../src/store/errors.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/index.js';
import { csrfOf, HttpVisitor, startWebClub, type WebClub } from '../web/helpers.js';
import { recordReliability } from './reliability.js';

/** What the disk does with the next write: take it, or refuse it with an errno code. */
let disk: 'ok' | 'ENOSPC' | 'EROFS' | 'EACCES' = 'ok';
/** Refuse only checkpoints (partition files), so a journal append goes through first: space runs out in between. */
let checkpointsOnly = false;
let refusedWrites = 0;
function beforeWrite(path: string): void {
  if (disk === 'ok') return;
  if (checkpointsOnly && /journal-\d+\.jsonl$|\.new$/.test(path)) return;
  refusedWrites += 1;
  const messages = { ENOSPC: 'no space left on device', EROFS: 'read-only file system', EACCES: 'permission denied' };
  throw Object.assign(new Error(`${disk}: ${messages[disk]}, write '${path}'`), { code: disk, path });
}

let dataDir: string;
let store: GuildStore;
let club: WebClub;
let alice: MemberHandle;
const storeLog = createMemoryLogger('warn');
const FILMS = (JSON.parse(readFileSync(BUNDLED_CATALOG, 'utf8')) as { id: string }[]).map((film) => film.id);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-data-faults-'));
  store = await openFileGuildStore({ dataDir, log: storeLog, beforeWrite, checkpointDelayMs: 20 });
  club = await startWebClub({ dataDir, store, discord: { settleMs: 0 } });
  alice = club.guild.addMember({ username: 'alice' });
});
afterAll(async () => {
  await club?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** What a fresh process would read from disk (a read-only store replays the journals as a restart does). */
async function onDisk(): Promise<unknown> {
  const reader = await openFileGuildStore({ dataDir, readOnly: true });
  try {
    return JSON.parse(JSON.stringify(await reader.read(club.guild.id)));
  } finally {
    await reader.close();
  }
}

async function inMemory(): Promise<unknown> {
  return JSON.parse(JSON.stringify(await store.read(club.guild.id)));
}

function ratingOf(data: unknown, filmId: string): number | undefined {
  return (data as { memberFilms: Record<string, Record<string, { rating?: { stars: number } }>> }).memberFilms[alice.id]?.[filmId]?.rating?.stars;
}

/** Journals still holding changes (a checkpoint leaves the next, empty journal ready for the next write). */
const journals = async () => {
  const dir = join(dataDir, 'guilds', club.guild.id);
  const names = (await readdir(dir)).filter((name) => name.startsWith('journal-'));
  return names.filter((name) => readFileSync(join(dir, name), 'utf8').length > 0);
};

/** Every rating a member was told was saved, and every one refused, across the whole suite. */
const confirmed = new Map<string, number>();
const refused = new Set<string>();
let answered = 0;
let tried = 0;

/** Alice rates a film; returns what she was told. */
async function rate(filmId: string, stars: number): Promise<string> {
  tried += 1;
  const reply = await alice.slash('rate', { film: filmId, stars });
  answered += 1;
  expect(reply.ephemeral, 'a refusal or a confirmation, privately').toBe(true);
  if (reply.content === STORAGE_REFUSED_MESSAGE) refused.add(filmId);
  else if (/^Rated \*\*/.test(reply.content)) confirmed.set(filmId, stars);
  return reply.content;
}

describe('a disk that refuses writes', () => {
  it('first write of a server with the disk full: the member is told nothing was recorded, and nothing was', async () => {
    disk = 'ENOSPC';
    expect(await rate(FILMS[0]!, 4)).toBe(STORAGE_REFUSED_MESSAGE);
    expect(ratingOf(await inMemory(), FILMS[0]!)).toBeUndefined();
    expect(existsSync(join(dataDir, 'guilds', club.guild.id))).toBe(false);
  });

  it('space is back: the same write goes through and memory equals disk', async () => {
    disk = 'ok';
    expect(await rate(FILMS[0]!, 4)).toMatch(/^Rated \*\*/);
    expect(ratingOf(await inMemory(), FILMS[0]!)).toBe(4);
    expect(await onDisk()).toEqual(await inMemory());
  });

  it.each(['ENOSPC', 'EROFS', 'EACCES'] as const)('%s on a journal append: refused, told, not kept in memory; the next write once writable succeeds', async (code) => {
    const film = FILMS[['ENOSPC', 'EROFS', 'EACCES'].indexOf(code) + 1]!;
    disk = code;
    expect(await rate(film, 3)).toBe(STORAGE_REFUSED_MESSAGE);
    expect(ratingOf(await inMemory(), film)).toBeUndefined();
    disk = 'ok';
    expect(await onDisk()).toEqual(await inMemory());
    expect(await rate(film, 3.5)).toMatch(/^Rated \*\*/);
    expect(ratingOf(await onDisk(), film)).toBe(3.5);
  });

  it('a button press while the disk is full gets the same answer and changes nothing', async () => {
    disk = 'ok';
    const card = await alice.slash('film', { title: FILMS[10]! });
    const before = await inMemory();
    disk = 'ENOSPC';
    tried += 1;
    const pressed = await alice.click(card, 'Watchlist');
    const answer = pressed.ephemeral ? pressed : await pressed.waitForFollowUp();
    answered += 1;
    expect(answer.content).toBe(STORAGE_REFUSED_MESSAGE);
    disk = 'ok';
    expect(await inMemory()).toEqual(before);
    expect(await onDisk()).toEqual(before);
  });

  it('a change on the website while the disk is read-only: the page says nothing was recorded, and nothing was', async () => {
    disk = 'ok';
    const visitor = new HttpVisitor(club.web.url);
    await visitor.signIn('alice');
    const filmPath = `/servers/${club.guild.id}/films/${FILMS[12]!}`;
    const page = await visitor.get(filmPath);
    const before = await inMemory();
    disk = 'EROFS';
    tried += 1;
    const after = await visitor.post(`${filmPath}/watch`, { _csrf: csrfOf(page.text), on: '2024-05-17', stars: '4' });
    answered += 1;
    disk = 'ok';
    expect(after.text).toContain('I could not save that: the disk Marquee keeps its data on is full or read-only, so nothing was recorded.');
    expect(await inMemory()).toEqual(before);
    expect(await onDisk()).toEqual(before);
    const again = await visitor.post(`${filmPath}/watch`, { _csrf: csrfOf((await visitor.get(filmPath)).text), on: '2024-05-17', stars: '4' });
    expect(again.text).toContain('Logged');
    expect(await onDisk()).toEqual(await inMemory());
  });

  it('the disk fills up after a write was acknowledged but before its checkpoint: the journal keeps it, and the checkpoint completes once space is back', async () => {
    const failedCheckpoints = () => storeLog.lines.filter((line) => /could not write server .*partitions; its journal keeps the changes/.test(line)).length;
    const before = failedCheckpoints();
    disk = 'ENOSPC';
    checkpointsOnly = true;
    expect(await rate(FILMS[20]!, 5)).toMatch(/^Rated \*\*/);
    await vi.waitFor(() => expect(failedCheckpoints()).toBeGreaterThan(before), { timeout: 10_000 });
    checkpointsOnly = false;
    expect(await journals()).not.toEqual([]);
    // A restart now would still have it: the acknowledged write is in the journal.
    disk = 'ok';
    expect(ratingOf(await onDisk(), FILMS[20]!)).toBe(5);
    expect(await rate(FILMS[21]!, 2)).toMatch(/^Rated \*\*/);
    await vi.waitFor(async () => expect(await journals()).toEqual([]), { timeout: 10_000 });
    const partition = JSON.parse(await readFile(join(dataDir, 'guilds', club.guild.id, 'members', `${alice.id}.json`), 'utf8')) as unknown;
    expect(ratingOf({ memberFilms: { [alice.id]: (partition as { memberFilms: unknown }).memberFilms } }, FILMS[20]!)).toBe(5);
    expect(await onDisk()).toEqual(await inMemory());
  });

  it('a storm of writes with the disk flapping: every confirmed rating is on disk, every refused one is not', async () => {
    const codes = ['ok', 'ENOSPC', 'ok', 'EROFS', 'ok', 'ok', 'EACCES', 'ok', 'ENOSPC', 'ok'] as const;
    for (const [i, code] of codes.entries()) {
      disk = code;
      await rate(FILMS[30 + i]!, 1 + (i % 4));
    }
    disk = 'ok';
    const saved = await onDisk();
    let lost = 0;
    for (const [film, stars] of confirmed) if (ratingOf(saved, film) !== stars) lost += 1;
    const recordedAnyway = [...refused].filter((film) => !confirmed.has(film) && ratingOf(saved, film) !== undefined);
    expect(lost).toBe(0);
    expect(recordedAnyway).toEqual([]);
    expect(saved).toEqual(await inMemory());
    expect(club.discord.violations).toEqual([]);
    recordReliability('data-faults', [
      { area: 'data faults', what: 'writes refused by the disk (ENOSPC, EROFS, EACCES)', tried: refusedWrites, refused: refused.size, lost: 0, note: 'member told nothing was recorded' },
      { area: 'data faults', what: 'member actions during the faults', tried, refused: 0, lost: tried - answered, note: 'lost = left unanswered' },
      { area: 'data faults', what: 'acknowledged writes checked on disk', tried: confirmed.size, refused: 0, lost, note: 'lost = confirmed but not on disk' },
    ]);
  });
});

describe('a corrupt server file at start', () => {
  const GUILD = '300000000000000001';
  const OTHER = '300000000000000002';

  it.each([
    ['meta.json', 'meta.json', '{"format": "marquee-part', /meta\.json/],
    ['a server record not JSON', 'seq.json', '{"value": 4', /seq\.json.*not valid JSON/],
    ['a server record failing the schema', 'seq.json', '{"value": "four"}', /seq\.json/],
    ['a log with a bad line in the middle', 'activity.jsonl', '{"add": 1}\nnot json\n{"add": 2}\n', /activity\.jsonl/],
  ])('%s: that server is refused naming the file, never overwritten; other servers work', async (_label, file, content, reason) => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-corrupt-'));
    try {
      const first = await openFileGuildStore({ dataDir: dir });
      await first.update(GUILD, (data) => (data.seq = 3));
      await first.update(OTHER, (data) => (data.seq = 7));
      await first.close();
      const path = join(dir, 'guilds', GUILD, file);
      await writeFile(path, content);

      const reopened = await openFileGuildStore({ dataDir: dir });
      const error = await reopened.read(GUILD).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CorruptGuildDataError);
      expect((error as Error).message).toMatch(reason);
      await expect(reopened.update(GUILD, (data) => (data.seq = 1))).rejects.toBeInstanceOf(CorruptGuildDataError);
      expect((await reopened.read(OTHER)).seq).toBe(7);
      await reopened.update(OTHER, (data) => (data.seq = 8));
      await reopened.close();
      expect(await readFile(path, 'utf8')).toBe(content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
