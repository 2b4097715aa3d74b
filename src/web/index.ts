import type { Client } from 'discord.js';
import type { App } from '../app.js';
import { applicationIdFromToken } from '../config.js';
import { ClientDirectory } from './directory.js';
import { loadSessionSecret } from './secret.js';
import { type RunningWeb, startWebServer, type WebOptions } from './server.js';

export { siteUrl, serverPageUrl, filmPageUrl } from './links.js';
export type { RunningWeb } from './server.js';

/**
 * Starts the club's website beside the bot when WEB_PORT is set (undefined otherwise). Sign-in is on when the
 * OAuth2 client secret is configured. Without PUBLIC_URL, the address it listens on becomes the one links use.
 */
export async function startClubWebsite(app: App, client: Client<true>, overrides: Partial<WebOptions> = {}): Promise<RunningWeb | undefined> {
  const { config } = app;
  if (config.WEB_PORT === undefined && overrides.port === undefined) return undefined;
  const clientId = config.DISCORD_CLIENT_ID ?? config.DISCORD_APPLICATION_ID ?? (config.DISCORD_TOKEN && applicationIdFromToken(config.DISCORD_TOKEN)) ?? client.application.id;
  const options: WebOptions = {
    port: config.WEB_PORT ?? 0,
    host: config.WEB_HOST,
    sessionSecret: await loadSessionSecret(config.WEB_SESSION_SECRET, config.DATA_DIR),
    ...(config.PUBLIC_URL && { publicUrl: config.PUBLIC_URL }),
    ...(config.DISCORD_CLIENT_SECRET && { oauth: { clientId, clientSecret: config.DISCORD_CLIENT_SECRET } }),
    ...overrides,
  };
  const running = await startWebServer(app, new ClientDirectory(client), options);
  // /web and the film cards link here: with WEB_PORT=0 the port is only known now.
  config.PUBLIC_URL ??= running.url;
  config.WEB_PORT ??= Number(new URL(running.url).port);
  app.log.info(`website: ${running.url}${options.oauth ? '' : ' (sign-in off: set DISCORD_CLIENT_SECRET)'}`);
  return running;
}
