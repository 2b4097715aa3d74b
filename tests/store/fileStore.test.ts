import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log.js';
import { CorruptGuildDataError } from '../../src/store/errors.js';
import { openFileGuildStore, type FileStoreOptions } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { describeGuildStoreContract, GUILD_A, GUILD_B, USER } from './contract.js';
import { emptyGuildData } from '../../src/store/schema.js';

const dirs: string[] = [];
const stores: GuildStore[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-store-'));
  dirs.push(dir);
  return dir;
}

async function open(options: FileStoreOptions): Promise<GuildStore> {
  const store = await openFileGuildStore(options);
  stores.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describeGuildStoreContract('lowdb files', async () => open({ dataDir: await tempDir() }));

const fileOf = (dataDir: string, guildId: string) => join(dataDir, 'guilds', `${guildId}.json`);

describe('lowdb file store', () => {
  it('writes one JSON file per guild that a new store instance reads back', async () => {
    const dataDir = await tempDir();
    const first = await open({ dataDir });
    await first.update(GUILD_A, (data) => {
      data.members[USER] = 'Alice';
      data.config.timezone = 'Europe/Paris';
    });
    await first.update(GUILD_B, (data) => {
      data.seq = 7;
    });
    const written = await first.read(GUILD_A);
    await first.close();

    // Really on disk (lowdb's preset would have used memory under NODE_ENV=test).
    expect(process.env['NODE_ENV']).toBe('test');
    const onDisk = JSON.parse(await readFile(fileOf(dataDir, GUILD_A), 'utf8')) as unknown;
    expect(onDisk).toMatchObject({ version: 1, members: { [USER]: 'Alice' }, config: { timezone: 'Europe/Paris' } });
    expect((await readdir(join(dataDir, 'guilds'))).sort()).toEqual([`${GUILD_A}.json`, `${GUILD_B}.json`]);

    const second = await open({ dataDir });
    expect(await second.read(GUILD_A)).toEqual(written);
    expect((await second.read(GUILD_B)).seq).toBe(7);
    expect(await second.guildIds()).toEqual([GUILD_A, GUILD_B]);
  });

  it('merges defaults into a file written before a section existed', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    await writeFile(fileOf(dataDir, GUILD_A), JSON.stringify({ version: 1, members: { [USER]: 'Alice' } }));
    const store = await open({ dataDir });
    const data = await store.read(GUILD_A);
    expect(data).toEqual({ ...emptyGuildData(), members: { [USER]: 'Alice' } });
    await store.update(GUILD_A, (draft) => {
      draft.seq += 1;
    });
    const rewritten = JSON.parse(await readFile(fileOf(dataDir, GUILD_A), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(rewritten).sort()).toEqual(Object.keys(emptyGuildData()).sort());
  });

  it.each([
    ['not JSON', '{"version": 1, "members": {', /not valid JSON/],
    ['JSON null', 'null', /expected a JSON object/],
    ['an invalid rating', JSON.stringify({ version: 1, memberFilms: { [USER]: { 'irma-vep-1996': { rating: { stars: 7, at: '2024-01-01T00:00:00.000Z' } } } } }), /memberFilms\.\d+\.irma-vep-1996\.rating\.stars/],
    ['no version', JSON.stringify({ members: {} }), /version/],
    ['a newer version', JSON.stringify({ version: 99 }), /newer Marquee/],
  ])('refuses a file with %s, names it, and never overwrites it', async (_label, content, reason) => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    const path = fileOf(dataDir, GUILD_A);
    await writeFile(path, content);
    const store = await open({ dataDir });

    const error = await store.read(GUILD_A).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptGuildDataError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(reason);
    await expect(store.update(GUILD_A, (data) => (data.seq = 1))).rejects.toBeInstanceOf(CorruptGuildDataError);
    expect(await readFile(path, 'utf8')).toBe(content);

    // Other guilds are unaffected, and a repaired file is picked up without a restart.
    await store.update(GUILD_B, (data) => (data.seq = 2));
    await writeFile(path, JSON.stringify({ version: 1, seq: 41 }));
    expect(await store.update(GUILD_A, (data) => ++data.seq)).toBe(42);
  });

  it('can instead move a bad file aside and start the guild empty, saying so', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    const path = fileOf(dataDir, GUILD_A);
    await writeFile(path, '{oops');
    const log = createMemoryLogger();
    const store = await open({ dataDir, onCorrupt: 'quarantine', log, now: () => new Date('2024-06-15T12:34:56.789Z') });

    expect((await store.read(GUILD_A)).seq).toBe(0);
    const aside = `${path}.corrupt-2024-06-15T12-34-56-789Z`;
    expect(await readFile(aside, 'utf8')).toBe('{oops');
    expect(existsSync(path)).toBe(false);
    expect(log.lines.join('\n')).toContain(path);
    expect(log.lines.join('\n')).toContain(aside);
    await store.update(GUILD_A, (data) => (data.seq = 1));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ seq: 1 });
    expect(await store.guildIds()).toEqual([GUILD_A]);
  });

  it('keeps the last durable state when a write fails', async () => {
    const dataDir = await tempDir();
    const store = await open({ dataDir });
    await store.update(GUILD_A, (data) => (data.seq = 1));
    // A directory where the file should be makes the rename fail.
    const path = fileOf(dataDir, GUILD_A);
    await rm(path);
    await mkdir(join(path, 'blocker'), { recursive: true });
    await expect(store.update(GUILD_A, (data) => (data.seq = 2))).rejects.toThrow();
    expect((await store.read(GUILD_A)).seq).toBe(1);
    await rm(path, { recursive: true });
    await store.update(GUILD_A, (data) => (data.seq += 10));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ seq: 11 });
  });

  it('ignores a temp file left by a crash mid-write', async () => {
    const dataDir = await tempDir();
    const first = await open({ dataDir });
    await first.update(GUILD_A, (data) => (data.seq = 5));
    await first.close();
    await writeFile(join(dataDir, 'guilds', `.${GUILD_A}.json.tmp`), '{"version": 1, "seq": 9');
    const second = await open({ dataDir });
    expect((await second.read(GUILD_A)).seq).toBe(5);
    expect(await second.guildIds()).toEqual([GUILD_A]);
    await second.update(GUILD_A, (data) => (data.seq = 6));
    expect((await readdir(join(dataDir, 'guilds'))).sort()).toEqual([`${GUILD_A}.json`]);
  });

  it('allows one open store per data directory in a process', async () => {
    const dataDir = await tempDir();
    const first = await open({ dataDir });
    await expect(openFileGuildStore({ dataDir })).rejects.toThrow(/already has .* open/);
    await first.close();
    const second = await open({ dataDir });
    expect((await second.read(GUILD_A)).seq).toBe(0);
  });

  it('builds no path from a bad guild id', async () => {
    const dataDir = await tempDir();
    const store = await open({ dataDir: join(dataDir, 'data') });
    await expect(store.update('../../escape', () => undefined)).rejects.toThrow(/Not a Discord guild id/);
    expect(await readdir(dataDir)).toEqual(['data']);
    expect(await readdir(join(dataDir, 'data'))).toEqual(['guilds']);
    expect(await readdir(join(dataDir, 'data', 'guilds'))).toEqual([]);
  });
});
