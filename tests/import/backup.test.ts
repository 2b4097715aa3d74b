import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackupCli, runRestoreCli } from '../../src/cli/backupCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { ClubDiary } from '../../src/club/diary.js';
import { parseSnapshot } from '../../src/import/backup.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { ALICE, BOB, fixedClock, member, testCatalog } from './helpers.js';

const WRITER = fileURLToPath(new URL('../fixtures/import/busy-writer.ts', import.meta.url));
const OTHER_GUILD = '100000000000000002';
const dirs: string[] = [];
let dataDir: string;

function testIO(options: { confirm?: (question: string) => Promise<boolean> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = fixedClock(new Date('2024-06-15T12:00:00.000Z'));
  const io: CliIO = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: { isTTY: false, write: () => true },
    env: { DATA_DIR: dataDir },
    now: clock.now,
    confirm: options.confirm,
  };
  return { io, out, err, clock };
}

/** Opens the data directory as the bot would, runs fn, closes it (one open store per directory and process). */
async function withStore<T>(fn: (store: GuildStore, diary: ClubDiary) => Promise<T>): Promise<T> {
  const store = await openFileGuildStore({ dataDir });
  try {
    return await fn(store, new ClubDiary({ store, films: testCatalog(), now: () => new Date('2024-06-01T10:00:00.000Z') }));
  } finally {
    await store.close();
  }
}

