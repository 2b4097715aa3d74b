import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { createLogger } from '../../src/log.js';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/scale/dataDirLock.js';
import { ownsGuild, resolveShardPlan, shardOf } from '../../src/scale/sharding.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-scale-'));
  dirs.push(dir);
  return dir;
}

describe('sharding configuration', () => {
  it('reads SHARD_COUNT and SHARD_IDS lists and ranges, and refuses what cannot work with one line', () => {
    const unsharded = loadConfig({});
    expect([unsharded.SHARD_COUNT, unsharded.SHARD_IDS, unsharded.METRICS_PORT, unsharded.LOG_FORMAT]).toEqual([undefined, undefined, undefined, 'text']);
    expect(loadConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-2, 5,7' })).toMatchObject({ SHARD_COUNT: 8, SHARD_IDS: [0, 1, 2, 5, 7] });
    expect(loadConfig({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal({ SHARD_IDS: '1' })).toBe('Invalid SHARD_IDS: expected SHARD_COUNT as well (the total number of shards these ids are out of).');
    expect(refusal({ SHARD_COUNT: '2', SHARD_IDS: '2' })).toBe('Invalid SHARD_IDS: expected ids below SHARD_COUNT (2): shards are numbered from 0.');
    expect(refusal({ SHARD_COUNT: '2', SHARD_IDS: 'one' })).toBe('Invalid SHARD_IDS: expected shard ids such as 0,1 or a range such as 0-3.');
    expect(refusal({ SHARD_COUNT: '2', SHARD_IDS: '1-0' })).toBe('Invalid SHARD_IDS: expected ranges written low-high, such as 0-3.');
    expect(refusal({ SHARD_COUNT: '0' })).toBe('Invalid SHARD_COUNT: expected auto or a whole number of shards (1 or more).');
    expect(refusal({ METRICS_PORT: '70000' })).toMatch(/^Invalid METRICS_PORT: expected /);
  });

  it('places a server on shard (id >> 22) % count, and a process owns only its shards', () => {
    // 175928847299117063 >> 22 = 41944705796 (Discord's documentation example).
    expect(shardOf('175928847299117063', 2)).toBe(0);
    expect(shardOf('175928847299117063', 3)).toBe(41944705796 % 3);
    expect(ownsGuild(undefined, '175928847299117063')).toBe(true);
    expect(ownsGuild({ shardCount: 2, shardIds: [1] }, '175928847299117063')).toBe(false);
  });

  it('SHARD_COUNT=auto asks the (local) Discord for its recommendation', async () => {
    const discord = await LocalDiscord.start({ recommendedShards: 3 });
    try {
      const config = { DISCORD_API_URL: discord.apiUrl, SHARD_COUNT: 'auto' as const, SHARD_IDS: undefined };
      expect(await resolveShardPlan(config, discord.token)).toEqual({ shardCount: 3, shardIds: [0, 1, 2] });
      await expect(resolveShardPlan({ ...config, SHARD_IDS: [4] }, discord.token)).rejects.toThrow('SHARD_IDS names shard 4, but Discord recommends 3 shard(s)');
      await expect(resolveShardPlan(config, 'not.the.token')).rejects.toThrow('Discord answered GET /gateway/bot with HTTP 401');
      expect(await resolveShardPlan({ ...config, SHARD_COUNT: undefined }, discord.token)).toBeUndefined();
    } finally {
      await discord.stop();
    }
    // Unset, the local Discord recommends what Discord would: one shard per 1,000 servers.
    const small = await LocalDiscord.start();
    try {
      small.createGuild({ name: 'One' });
      expect(await resolveShardPlan({ DISCORD_API_URL: small.apiUrl, SHARD_COUNT: 'auto', SHARD_IDS: undefined }, small.token)).toEqual({ shardCount: 1, shardIds: [0] });
    } finally {
      await small.stop();
    }
  });
});

describe('JSON logs', () => {
  it('write one object per line with the process shard ids and the shard of the server a line is about', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line), { format: 'json', fields: { shards: [1], shardCount: 2 }, shardOf: (id) => shardOf(id, 2) });
    log.info('hello', { guildId: '175928847299117063', count: 3 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'hello', shards: [1], shardCount: 2, shard: 0, guildId: '175928847299117063', count: 3 });
  });
});

describe('one process per DATA_DIR with the embedded store', () => {
  it('takes a lock, refuses while its holder runs, and takes over a lock whose process is gone', async () => {
    const dataDir = await tempDir();
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
      await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirLockedError);
      await expect(lockDataDir(dataDir)).rejects.toThrow(`Another Marquee process (pid ${sleeper.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z) already uses DATA_DIR`);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
    }
    const lock = await lockDataDir(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    await expect(readFile(join(dataDir, LOCK_FILE), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('npm start says why it will not start on a DATA_DIR another process uses', async () => {
    const dataDir = await tempDir();
    const lock = await lockDataDir(dataDir);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        env: { ...process.env, DISCORD_TOKEN: 'MTAxMjM0NTY3ODkwMTIzNDU2Nzg.abcdef.ghijklmnop', DATA_DIR: dataDir, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain(`Another Marquee process (pid ${process.pid}`);
      expect(output).toContain('run several processes on one PostgreSQL (DATABASE_URL; README "Running at scale")');
    } finally {
      await lock.release();
    }
  }, 120_000);
});

describe('the playground sharded', () => {
  it('runs every shard in one process and answers a server on whichever shard owns it', async () => {
    const { startLocalClub } = await import('../../src/playground/localClub.js');
    const { BUNDLED_CATALOG } = await import('../../src/app.js');
    const { createMemoryLogger } = await import('../../src/log.js');
    const club = await startLocalClub({ dataDir: await tempDir(), log: createMemoryLogger('warn'), catalogFiles: [BUNDLED_CATALOG], env: { SHARD_COUNT: '2' } });
    try {
      expect([...club.bot.client.ws.shards.keys()].sort()).toEqual([0, 1]);
      const card = await club.guild.addMember({ username: 'sharded' }).slash('film', { title: 'heat-1995' });
      expect(card.v2?.title).toMatch(/^Heat \(1995\)/);
    } finally {
      await club.stop();
    }
  }, 120_000);
});
