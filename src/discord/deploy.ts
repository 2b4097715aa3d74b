import { REST, Routes } from 'discord.js';
import type { Config } from '../config.js';
import { applicationIdFromToken } from '../config.js';
import { registerSecret, type Logger } from '../log.js';
import type { CommandRegistry } from './registry.js';

/** Registers the slash commands: to DISCORD_GUILD_ID when set (instant), else globally. */
export async function deployCommands(config: Config, registry: CommandRegistry, log: Logger, token: string, guildId = config.DISCORD_GUILD_ID): Promise<number> {
  registerSecret(token);
  const applicationId = config.DISCORD_APPLICATION_ID ?? applicationIdFromToken(token);
  if (!applicationId) throw new Error('Set DISCORD_APPLICATION_ID: it could not be read from the token.');
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(token);
  const body = registry.definitions();
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  log.info(`registered ${body.length} commands ${guildId ? `in server ${guildId}` : 'globally (may take up to an hour to appear)'}`);
  return body.length;
}
