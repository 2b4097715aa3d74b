import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../support/postgres.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBackupCli, runRestoreCli } from '../../src/cli/backupCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { ClubDiary } from '../../src/club/diary.js';
import { PENDING_PICKS } from '../../src/discord/pendingPicks.js';
import { parseSnapshot } from '../../src/import/backup.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import type { GuildData } from '../../src/store/schema.js';
import { ALICE, BOB, member, testCatalog } from './helpers.js';

/**
 * `npm run backup` and `npm run restore` with DATABASE_URL: the bot (a store in this process, as a shard process
 * would hold one) writes a member's diary, and a backup run as another process sees it; a backup taken while the
 * bot writes reads each server as of one commit; a restore puts a snapshot back into the database.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const OTHER_GUILD = '100000000000000002';
let databaseUrl: string;
let dataDir: string;
let bot: GuildStore;
let diary: ClubDiary;

function testIO(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: { isTTY: false, write: () => true },
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...env },
    now: () => new Date(),
  };
  return { io, out, err };
}

/** Runs the real `npm run backup` script in a process of its own; resolves with its exit code and output. */
function backupProcess(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', '--out', out], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  databaseUrl = await createDatabase(inject('postgresUrl'), `backup_${randomBytes(4).toString('hex')}`);
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-pg-backup-'));
  bot = await openPostgresGuildStore({ connectionString: databaseUrl, poolSize: 4 });
  diary = new ClubDiary({ store: bot, films: testCatalog(), now: () => new Date('2024-06-01T10:00:00.000Z') });
  await diary.watch(ALICE, 'holy-motors-2012', { on: '2024-05-01', stars: 4.5 });
  await diary.review(ALICE, 'holy-motors-2012', { text: 'Merde!' });
  await diary.favorite(member(3, 'Carol', OTHER_GUILD), 'stalker-1979');
}, 60_000);

afterAll(async () => {
  await bot?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Diary entries and "watched" events of a server: one write records both, so a torn read shows them apart. */
function watchedCounts(data: GuildData): { entries: number; events: number } {
  let entries = 0;
  for (const films of Object.values(data.memberFilms)) for (const record of Object.values(films)) entries += record.diary.length;
  return { entries, events: data.activity.filter((event) => event.kind === 'watched').length };
}

describe('npm run backup with DATABASE_URL', () => {
  it("a member's diary written by the bot is in a backup taken by another process, without what waits for a button", async () => {
    await PENDING_PICKS.put(bot, ALICE.guildId, ALICE.userId, { typed: 'solaris', filmIds: ['solaris-1972'], command: '/watched' }, null, new Date());
    const path = join(dataDir, 'from-another-process.json');
    const run = await backupProcess(path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^Backed up 2 server\(s\) from postgres:\/\/[^@\s]+@[^\s]+ to .*from-another-process\.json$/);
    // Never the password.
    expect(run.stdout).not.toContain(new URL(databaseUrl).password || '\0');
    const snapshot = parseSnapshot(await readFile(path, 'utf8'));
    expect(Object.keys(snapshot.guilds).sort()).toEqual([ALICE.guildId, OTHER_GUILD]);
    const alice = snapshot.guilds[ALICE.guildId]!.memberFilms[ALICE.userId]!['holy-motors-2012']!;
    expect(alice.diary).toEqual([expect.objectContaining({ watchedOn: '2024-05-01', stars: 4.5, review: expect.objectContaining({ text: 'Merde!' }) })]);
    expect(snapshot.guilds[OTHER_GUILD]!.memberFilms[member(3, 'Carol', OTHER_GUILD).userId]!['stalker-1979']!.favoriteSince).toBeDefined();
    expect((await bot.read(ALICE.guildId)).pendingPicks[ALICE.userId]).toBeDefined();
    expect(snapshot.guilds[ALICE.guildId]!.pendingPicks).toEqual({});
  }, 60_000);

  it('reads each server as of one commit while the bot writes', async () => {
    let writing = true;
    let written = 0;
    // Ends the backups below at once if the writer fails, instead of an unhandled rejection later.
    const writer = (async () => {
      const films = ['heat-1995', 'stalker-1979', 'amelie-2001', 'parasite-2019', 'aftersun-2022'];
      for (let n = 0; writing && n < 2_000; n++) {
        // Each (member, film) pair comes back every 35 writes, on the next day (a same-day repeat is refused).
        const on = new Date(Date.UTC(2023, 0, 1) + Math.floor(n / 35) * 86_400_000).toISOString().slice(0, 10);
        await diary.watch(member(10 + (n % 7), `Viewer ${n % 7}`), films[n % films.length]!, { on });
        written++;
      }
    })();
    writer.catch(() => undefined);
    const snapshots = [];
    try {
      for (let i = 0; i < 4; i++) {
        const { io, out } = testIO();
        const path = join(dataDir, `busy-${i}.json`);
        expect(await runBackupCli(['--out', path], io)).toBe(0);
        expect(out).toHaveLength(1);
        snapshots.push(parseSnapshot(await readFile(path, 'utf8')));
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      const counts = watchedCounts(snapshot.guilds[ALICE.guildId]!);
      expect(counts.entries).toBe(counts.events);
    }
    const final = watchedCounts((await bot.read(ALICE.guildId)) as GuildData);
    expect(final.entries).toBe(final.events);
  }, 120_000);
});

describe('npm run restore with DATABASE_URL', () => {
  it('puts a snapshot back into the database, keeping a copy of what was there', async () => {
    const { io: backupIO } = testIO();
    const path = join(dataDir, 'before-bob.json');
    expect(await runBackupCli(['--out', path], backupIO)).toBe(0);
    await diary.watch(BOB, 'heat-1995', { on: '2024-05-03' });
    // The bot stops before a restore (it would go on from what it had in memory).
    await bot.close();

    const { io, out, err } = testIO();
    expect(await runRestoreCli([path, '--yes', '--guild', ALICE.guildId], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^Snapshot of .*: 1 server\(s\) to restore into postgres:\/\//);
    expect(out.at(-1)).toBe(`Restored 1 server(s): ${ALICE.guildId}`);
    expect((await readdir(join(dataDir, 'backups'))).some((name) => name.startsWith('pre-restore-'))).toBe(true);

    bot = await openPostgresGuildStore({ connectionString: databaseUrl, poolSize: 4 });
    const restored = await bot.read(ALICE.guildId);
    expect(restored.memberFilms[BOB.userId]).toBeUndefined();
    expect(restored.memberFilms[ALICE.userId]!['holy-motors-2012']!.diary).toHaveLength(1);
  }, 60_000);

  it('says so, and changes nothing, when the database cannot be reached', async () => {
    const { io, err } = testIO({ DATABASE_URL: 'postgres://marquee:secret@127.0.0.1:1/nowhere' });
    expect(await runBackupCli(['--out', join(dataDir, 'never.json')], io)).toBe(1);
    expect(err.join('\n')).toMatch(/^Cannot use PostgreSQL at postgres:\/\/marquee@127\.0\.0\.1:1\/nowhere: .*\nNothing was backed up\.$/);
    expect(err.join('\n')).not.toContain('secret');
  }, 30_000);
});
