import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { startBot, type RunningBot } from '../discord/bot.js';
import { resolveShardPlan } from '../scale/sharding.js';
import type { ReminderTimers } from '../discord/partyReminders.js';
import { deployCommands } from '../discord/deploy.js';
import { loadCommands, type CommandRegistry } from '../discord/registry.js';
import { LocalDiscord, type GuildHandle, type StartOptions } from '../local-discord/index.js';
import type { Logger } from '../log.js';
import type { GuildStore } from '../store/index.js';

export interface LocalClubOptions {
  dataDir: string;
  log: Logger;
  /** The server the bot joins; created before it logs in so it arrives in READY like a real one. */
  guild?: { name: string; id?: string };
  catalogFiles?: string[];
  store?: GuildStore;
  /** Opens the store (instead of `store`), once at start and again on each restartBot(): a database the bot reopens. */
  openStore?: () => GuildStore;
  now?: () => Date;
  /** Timers for watch party reminders, so tests can move time without waiting (default setTimeout). */
  reminderTimers?: ReminderTimers;
  discord?: StartOptions;
  /** Replaces the command files in commands/ (tests of the router use a few commands of their own). */
  registry?: CommandRegistry;
  /** Extra environment for the bot's configuration, e.g. DISCORD_REST_REQUESTS_PER_SECOND for load tests. */
  env?: Record<string, string>;
}

export interface LocalClub {
  discord: LocalDiscord;
  guild: GuildHandle;
  app: App;
  bot: RunningBot;
  registry: CommandRegistry;
  /**
   * Stops the bot as a restart would (its process memory gone: pending writes finished, store closed), then starts
   * a new one on the same data and the same local Discord; `app` and `bot` are the new ones afterwards.
   */
  restartBot(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A local Discord with the real Marquee bot logged in to it, configured exactly as in production
 * (DISCORD_API_URL and a token) and with its commands registered in the server. The playground and
 * the end-to-end tests both start the club this way.
 */
export async function startLocalClub(options: LocalClubOptions): Promise<LocalClub> {
  const discord = await LocalDiscord.start(options.discord);
  try {
    const guild = discord.createGuild(options.guild ?? { name: 'Film Club' });
    const config = loadConfig({
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: guild.id,
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    });
    if (options.store && options.openStore) throw new Error('Give the local club a store or a way to open one, not both');
    const open = async () =>
      createApp(config, { log: options.log, catalogFiles: options.catalogFiles, store: options.openStore?.() ?? options.store, now: options.now });
    const app = await open();
    const registry = options.registry ?? (await loadCommands());
    await deployCommands(config, registry, options.log, discord.token, guild.id);
    // SHARD_COUNT in the environment (`npm start -- --shards 2`): the bot runs that many shards, as it would on Discord.
    const shards = await resolveShardPlan(config, discord.token);
    const login = (running: App) => startBot(running, registry, discord.token, { reminderTimers: options.reminderTimers, ...(shards && { shards }) });
    const bot = await login(app);
    const club: LocalClub = {
      discord,
      guild,
      app,
      bot,
      registry,
      async restartBot() {
        if (options.store) throw new Error('A local club given a store instance cannot restart its bot: give it openStore instead');
        await club.bot.stop();
        await club.app.close();
        club.app = await open();
        club.bot = await login(club.app);
      },
      async stop() {
        await club.bot.stop();
        await club.app.close();
        await discord.stop();
      },
    };
    return club;
  } catch (error) {
    await discord.stop();
    throw error;
  }
}
