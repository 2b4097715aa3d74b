import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, open as fsOpen, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/log.js';
import { CorruptGuildDataError } from '../../src/store/errors.js';
import { openFileGuildStore, type FileStoreOptions } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { describeGuildStoreContract, GUILD_A, GUILD_B, USER } from './contract.js';
import { emptyGuildData, SCHEMA_VERSION } from '../../src/store/schema.js';

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

const legacyFileOf = (dataDir: string, guildId: string) => join(dataDir, 'guilds', `${guildId}.json`);
const guildDirOf = (dataDir: string, guildId: string) => join(dataDir, 'guilds', guildId);
const readJsonFile = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('lowdb file store', () => {
  it('keeps each server in small partition files that a new store instance reads back', async () => {
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

    // Really on disk (lowdb's preset would have used memory under NODE_ENV=test), one file per member.
    expect(process.env['NODE_ENV']).toBe('test');
    const dir = guildDirOf(dataDir, GUILD_A);
    expect(await readJsonFile(join(dir, 'members', `${USER}.json`))).toEqual({ members: 'Alice' });
    expect(await readJsonFile(join(dir, 'config.json'))).toEqual({ value: { timezone: 'Europe/Paris' } });
    expect(await readJsonFile(join(dir, 'meta.json'))).toMatchObject({ version: SCHEMA_VERSION });
    expect((await readdir(join(dataDir, 'guilds'))).sort()).toEqual([GUILD_A, GUILD_B]);

    const second = await open({ dataDir });
    expect(await second.read(GUILD_A)).toEqual(written);
    expect((await second.read(GUILD_B)).seq).toBe(7);
    expect(await second.guildIds()).toEqual([GUILD_A, GUILD_B]);
  });

  it('converts a server stored by the previous version as one file, keeping the original as a backup', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    const legacy = {
      version: 1,
      seq: 3,
      members: { [USER]: 'Alice' },
      memberFilms: { [USER]: { 'irma-vep-1996': { diary: [{ id: 'd1', watchedOn: '2024-01-01', loggedAt: '2024-01-01T10:00:00.000Z' }] } } },
      activity: [{ id: 'e2', at: '2024-01-01T10:00:00.000Z', userId: USER, filmId: 'irma-vep-1996', kind: 'watched', entryId: 'd1', watchedOn: '2024-01-01' }],
      undo: [{ token: 'e2', userId: USER, filmId: 'irma-vep-1996', at: '2024-01-01T10:00:00.000Z', eventIds: ['e2'], before: null, after: { diary: [{ id: 'd1', watchedOn: '2024-01-01', loggedAt: '2024-01-01T10:00:00.000Z' }] } }],
    };
    const text = JSON.stringify(legacy);
    await writeFile(legacyFileOf(dataDir, GUILD_A), text);
    const log = createMemoryLogger();
    const store = await open({ dataDir, log });
    const data = await store.read(GUILD_A);
    expect(data).toEqual({ ...emptyGuildData(), seq: 3, members: legacy.members, memberFilms: legacy.memberFilms, activity: legacy.activity, undo: { [USER]: { e2: legacy.undo[0] } } });
    expect(existsSync(legacyFileOf(dataDir, GUILD_A))).toBe(false);
    expect(await readFile(`${legacyFileOf(dataDir, GUILD_A)}.pre-partitions`, 'utf8')).toBe(text);
    expect(log.lines.join('\n')).toContain('.pre-partitions');
    expect(await store.guildIds()).toEqual([GUILD_A]);
    await store.update(GUILD_A, (draft) => {
      draft.seq += 1;
    });
    await store.close();
    const again = await open({ dataDir });
    expect((await again.read(GUILD_A)).seq).toBe(4);
    expect((await again.read(GUILD_A)).memberFilms).toEqual(legacy.memberFilms);
  });

  it.each([
    ['not JSON', '{"version": 1, "members": {', /not valid JSON/],
    ['JSON null', 'null', /expected a JSON object/],
    ['an invalid rating', JSON.stringify({ version: 1, memberFilms: { [USER]: { 'irma-vep-1996': { rating: { stars: 7, at: '2024-01-01T00:00:00.000Z' } } } } }), /memberFilms\.\d+\.irma-vep-1996\.rating\.stars/],
    ['no version', JSON.stringify({ members: {} }), /version/],
    ['a newer version', JSON.stringify({ version: 99 }), /newer Marquee/],
  ])('refuses an old-format file with %s, names it, and never overwrites it', async (_label, content, reason) => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    const path = legacyFileOf(dataDir, GUILD_A);
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

  it('refuses only the member whose partition is corrupt, naming the file, while the rest of the server and other servers work', async () => {
    const dataDir = await tempDir();
    const OTHER = '200000000000000099';
    const first = await open({ dataDir });
    await first.update(GUILD_A, (data) => (data.members[USER] = 'Alice'));
    await first.update(GUILD_A, (data) => (data.members[OTHER] = 'Carol'));
    await first.update(GUILD_B, (data) => (data.members[USER] = 'Bob'));
    await first.close();
    const partition = join(guildDirOf(dataDir, GUILD_A), 'members', `${USER}.json`);
    await writeFile(partition, '{"members": "Ali');

    const log = createMemoryLogger();
    const store = await open({ dataDir, log });
    const data = await store.read(GUILD_A);
    expect(data.members[USER]).toBeUndefined();
    expect(data.members[OTHER]).toBe('Carol');
    expect(log.lines.join('\n')).toContain(partition);
    // Any change to that member is refused with the file's name; changes to others go through.
    const error = await store.update(GUILD_A, (draft) => (draft.members[USER] = 'Mallory')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptGuildDataError);
    expect((error as Error).message).toContain(partition);
    await store.update(GUILD_A, (draft) => (draft.members[OTHER] = 'Caroline'));
    await store.update(GUILD_A, (draft) => (draft.seq = 5));
    expect((await store.read(GUILD_B)).members[USER]).toBe('Bob');
    await store.close();
    // Nothing overwrote it; once repaired, the member is back (at the next start).
    expect(await readFile(partition, 'utf8')).toBe('{"members": "Ali');
    await writeFile(partition, '{"members": "Alice"}');
    const repaired = await open({ dataDir });
    expect((await repaired.read(GUILD_A)).members).toEqual({ [USER]: 'Alice', [OTHER]: 'Caroline' });
    await repaired.close();
  });

  it('can instead move a bad server aside and start it empty, saying so', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    const path = legacyFileOf(dataDir, GUILD_A);
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
    await store.close();
    expect(await readJsonFile(join(guildDirOf(dataDir, GUILD_A), 'seq.json'))).toEqual({ value: 1 });
    expect(await (await open({ dataDir })).guildIds()).toEqual([GUILD_A]);
  });

  it('replays acknowledged changes from the journal, ignoring a torn last line', async () => {
    const dataDir = await tempDir();
    const store = await open({ dataDir, checkpointDelayMs: 3_600_000 });
    await store.update(GUILD_A, (data) => (data.members[USER] = 'Alice'));
    await store.update(GUILD_A, (data) => (data.seq = 9));
    // A copy of the files as a crash would leave them: partitions never written, the journal holding both changes.
    const crashed = await tempDir();
    await cp(join(dataDir, 'guilds'), join(crashed, 'guilds'), { recursive: true });
    const journals = (await readdir(guildDirOf(crashed, GUILD_A))).filter((name) => name.startsWith('journal-'));
    expect(journals).toHaveLength(1);
    expect(existsSync(join(guildDirOf(crashed, GUILD_A), 'members', `${USER}.json`))).toBe(false);
    await appendFile(join(guildDirOf(crashed, GUILD_A), journals[0]!), '{"changes":[{"kind":"value","fie');

    const reopened = await open({ dataDir: crashed });
    expect((await reopened.read(GUILD_A)).members[USER]).toBe('Alice');
    expect((await reopened.read(GUILD_A)).seq).toBe(9);
    await reopened.update(GUILD_A, (data) => (data.seq += 1));
    await reopened.close();
    expect(await readJsonFile(join(guildDirOf(crashed, GUILD_A), 'seq.json'))).toEqual({ value: 10 });
    expect((await readdir(guildDirOf(crashed, GUILD_A))).filter((name) => name.startsWith('journal-'))).toEqual([]);
  });


  it('never deletes a journal whose changes a running checkpoint has not written yet (close during a checkpoint)', async () => {
    const dataDir = await tempDir();
    // A checkpoint starts right after the commit (the journal is past 1 byte) and has 60 member files to write.
    const store = await open({ dataDir, checkpointBytes: 1 });
    const users = Array.from({ length: 60 }, (_, i) => String(200000000000000000n + BigInt(i)));
    await store.update(GUILD_A, (data) => {
      for (const user of users) data.members[user] = `Member ${user}`;
    });
    // Let that checkpoint's timer fire, then close while it writes: close's own checkpoint must wait for it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await store.close();
    // What a crash right now would leave: the journal, or every partition.
    const dir = guildDirOf(dataDir, GUILD_A);
    const journals = (await readdir(dir)).filter((name) => name.startsWith('journal-'));
    const missing = users.filter((user) => !existsSync(join(dir, 'members', `${user}.json`)));
    expect({ journals: journals.length > 0, missing: missing.length }).toEqual({ journals: false, missing: 0 });
  });
  it('refuses a write the disk took only in part, leaving no partial line before the next acknowledged one', async () => {
    const dataDir = await tempDir();
    const store = await open({ dataDir, checkpointDelayMs: 3_600_000 });
    await store.update(GUILD_A, (data) => (data.seq = 1));
    // The journal's file handle writes only part of the next line, as a full disk can.
    const probe = await fsOpen(join(dataDir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { writev: (buffers: Buffer[]) => Promise<{ bytesWritten: number }> };
    await probe.close();
    const writev = prototype.writev;
    prototype.writev = async function (this: unknown, buffers: Buffer[]) {
      prototype.writev = writev;
      const all = Buffer.concat(buffers);
      await writev.call(this, [all.subarray(0, 10)]);
      return { bytesWritten: 10 };
    };
    try {
      await expect(store.update(GUILD_A, (data) => (data.seq = 2))).rejects.toThrow(/10 of \d+ bytes written/);
    } finally {
      prototype.writev = writev;
    }
    await store.update(GUILD_A, (data) => (data.members[USER] = 'Alice'));
    expect((await store.read(GUILD_A)).seq).toBe(1);

    // What a crash now would leave: the refused change nowhere, both acknowledged ones replayed.
    const crashed = await tempDir();
    await cp(join(dataDir, 'guilds'), join(crashed, 'guilds'), { recursive: true });
    const reopened = await open({ dataDir: crashed });
    expect(await reopened.read(GUILD_A)).toMatchObject({ seq: 1, members: { [USER]: 'Alice' } });
  });

  it('leaves no journal behind for a server that was only read', async () => {
    const dataDir = await tempDir();
    const first = await open({ dataDir });
    await first.update(GUILD_A, (data) => (data.seq = 5));
    await first.close();
    const second = await open({ dataDir });
    expect((await second.read(GUILD_A)).seq).toBe(5);
    await second.close();
    expect((await readdir(guildDirOf(dataDir, GUILD_A))).filter((name) => name.startsWith('journal-'))).toEqual([]);
  });

  it('ignores a temp file left by a crash mid-write', async () => {
    const dataDir = await tempDir();
    const first = await open({ dataDir });
    await first.update(GUILD_A, (data) => (data.seq = 5));
    await first.close();
    await writeFile(join(guildDirOf(dataDir, GUILD_A), '.seq.json.tmp'), '{"value": 9');
    const second = await open({ dataDir });
    expect((await second.read(GUILD_A)).seq).toBe(5);
    expect(await second.guildIds()).toEqual([GUILD_A]);
    await second.update(GUILD_A, (data) => (data.seq = 6));
    expect((await second.read(GUILD_A)).seq).toBe(6);
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