/** A server's stored data as JSON text, read as a backup would (read-only, beside any running writer). */
async function guildFile(guildId: string): Promise<string> {
  const store = await openFileGuildStore({ dataDir, readOnly: true });
  try {
    return JSON.stringify(await store.read(guildId));
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-backup-'));
  dirs.push(dataDir);
  await withStore(async (_store, diary) => {
    await diary.watch(ALICE, 'holy-motors-2012', { on: '2024-05-01', stars: 4.5 });
    await diary.review(ALICE, 'holy-motors-2012', { text: 'Merde!' });
    await diary.favorite(member(3, 'Carol', OTHER_GUILD), 'stalker-1979');
  });
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('npm run backup', () => {
  it("writes a snapshot of every server's data that validates", async () => {
    const { io, out } = testIO();
    expect(await runBackupCli([], io)).toBe(0);
    const path = join(dataDir, 'backups', 'marquee-backup-2024-06-15T12-00-00-000Z.json');
    expect(out).toEqual([`Backed up 2 server(s) to ${path}`]);
    const snapshot = parseSnapshot(await readFile(path, 'utf8'));
    expect(Object.keys(snapshot.guilds).sort()).toEqual([ALICE.guildId, OTHER_GUILD]);
    expect(snapshot.guilds[ALICE.guildId]).toEqual(JSON.parse(await guildFile(ALICE.guildId)));
    expect(snapshot.skipped).toEqual([]);
  });

  it('never replaces an existing file', async () => {
    const out = join(dataDir, 'mine.json');
    await writeFile(out, 'precious');
    const { io, err } = testIO();
    expect(await runBackupCli(['--out', out], io)).toBe(1);
    expect(err).toEqual([`${out} already exists; a backup never replaces a file. Choose another --out.`]);
    expect(await readFile(out, 'utf8')).toBe('precious');
  });

  it('backs up the readable servers and names the one it could not read', async () => {
    const broken = '100000000000000003';
    await writeFile(join(dataDir, 'guilds', `${broken}.json`), '{"version": 1, "memberFilms": 12}');
    const { io, err } = testIO();
    expect(await runBackupCli([], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^Could not back up server ${broken}: Guild data in .*${broken}\\.json is unusable`));
    // The damaged file is left where it is, for the operator (and the running bot) to deal with.
    expect(await readFile(join(dataDir, 'guilds', `${broken}.json`), 'utf8')).toBe('{"version": 1, "memberFilms": 12}');
  });

  describe('while the bot is writing', () => {
    let child: ReturnType<typeof spawn> | undefined;
    afterEach(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('takes consistent snapshots: every server as of one of its complete writes', { timeout: 60_000 }, async () => {
      const guilds = ['110000000000000001', '110000000000000002', '110000000000000003'];
      child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, ...guilds], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked = new Map<string, number>(guilds.map((id) => [id, 0]));
      let stderr = '';
      let buffer = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const [, guildId] = line.split(' ');
          if (guildId) acked.set(guildId, (acked.get(guildId) ?? 0) + 1);
        }
      });
      const waitFor = async (total: number) => {
        const deadline = Date.now() + 40_000;
        while ([...acked.values()].reduce((a, b) => a + b, 0) < total) {
          if (child!.exitCode !== null || Date.now() > deadline) throw new Error(`writer stopped or too slow: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };

      for (const [round, total] of [30, 90, 150].entries()) {
        await waitFor(total);
        const ackedBefore = new Map(acked);
        const { io, clock } = testIO();
        clock.set(`2024-06-15T12:00:0${round}.000Z`);
        expect(await runBackupCli([], io)).toBe(0);
        const files = (await readdir(join(dataDir, 'backups'))).sort();
        const snapshot = parseSnapshot(await readFile(join(dataDir, 'backups', files.at(-1)!), 'utf8'));
        if (round > 0) expect(Object.keys(snapshot.guilds)).toEqual(expect.arrayContaining(guilds));
        for (const guildId of guilds) {
          const data = snapshot.guilds[guildId];
          if (!data) continue; // not written yet when the backup listed the servers
          const entries = Object.values(data.memberFilms).flatMap((films) => Object.values(films)).reduce((sum, record) => sum + record.diary.length, 0);
          // One watch is one diary entry and one activity event, written together: a torn or mixed state would differ.
          expect(data.activity.filter((event) => event.kind === 'watched')).toHaveLength(entries);
          expect(Object.keys(data.undo).length).toBeGreaterThan(0);
          // Everything acknowledged before the backup started is in it.
          expect(entries).toBeGreaterThanOrEqual(ackedBefore.get(guildId)!);
        }
      }
      child.kill('SIGKILL');
    });
  });
});

describe('npm run restore', () => {
  async function backup(): Promise<string> {
    const { io, out } = testIO();
    expect(await runBackupCli([], io)).toBe(0);
    return out[0]!.replace(/^Backed up \d+ server\(s\) to /, '');
  }

  it('puts the snapshot back, after copying the current data', async () => {
    const snapshotPath = await backup();
    const atBackup = await guildFile(ALICE.guildId);
    await withStore(async (_store, diary) => {
      await diary.watch(BOB, 'irma-vep-1996', { on: '2024-05-20' });
    });
    const changed = await guildFile(ALICE.guildId);

    const { io, out, clock } = testIO();
    clock.set('2024-06-16T08:00:00.000Z');
    expect(await runRestoreCli([snapshotPath, '--yes'], io)).toBe(0);
    const copy = join(dataDir, 'backups', 'pre-restore-2024-06-16T08-00-00-000Z.json');
    expect(out).toEqual([
      `Snapshot of 2024-06-15T12:00:00.000Z: 2 server(s) to restore into ${dataDir}.`,
      `Copied the current data to ${copy}`,
      `Restored 2 server(s): ${ALICE.guildId}, ${OTHER_GUILD}`,
    ]);
    expect(JSON.parse(await guildFile(ALICE.guildId))).toEqual(JSON.parse(atBackup));
    // The data it replaced is in the copy, which is itself a valid snapshot.
    expect(parseSnapshot(await readFile(copy, 'utf8')).guilds[ALICE.guildId]).toEqual(JSON.parse(changed));
  });

  it('restores only the servers asked for', async () => {
    const snapshotPath = await backup();
    await withStore(async (_store, diary) => {
      await diary.watch(BOB, 'irma-vep-1996', { on: '2024-05-20' });
      await diary.watch(member(4, 'Dan', OTHER_GUILD), 'irma-vep-1996', { on: '2024-05-20' });
    });
    const otherBefore = await guildFile(OTHER_GUILD);
    const { io } = testIO();
    expect(await runRestoreCli([snapshotPath, '--guild', ALICE.guildId, '--yes'], io)).toBe(0);
    expect(JSON.parse(await guildFile(ALICE.guildId)).memberFilms[BOB.userId]).toBeUndefined();
    expect(await guildFile(OTHER_GUILD)).toBe(otherBefore);
  });

  it('refuses a snapshot that does not validate, and changes nothing', async () => {
    const snapshotPath = await backup();
    const snapshot = JSON.parse(await readFile(snapshotPath, 'utf8'));
    snapshot.guilds[ALICE.guildId].memberFilms[ALICE.userId]['holy-motors-2012'].rating.stars = 7;
    const damaged = join(dataDir, 'damaged.json');
    await writeFile(damaged, JSON.stringify(snapshot));
    const before = await guildFile(ALICE.guildId);

    for (const [path, why] of [
      [damaged, /memberFilms\..*\.rating\.stars/],
      [join(dataDir, 'missing.json'), /file not found/],
    ] as const) {
      const { io, err } = testIO();
      expect(await runRestoreCli([path, '--yes'], io)).toBe(1);
      expect(err[0]).toBe(`Refusing to restore ${path}: it is not a valid Marquee backup.`);
      expect(err.join('\n')).toMatch(why);
      expect(err.at(-1)).toBe('Nothing was changed.');
    }
    await writeFile(damaged, JSON.stringify({ ...snapshot, format: 'something-else' }));
    const { io, err } = testIO();
    expect(await runRestoreCli([damaged, '--yes'], io)).toBe(1);
    expect(err[1]).toBe('  format: not a Marquee backup (expected "format": "marquee-backup")');

    expect(await guildFile(ALICE.guildId)).toBe(before);
    expect((await readdir(join(dataDir, 'backups'))).filter((name) => name.startsWith('pre-restore'))).toEqual([]);
  });

  it('asks before replacing anything, and needs --yes without a terminal', async () => {
    const snapshotPath = await backup();
    const noTerminal = testIO();
    expect(await runRestoreCli([snapshotPath], noTerminal.io)).toBe(1);
    expect(noTerminal.err).toEqual(['Add --yes to restore without a terminal to confirm on. Nothing was changed.']);
    const questions: string[] = [];
    const declined = testIO({ confirm: async (question) => (questions.push(question), false) });
    expect(await runRestoreCli([snapshotPath], declined.io)).toBe(1);
    expect(questions).toEqual(['Is the bot stopped, and should these servers be replaced (their current data is copied first)?']);
    const accepted = testIO({ confirm: async () => true });
    expect(await runRestoreCli([snapshotPath], accepted.io)).toBe(0);
  });

  it('refuses while Marquee runs on the data directory, whose memory would overwrite the restored data', async () => {
    const snapshotPath = await backup();
    await withStore(async (_store, diary) => {
      await diary.watch(BOB, 'irma-vep-1996', { on: '2024-05-20' });
    });
    const before = await guildFile(ALICE.guildId);
    // The lock a running bot holds (process.ppid: a process that is alive and is not this one).
    const lock = join(dataDir, 'marquee.lock');
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2024-06-15T11:00:00.000Z' }));
    const { io, err } = testIO({ confirm: async () => true });
    expect(await runRestoreCli([snapshotPath, '--yes'], io)).toBe(1);
    expect(err).toEqual([
      `Marquee is running on ${dataDir} (pid ${process.ppid} on ${hostname()}, since 2024-06-15T11:00:00.000Z): stop it first, since it keeps the servers' data in memory and would write over the restored data. Nothing was changed.`,
    ]);
    expect(await guildFile(ALICE.guildId)).toBe(before);
    // Its lock is left alone; once the bot has stopped (no lock), the restore goes ahead.
    expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.ppid);
    await rm(lock);
    expect(await runRestoreCli([snapshotPath, '--yes'], testIO().io)).toBe(0);
    expect(JSON.parse(await guildFile(ALICE.guildId)).memberFilms[BOB.userId]).toBeUndefined();
    await expect(readFile(lock, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('keeps damaged current data aside instead of overwriting it', async () => {
    const snapshotPath = await backup();
    await writeFile(join(dataDir, 'guilds', ALICE.guildId, 'members', `${ALICE.userId}.json`), '{ not json');
    const { io, err } = testIO();
    expect(await runRestoreCli([snapshotPath, '--yes'], io)).toBe(0);
    const aside = (await readdir(join(dataDir, 'guilds'))).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dataDir, 'guilds', aside[0]!, 'members', `${ALICE.userId}.json`), 'utf8')).toBe('{ not json');
    expect(err.join('\n')).toMatch(/moved .* to .*corrupt-/);
    expect(JSON.parse(await guildFile(ALICE.guildId)).memberFilms[ALICE.userId]).toBeDefined();
  });
});
