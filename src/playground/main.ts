import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { catalogFilesFor } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { startLocalClub } from './localClub.js';
import { Playground } from './repl.js';

/**
 * Fixed ids, so the playground's server and members keep their diary in DATA_DIR from one run to
 * the next, like a real server would.
 */
export const PLAYGROUND = {
  guild: { name: 'Marquee Playground', id: '900000000000000001' },
  members: [
    { username: 'alice', userId: '900000000000000011' },
    { username: 'bob', userId: '900000000000000012' },
    { username: 'mod', userId: '900000000000000013', permissions: ['ManageGuild' as const] },
  ],
};

/** The value of `--shards N` on the command line, if given. */
function shardsArgument(): string | undefined {
  const index = process.argv.indexOf('--shards');
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export async function runPlayground(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // The catalog and storage settings apply as they do with a token: the playground is the same bot.
  const club = await startLocalClub({
    dataDir: config.DATA_DIR,
    log,
    guild: PLAYGROUND.guild,
    catalogFiles: catalogFilesFor(config),
    env: {
      ...(config.DATABASE_URL && { DATABASE_URL: config.DATABASE_URL }),
      // `npm start -- --shards 2` (or SHARD_COUNT): the playground's bot runs sharded, one process, every shard.
      ...((shardsArgument() ?? process.env.SHARD_COUNT) && { SHARD_COUNT: shardsArgument() ?? process.env.SHARD_COUNT! }),
    },
  });
  try {
    const members = PLAYGROUND.members.map((member) => club.guild.addMember(member));
    const playground = new Playground(
      club.discord,
      club.guild,
      members[0]!,
      { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) },
      { filesDir: resolve(config.DATA_DIR, 'playground-files') },
    );
    await playground.start();
  } finally {
    await club.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  dotenv.config({ quiet: true });
  runPlayground().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `The playground could not start: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
