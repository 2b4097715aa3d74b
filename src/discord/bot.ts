import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { App } from '../app.js';
import { registerSecret } from '../log.js';
import type { ReminderScheduler, ReminderSchedulerOptions } from '../parties/index.js';
import type { ShardPlan } from '../scale/sharding.js';
import { startPartyReminders, stopPartyReminders, type ReminderTimers } from './partyReminders.js';
import type { CommandRegistry } from './registry.js';
import { resolvePayloadTargetsOnce } from './payloadTargets.js';
import { NO_MENTIONS } from './respond.js';
import { createInteractionRouter } from './router.js';

/**
 * Guilds: guild, channel and role cache (interactions arrive without any privileged intent).
 * GuildVoiceStates: who is in a watch party's voice channel when it ends.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates];

export interface RunningBot {
  client: Client<true>;
  /** Sends watch party reminders while the bot is connected. */
  reminders: ReminderScheduler;
  /** Interactions being handled right now. */
  readonly inFlight: number;
  /**
   * Graceful stop: takes no new interaction, waits for those in flight (their writes included), lets reminders
   * being sent finish, then closes the gateway connections.
   */
  stop(): Promise<void>;
}

export interface BotOptions {
  /** Timers for party reminders (tests drive time themselves); default setTimeout. */
  reminderTimers?: ReminderTimers;
  /** The shards this process runs (SHARD_COUNT / SHARD_IDS); unset: one connection, unsharded. */
  shards?: ShardPlan;
  /** Sharing reminders with other processes on one database, and counting them. */
  reminderSharing?: Pick<ReminderSchedulerOptions, 'ownsGuild' | 'ledger' | 'onDue' | 'onSent'>;
  /** Called as each interaction arrives; returns a function called when its handler has finished (metrics). */
  observeInteraction?: (interaction: Interaction) => () => void;
}

/**
 * Logs the real discord.js client in against `app.config.DISCORD_API_URL` (Discord itself, a REST
 * proxy, or the local Discord) and routes every interaction. Resolves once the gateway is ready.
 */
export async function startBot(app: App, registry: CommandRegistry, token: string, options: BotOptions = {}): Promise<RunningBot> {
  return connectBot({ config: app.config, log: app.log, ready: Promise.resolve({ app, registry }) }, token, options);
}

/** What connecting needs before the app exists, and the app and commands once they are loaded. */
export interface BotStartup {
  config: Pick<App['config'], 'DISCORD_API_URL' | 'DISCORD_REST_REQUESTS_PER_SECOND'>;
  log: App['log'];
  ready: Promise<{ app: App; registry: CommandRegistry }>;
}

/**
 * `startBot` while the app is still loading: the gateway connections open at once and the catalog, the store and
 * the commands load meanwhile. A restart then costs the longer of the two instead of their sum: with Discord's
 * identify limit (one shard every 5 s for most bots) a process of two shards waits 5 s to connect, time the
 * catalog and the store use. Interactions that arrive first wait for the app. Resolves once both are ready (the
 * "logged in" line means the bot answers); if loading fails, the connections are closed and the error thrown.
 */
export async function connectBot(startup: BotStartup, token: string, options: BotOptions = {}): Promise<RunningBot> {
  registerSecret(token);
  resolvePayloadTargetsOnce();
  const { config, log } = startup;
  const client = new Client({
    intents: INTENTS,
    // A safety net: nothing Marquee sends pings anyone unless a message opts in explicitly.
    allowedMentions: NO_MENTIONS,
    rest: { api: config.DISCORD_API_URL, globalRequestsPerSecond: config.DISCORD_REST_REQUESTS_PER_SECOND },
    // discord.js's own sharding: this process opens one gateway connection per shard id, out of shardCount.
    ...(options.shards && { shards: options.shards.shardIds, shardCount: options.shards.shardCount }),
  });
  const routing = startup.ready.then(({ app, registry }) => ({ app, route: createInteractionRouter(registry, app) }));
  routing.catch(() => undefined); // reported below, once the connection is up
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  client.on(Events.InteractionCreate, (interaction) => {
    // Stopping: another process takes this shard over; an interaction left unanswered fails visibly for its user
    // rather than being half done by a process about to exit.
    if (!accepting) return;
    const done = options.observeInteraction?.(interaction);
    const handled = routing.then(({ app, route }) => {
      // A server's own films are read on its first interaction, not at start (src/catalog/serverFilms.ts); if that
      // read fails the handler runs anyway and meets the same store error itself.
      const prepared = interaction.guildId ? app.serverFilms.prepare(interaction.guildId) : undefined;
      return prepared ? prepared.then(() => route(interaction), () => route(interaction)) : route(interaction);
    });
    const work: Promise<void> = handled.finally(() => {
      inFlight.delete(work);
      done?.();
    });
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => log.error('discord client error', { error }));
  client.on(Events.Warn, (message) => log.warn(`discord: ${message}`));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  let readyClient: Client<true>;
  let app: App;
  try {
    await client.login(token);
    readyClient = await ready;
    ({ app } = await routing);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  app.log.info(`logged in as ${readyClient.user.tag} in ${readyClient.guilds.cache.size} server(s)`);
  const reminders = await startPartyReminders(app, readyClient, options.reminderTimers, options.reminderSharing);
  return {
    client: readyClient,
    reminders,
    get inFlight() {
      return inFlight.size;
    },
    async stop() {
      accepting = false;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await stopPartyReminders(app, reminders);
      await client.destroy();
    },
  };
}
