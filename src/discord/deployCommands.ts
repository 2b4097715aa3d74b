import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger, redact } from '../log.js';
import { deployCommands } from './deploy.js';
import { loadCommands } from './registry.js';

dotenv.config({ quiet: true });

try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  if (!config.DISCORD_TOKEN) {
    console.error('DISCORD_TOKEN is not set: copy .env.example to .env and fill it in (README: "Create the Discord application").');
    process.exit(1);
  }
  await deployCommands(config, await loadCommands(), log, config.DISCORD_TOKEN);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : redact(`Could not register commands: ${(error as Error).message}`));
  process.exit(1);
}
