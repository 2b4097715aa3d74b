/**
 * Website benchmark (`npm run bench:web -- [entries=100000] [requests=200]`): how long the server takes to render
 * each page of a server whose diary holds `entries` entries (members with 100 viewings each over the bundled
 * catalog, ratings on a third, favorites on a tenth, the feed full), a ranked list of 1,000 films and a few
 * parties, as a signed-in moderator sees them (curation controls included).
 *
 * Each request goes through the whole fastify stack (cookies, session, authorization, the domain views, the
 * template) by `inject`, so no socket time is counted; the bot's view of the member is a fixed answer.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createMemoryGuildStore } from '../src/store/index.js';
import type { GuildData, MemberFilm } from '../src/store/schema.js';
import type { GuildDirectory } from '../src/web/directory.js';
import { buildWebServer } from '../src/web/server.js';
import { SESSION_COOKIE } from '../src/web/session.js';
import { Rng } from './lib/rng.js';
import { ms, percentile, table } from './lib/stats.js';

const GUILD = '130000000000000001';
const ENTRIES_PER_MEMBER = 100;
const SEED = 20_241_207;
const userId = (n: number) => String(300000000000000000n + BigInt(n));

const [entriesArg, requestsArg] = process.argv.slice(2);
const ENTRIES = Number(entriesArg ?? 100_000);
const REQUESTS = Number(requestsArg ?? 200);

function seedData(filmIds: readonly string[], entries: number, now: Date): Partial<GuildData> {
  const rng = new Rng(SEED);
  const members: Record<string, string> = {};
  const memberFilms: Record<string, Record<string, MemberFilm>> = {};
  const activity: GuildData['activity'] = [];
  let seq = 0;
  const memberCount = Math.max(1, Math.round(entries / ENTRIES_PER_MEMBER));
  const span = Math.floor((now.getTime() - Date.UTC(2022, 0, 1)) / 86_400_000);
  for (let m = 0; m < memberCount; m++) {
    const user = userId(m);
    members[user] = `Member ${m}`;
    const films: Record<string, MemberFilm> = {};
    const start = rng.int(0, filmIds.length - 1);
    for (let i = 0; i < ENTRIES_PER_MEMBER; i++) {
      const filmId = filmIds[(start + i * 7) % filmIds.length]!;
      const day = new Date(Date.UTC(2022, 0, 1) + rng.int(0, span) * 86_400_000).toISOString();
      const record: MemberFilm = { diary: [] };
      seq += 1;
      const entry = { id: 'd' + seq.toString(36), watchedOn: day.slice(0, 10), loggedAt: day };
      record.diary.push(entry);
      if (rng.next() < 1 / 3) record.rating = { stars: rng.int(1, 10) / 2, at: day };
      if (rng.next() < 1 / 10) record.favoriteSince = day;
      films[filmId] = record;
      seq += 1;
      activity.push({ id: 'e' + seq.toString(36), at: day, userId: user, filmId, kind: 'watched', entryId: entry.id, watchedOn: entry.watchedOn });
    }
    memberFilms[user] = films;
  }
  activity.sort((a, b) => a.at.localeCompare(b.at));
  const at = now.toISOString();
  const list = {
    id: 'l1',
    name: 'The canon',
    description: 'A thousand films, ranked.',
    ranked: true,
    authorId: userId(0),
    createdAt: at,
    updatedAt: at,
    entries: filmIds.slice(0, 1000).map((filmId, index) => ({ filmId, position: index + 1, addedAt: at, addedBy: userId(0) })),
  };
  return { members, memberFilms, activity: activity.slice(-10_000), seq, lists: { items: [list], departures: [], awards: {} } as never };
}

async function main(): Promise<void> {
  const log = createLogger('warn');
  const store = createMemoryGuildStore();
  const app = await createApp(loadConfig({ DATA_DIR: 'data', LOG_LEVEL: 'warn' }), { log, store });
  const filmIds = [...app.catalog.all()].map((film) => film.id);
  const seeded = seedData(filmIds, ENTRIES, app.now());
  await store.update(GUILD, (data) => void Object.assign(data, seeded));
  const data = await store.read(GUILD);
  const diaryEntries = Object.values(data.memberFilms).reduce((sum, films) => sum + Object.values(films).reduce((s, record) => s + record.diary.length, 0), 0);

  const viewer = userId(1);
  const directory: GuildDirectory = {
    guild: (id) => (id === GUILD ? { id, name: 'Bench Club' } : undefined),
    member: async () => ({ name: 'Member 1', permissions: String(1n << 5n), roleIds: [] }),
  };
  const { server, web } = await buildWebServer(app, directory, { port: 0, host: '127.0.0.1', sessionSecret: 'bench-secret-bench-secret-bench-secret-0123' });
  const cookie = `${SESSION_COOKIE}=${web.signer.sign({ sid: 'benchsessionid0123456789', userId: viewer, name: 'Member 1', guildIds: [GUILD], exp: Date.now() + 86_400_000 })}`;

  // The most watched film, so its page has the most reviews, viewers and activity.
  const watchers = new Map<string, number>();
  for (const films of Object.values(data.memberFilms)) for (const filmId of Object.keys(films)) watchers.set(filmId, (watchers.get(filmId) ?? 0) + 1);
  const busiest = [...watchers].sort((a, b) => b[1] - a[1])[0]![0];

  const pages: [string, string][] = [
    ['club home', `/servers/${GUILD}`],
    [`film page (${watchers.get(busiest)} watchers)`, `/servers/${GUILD}/films/${busiest}`],
    ['member page', `/servers/${GUILD}/members/${viewer}`],
    ['list page (1,000 films, page 1, moderator)', `/servers/${GUILD}/lists/l1`],
    ['lists', `/servers/${GUILD}/lists`],
    ['parties', `/servers/${GUILD}/parties`],
  ];
  const rows: string[][] = [];
  for (const [label, url] of pages) {
    // Seeding leaves a heap of garbage a running bot would not have: collect it before each page's run.
    (globalThis as { gc?: () => void }).gc?.();
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 10; i++) {
      const started = performance.now();
      const response = await server.inject({ method: 'GET', url, headers: { cookie } });
      const elapsed = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode}\n${response.body.slice(0, 500)}`);
      if (i >= 10) times.push(elapsed); // the first few warm the JIT and the month cache
    }
    rows.push([label, ms(percentile(times, 50)), ms(percentile(times, 95)), ms(Math.max(...times))]);
  }
  console.log(`bench:web — ${diaryEntries.toLocaleString('en')} diary entries, ${Object.keys(data.members).length} members, catalog ${filmIds.length.toLocaleString('en')} films, ${REQUESTS} requests per page (server-side, by inject)\n`);
  console.log(table(['page', 'p50 ms', 'p95 ms', 'max ms'], rows));
  await server.close();
  await app.close();
}

await main();
