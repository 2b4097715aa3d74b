import dotenv from 'dotenv';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { startBot } from './discord/bot.js';
import { loadCommands } from './discord/registry.js';
import { createLogger, redact } from './log.js';
import { runPlayground } from './playground/main.js';
import { startClubWebsite } from './web/index.js';

dotenv.config({ quiet: true });

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
  const log = createLogger(config.LOG_LEVEL);
  // A stray rejection in one interaction must never take the whole club offline.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));

  const app = await createApp(config, { log });
  const bot = await startBot(app, await loadCommands(), config.DISCORD_TOKEN);
  const web = await startClubWebsite(app, bot.client);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    await web?.close();
    await bot.stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if ((error as { code?: string }).code === 'TokenInvalid') console.error('Discord refused DISCORD_TOKEN: check the token in your .env (README: "Create the Discord application").');
  else console.error(redact(`Marquee could not start: ${(error as Error).message ?? String(error)}`));
  process.exitCode = 1;
});
