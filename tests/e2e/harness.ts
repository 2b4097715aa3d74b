import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { createMemoryLogger } from '../../src/log.js';
import { freshSchema, openTestPostgresStore } from '../support/postgresMemoryStore.js';
import { startLocalClub, type LocalClub, type LocalClubOptions } from '../../src/playground/localClub.js';
import type { Message } from '../../src/local-discord/index.js';

export interface TestClub extends LocalClub {
  dataDir: string;
  logs: string[];
  /** Fails the test when the bot broke any Discord rule or logged an unexpected error. */
  expectClean(): void;
}

/**
 * The real bot against a fresh local Discord and a fresh data directory, on the curated 330-film
 * catalog unless a test names its own: the tests' expectations (spreads, matches, picks) are written
 * against it, and it loads in milliseconds where the large default takes a second.
 */
export async function startTestClub(options: Partial<LocalClubOptions> = {}): Promise<TestClub> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'marquee-e2e-')));
  const log = createMemoryLogger('warn');
  // A pressed card's edit may come seconds after the press is deferred on a loaded machine: the driver waits for it
  // (or for a follow-up, which ends the wait) rather than returning the card unchanged after one second.
  // In the `postgres` project (MARQUEE_TEST_STORE=postgres) the bot keeps its data in a PostgreSQL schema of its
  // own (tests/support/postgresMemoryStore.ts), opened again on the same schema when a test restarts the bot.
  const schema = !options.store && !options.openStore && process.env['MARQUEE_TEST_STORE'] === 'postgres' ? freshSchema() : undefined;
  const openStore = schema ? () => openTestPostgresStore(schema) : options.openStore;
  const club = await startLocalClub({
    dataDir,
    log,
    catalogFiles: [BUNDLED_CATALOG],
    ...options,
    ...(openStore ? { openStore } : {}),
    discord: { deferredUpdateSettleMs: 15_000, ...options.discord },
  });
  const stop = club.stop;
  // The same object (not a copy): restartBot() replaces its app and bot.
  return Object.assign(club, {
    dataDir,
    logs: log.lines,
    expectClean() {
      expect(club.discord.violations, 'Discord rules the bot broke').toEqual([]);
      expect(log.lines.filter((line) => / ERROR /.test(line)), 'errors the bot logged').toEqual([]);
    },
    async stop() {
      await stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** The party number an announcement or reply is about. */
export function partyNumber(message: Message): number {
  const said = message.v2?.title ?? message.embeds[0]?.title ?? message.content;
  const match = /Watch party #(\d+)/.exec(said);
  if (!match) throw new Error(`no party number in ${said}`);
  return Number(match[1]);
}
