import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runMigrateCli } from '../../src/cli/migrateCommand.js';
import { ClubDiary } from '../../src/club/diary.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { syntheticFilmId, syntheticFilms, syntheticMember } from '../fixtures/syntheticFilms.js';
import { GUILD_A, GUILD_B, USER } from './contract.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A database of its own on the test server, so the command can use its default schema. */
async function freshDatabase(): Promise<string> {
  const name = `migrate_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client(inject('postgresUrl'));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

describe('npm run migrate -- --to postgres', () => {
  it('copies every server (one written by the previous version too) and verifies it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-migrate-'));
    dirs.push(dataDir);
    const files = await openFileGuildStore({ dataDir });
    const diary = new ClubDiary({ store: files, films: syntheticFilms() });
    for (let n = 0; n < 30; n++) await diary.watch(syntheticMember(GUILD_A, n % 4), syntheticFilmId(n), { on: '2024-03-01', stars: 3 });
    await files.close();
    // A server still in the one-file format of the previous version.
    await mkdir(join(dataDir, 'guilds'), { recursive: true });
    await writeFile(join(dataDir, 'guilds', `${GUILD_B}.json`), JSON.stringify({ version: 1, seq: 2, members: { [USER]: 'Alice' }, undo: [] }));

    const url = await freshDatabase();
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), progress: { write: () => true }, env: { DATA_DIR: dataDir, DATABASE_URL: url }, now: () => new Date() };
    const code = await runMigrateCli(['--to', 'postgres'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe(`Copying 2 server(s) from ${dataDir} into PostgreSQL.`);
    expect(out).toContain(`Server ${GUILD_A}: 4 members, 30 filmRecords, 30 diaryEntries, 30 events, 30 undo, 0 lists, 0 parties — copied and verified.`);
    expect(out).toContain(`Server ${GUILD_B}: 1 members, 0 filmRecords, 0 diaryEntries, 0 events, 0 undo, 0 lists, 0 parties — copied and verified.`);

    const database = await openPostgresGuildStore({ connectionString: url });
    const reference = await openFileGuildStore({ dataDir, readOnly: true });
    expect(await database.read(GUILD_A)).toEqual(await reference.read(GUILD_A));
    await database.close();
    await reference.close();

    // Running it again copies nothing over what is there, and says so.
    const again: string[] = [];
    expect(await runMigrateCli(['--to', 'postgres'], { ...io, err: (line: string) => again.push(line) })).toBe(1);
    expect(again).toEqual([`Server ${GUILD_A}: PostgreSQL already holds data for it; left alone.`, `Server ${GUILD_B}: PostgreSQL already holds data for it; left alone.`]);
  }, 60_000);
});
