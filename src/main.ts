import dotenv from 'dotenv';
import type { Server } from 'node:http';
import { Status } from 'discord.js';
import { createApp, openConfiguredStore, type App } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectBot, type RunningBot } from './discord/bot.js';
import { loadCommands } from './discord/registry.js';
import { createLogger, redact } from './log.js';
import { observeInteraction } from './ops/interactionMetrics.js';
import { BotMetrics, instrumentStore, startMetricsServer } from './ops/metrics.js';
import { runPlayground } from './playground/main.js';
import { startClubWebsite } from './web/index.js';
import { DataDirLockedError, lockDataDir, type DataDirLock } from './scale/dataDirLock.js';
import { openScaleDatabase } from './scale/database.js';
import { DueWorkLedger } from './scale/dueWork.js';
import { describeShards, ownsGuild, resolveShardPlan, shardIndexScopes, shardOf, ShardingError } from './scale/sharding.js';

dotenv.config({ quiet: true });

/** Released on any exit path once taken: a failed start must not leave DATA_DIR locked for the next one. */
let dataDirLock: DataDirLock | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) {
    console.error(
      'DISCORD_TOKEN is not set, so Marquee is not connecting to Discord. Starting the playground instead: the real bot ' +
        'on a local Discord in this terminal. To run on Discord, copy .env.example to .env and set DISCORD_TOKEN ' +
        '(README: "Create the Discord application").',
    );
    await runPlayground();
    return;
  }
  const token = config.DISCORD_TOKEN;
  const shards = await resolveShardPlan(config, token);
  // discord.js's Client also reads SHARD_COUNT from the environment (the variable its ShardingManager gives child
  // processes) when its own option is left at 1: with `auto` it must read the resolved number, not "auto".
  if (shards) process.env.SHARD_COUNT = String(shards.shardCount);
  const log = createLogger(config.LOG_LEVEL, undefined, {
    format: config.LOG_FORMAT,
    fields: { pid: process.pid, ...(shards && { shards: shards.shardIds, shardCount: shards.shardCount }) },
    ...(shards && { shardOf: (guildId: string) => shardOf(guildId, shards.shardCount) }),
  });
  // A stray rejection in one interaction must never take the whole club offline.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));

  // The embedded store serves one process per DATA_DIR; PostgreSQL serves any number.
  if (!config.DATABASE_URL) dataDirLock = await lockDataDir(config.DATA_DIR);
  const metrics = config.METRICS_PORT ? new BotMetrics(shards ? { shards: shards.shardIds.join(',') } : {}) : undefined;
  const now = () => new Date();
  // The store must open before anything else is started (it refuses an unreachable database with one line);
  // the catalog and the commands then load while the gateway connects (see connectBot).
  const opened = await openConfiguredStore(config, log, now);
  const scaleDatabase = config.DATABASE_URL ? await openScaleDatabase({ connectionString: config.DATABASE_URL }) : undefined;
  const ledger = scaleDatabase ? new DueWorkLedger(scaleDatabase, { scopes: shardIndexScopes(shards) }) : undefined;
  const loading = Promise.all([createApp(config, { log, now, store: metrics ? instrumentStore(opened, metrics) : opened }), loadCommands()]);
  // Closing on shutdown needs the app; until it exists, the store alone.
  let app: App | undefined;
  const ready = loading.then(([loaded, registry]) => {
    app = loaded;
    return { app: loaded, registry };
  });
  ready.catch(() => undefined); // connectBot reports it

  let bot: RunningBot | undefined;
  let web: Awaited<ReturnType<typeof startClubWebsite>> | undefined;
  let stopping = false;
  let server: Server | undefined;
  if (metrics && config.METRICS_PORT) {
    metrics.shardsConfigured.set(shards?.shardIds.length ?? 1);
    metrics.connectedShards = () => bot?.client.ws.shards.filter((shard) => shard.status === Status.Ready).size ?? 0;
    server = await startMetricsServer(config.METRICS_PORT, metrics, () => {
      const connected = metrics.connectedShards();
      const expected = shards?.shardIds.length ?? 1;
      return { ok: !stopping && bot !== undefined && connected === expected, stopping, shards: describeShards(shards), connected, expected, inFlight: bot?.inFlight ?? 0 };
    });
    log.info(`metrics: /healthz and /metrics on port ${config.METRICS_PORT}`);
  }

  // Signals are taken from here on: a SIGTERM while the bot is still connecting waits for it, then stops it cleanly.
  let starting: Promise<RunningBot> | undefined;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    try {
      const running = await starting?.catch(() => undefined);
      log.info(`${signal}: finishing ${running?.inFlight ?? 0} interaction(s) in flight, then shutting down`);
      await web?.close();
      await running?.stop();
      const handedBack = await ledger?.releaseAll();
      if (handedBack) log.info(`handed back ${handedBack} reminder claim(s)`);
      await (app ?? opened).close();
      await scaleDatabase?.end();
      await dataDirLock?.release();
      server?.close();
    } catch (error) {
      log.error('error while shutting down', { error });
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  starting = connectBot({ config, log, ready }, token, {
    ...(shards && { shards }),
    reminderSharing: {
      ownsGuild: (guildId) => ownsGuild(shards, guildId),
      ...(ledger && { ledger }),
      ...(metrics && { onDue: () => metrics.remindersDue.inc(), onSent: () => metrics.remindersSent.inc() }),
    },
    ...(metrics && { observeInteraction: (interaction) => observeInteraction(interaction, metrics) }),
  });
  bot = await starting;
  try {
    web = await startClubWebsite((await ready).app, bot.client);
  } catch (error) {
    // A bot left running without the website it was configured with would look started to its supervisor.
    stopping = true;
    await bot.stop();
    await (app ?? opened).close();
    await scaleDatabase?.end();
    server?.close();
    throw error;
  }
  if (shards) log.info(`shards ${describeShards(shards)} connected`);
}

main().catch(async (error: unknown) => {
  await dataDirLock?.release().catch(() => undefined);
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof ShardingError) console.error(error.message);
  else if ((error as { code?: string }).code === 'TokenInvalid') console.error('Discord refused DISCORD_TOKEN: check the token in your .env (README: "Create the Discord application").');
  else console.error(redact(`Marquee could not start: ${(error as Error).message ?? String(error)}`));
  process.exitCode = 1;
});
