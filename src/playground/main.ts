import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import { catalogFilesFor } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { lockDataDir } from '../scale/dataDirLock.js';
import { startClubWebsite } from '../web/index.js';
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

/**
 * Settings of `.env` the playground's bot takes as the bot with a token would. The Discord ones (token, API URL,
 * server, OAuth2 client) are the local Discord's own.
 */
const BOT_SETTINGS = ['TMDB_API_KEY', 'TMDB_ACCESS_TOKEN', 'TMDB_API_URL', 'WEB_PORT', 'WEB_HOST', 'PUBLIC_URL', 'WEB_SESSION_SECRET'] as const;

function botSettings(): Record<string, string> {
  return Object.fromEntries(BOT_SETTINGS.flatMap((name) => (process.env[name]?.trim() ? [[name, process.env[name]!]] : [])));
}

/** The value of `--shards N` on the command line, if given. */
function shardsArgument(): string | undefined {
  const index = process.argv.indexOf('--shards');
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export async function runPlayground(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  // Like the bot, one process per DATA_DIR: two playgrounds (or a playground and the bot) would write over each other.
  const lock = config.DATABASE_URL ? undefined : await lockDataDir(config.DATA_DIR);
  try {
    await playIn(config, log);
  } finally {
    await lock?.release();
  }
}

async function playIn(config: Config, log: Logger): Promise<void> {
  // The catalog and storage settings apply as they do with a token: the playground is the same bot.
  const club = await startLocalClub({
    dataDir: config.DATA_DIR,
    log,
    guild: PLAYGROUND.guild,
    catalogFiles: catalogFilesFor(config),
    env: {
      ...botSettings(),
      ...(config.DATABASE_URL && { DATABASE_URL: config.DATABASE_URL }),
      // `npm start -- --shards 2` (or SHARD_COUNT): the playground's bot runs sharded, one process, every shard.
      ...((shardsArgument() ?? process.env.SHARD_COUNT) && { SHARD_COUNT: shardsArgument() ?? process.env.SHARD_COUNT! }),
    },
  });
  let web: Awaited<ReturnType<typeof startClubWebsite>>;
  try {
    // WEB_PORT: the website as with a token; "Sign in with Discord" signs in to the local Discord as a playground member.
    const { oauth2 } = club.discord;
    web = await startClubWebsite(club.app, club.bot.client, { oauth: { clientId: oauth2.clientId, clientSecret: oauth2.clientSecret } });
    if (web) {
      oauth2.addRedirectUri(`${club.app.config.PUBLIC_URL ?? web.url}/auth/callback`);
      console.log(`The club’s website: ${web.url} (sign in as alice, bob or mod; /web gives the server’s page).`);
    }
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
    await web?.close();
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
