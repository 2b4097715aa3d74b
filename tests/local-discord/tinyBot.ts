import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { LocalDiscord } from '../../src/local-discord/index.js';

/** A minimal real discord.js bot for exercising the emulator: tests plug in the interaction handler. */
export interface TinyBot {
  client: Client<true>;
  /** Replaces the interaction handler. */
  on(handler: (interaction: Interaction) => Promise<unknown> | unknown): void;
  /** Errors thrown by handlers (e.g. the DiscordAPIError of a refused reply). */
  errors: unknown[];
  stop(): Promise<void>;
}

export const DEFAULT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildScheduledEvents,
];

export async function startTinyBot(discord: LocalDiscord, intents: number[] = DEFAULT_INTENTS): Promise<TinyBot> {
  const client = new Client({ intents, rest: { api: discord.apiUrl } });
  const errors: unknown[] = [];
  let handler: (interaction: Interaction) => Promise<unknown> | unknown = () => undefined;
  client.on(Events.InteractionCreate, (interaction) => {
    Promise.resolve()
      .then(() => handler(interaction))
      .catch((error: unknown) => errors.push(error));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
  return {
    client: client as Client<true>,
    on(next) {
      handler = next;
    },
    errors,
    async stop() {
      await client.destroy();
    },
  };
}

/**
 * Polls until `check` returns a value (for effects that land on the bot's side a moment later). The timeout only
 * bounds a failing test, so it is generous: a loaded machine must not turn a slow success into a failure.
 */
export async function until<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
