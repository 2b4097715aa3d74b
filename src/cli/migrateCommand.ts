// Every feature's shelves, before any store opens.
import '../shelves.js';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openFileGuildStore } from '../store/fileStore.js';
import type { GuildStore } from '../store/GuildStore.js';
import { DatabaseUnavailableError, openPostgresGuildStore } from '../store/postgresStore.js';
import type { GuildData } from '../store/schema.js';
import type { CliIO } from './io.js';

export const MIGRATE_USAGE = `Usage: npm run migrate -- --to postgres [--data-dir <dir>] [--database-url <url>]
  Copies every server of the embedded store (DATA_DIR) into PostgreSQL (DATABASE_URL, or --database-url), then
  reads each one back and checks that members, film records, diary entries, feed events, undo records, lists and
  parties all match. The embedded files are only read. A server PostgreSQL already holds is left alone and reported.
  Then set DATABASE_URL in .env and restart the bot.`;

/** How much of each kind a server holds: what the copy is checked against. */
export function countRecords(data: GuildData) {
  const films = Object.values(data.memberFilms).flatMap((byFilm) => Object.values(byFilm));
  return {
    members: Object.keys(data.members).length,
    filmRecords: films.length,
    diaryEntries: films.reduce((sum, record) => sum + record.diary.length, 0),
    events: data.activity.length,
    undo: Object.values(data.undo).reduce((sum, byToken) => sum + Object.keys(byToken).length, 0),
    lists: data.lists.items.length,
    parties: data.parties.list.length,
  };
}

/** `npm run migrate -- --to postgres`: returns the exit code. */
export async function runMigrateCli(argv: string[], io: CliIO): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { to: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${MIGRATE_USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(MIGRATE_USAGE);
    return 0;
  }
  if (values.to !== 'postgres') {
    io.err(`Say where to copy to: --to postgres.\n\n${MIGRATE_USAGE}`);
    return 1;
  }
  let dataDir: string;
  let url: string | undefined;
  try {
    const config = loadConfig(io.env);
    dataDir = resolve(values['data-dir'] ?? config.DATA_DIR);
    url = values['database-url'] ?? config.DATABASE_URL;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  if (!url) {
    io.err('Set DATABASE_URL (or pass --database-url postgres://…) to say which database to copy into.');
    return 1;
  }
  let target: GuildStore;
  try {
    target = await openPostgresGuildStore({ connectionString: url });
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
  const source = await openFileGuildStore({ dataDir, readOnly: true });
  let failures = 0;
  const copied: string[] = [];
  try {
    const existing = new Set(await target.guildIds());
    const guildIds = await source.guildIds();
    io.out(`Copying ${guildIds.length} server(s) from ${dataDir} into PostgreSQL.`);
    for (const guildId of guildIds) {
      if (existing.has(guildId)) {
        io.err(`Server ${guildId}: PostgreSQL already holds data for it; left alone.`);
        failures++;
        continue;
      }
      try {
        const data = (await source.read(guildId)) as GuildData;
        await target.update(guildId, (draft) => void Object.assign(draft, data));
        copied.push(guildId);
      } catch (error) {
        io.err(`Server ${guildId}: ${(error as Error).message}`);
        failures++;
      }
    }
  } finally {
    await target.close();
  }
  // Checked against what the database returns to a store that has never seen the data.
  const check = await openPostgresGuildStore({ connectionString: url });
  try {
    for (const guildId of copied) {
      try {
        const data = (await source.read(guildId)) as GuildData;
        const stored = (await check.read(guildId)) as GuildData;
        const [expected, found] = [countRecords(data), countRecords(stored)];
        if (!isDeepStrictEqual(expected, found) || !isDeepStrictEqual(JSON.parse(JSON.stringify(data)), JSON.parse(JSON.stringify(stored)))) {
          io.err(`Server ${guildId}: the copy does not match (expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}).`);
          failures++;
          continue;
        }
        io.out(`Server ${guildId}: ${Object.entries(found).map(([kind, n]) => `${n} ${kind}`).join(', ')} — copied and verified.`);
      } catch (error) {
        io.err(`Server ${guildId}: ${(error as Error).message}`);
        failures++;
      }
    }
  } finally {
    await source.close();
    await check.close();
  }
  return failures ? 1 : 0;
}
