import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { App } from '../app.js';
import { registerSecret } from '../log.js';
import type { ReminderScheduler } from '../parties/index.js';
import { startPartyReminders, stopPartyReminders, type ReminderTimers } from './partyReminders.js';
import type { CommandRegistry } from './registry.js';
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
  stop(): Promise<void>;
}

export interface BotOptions {
  /** Timers for party reminders (tests drive time themselves); default setTimeout. */
  reminderTimers?: ReminderTimers;
}

/**
 * Logs the real discord.js client in against `app.config.DISCORD_API_URL` (Discord itself, a REST
 * proxy, or the local Discord) and routes every interaction. Resolves once the gateway is ready.
 */
export async function startBot(app: App, registry: CommandRegistry, token: string, options: BotOptions = {}): Promise<RunningBot> {
  registerSecret(token);
  const client = new Client({
    intents: INTENTS,
    // A safety net: nothing Marquee sends pings anyone unless a message opts in explicitly.
    allowedMentions: NO_MENTIONS,
    rest: { api: app.config.DISCORD_API_URL, globalRequestsPerSecond: app.config.DISCORD_REST_REQUESTS_PER_SECOND },
  });
  const route = createInteractionRouter(registry, app);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => app.log.error('discord client error', { error }));
  client.on(Events.Warn, (message) => app.log.warn(`discord: ${message}`));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = await ready;
  app.log.info(`logged in as ${readyClient.user.tag} in ${readyClient.guilds.cache.size} server(s)`);
  const reminders = await startPartyReminders(app, readyClient, options.reminderTimers);
  return {
    client: readyClient,
    reminders,
    async stop() {
      await stopPartyReminders(app, reminders);
      await client.destroy();
    },
  };
}
