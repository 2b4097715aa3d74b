import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import type { Film, FilmInput } from '../../src/catalog/schema.js';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { FIXTURE_FILMS, LocalTmdb, type FixtureFilm } from '../../src/local-tmdb/index.js';
import { TmdbClient } from '../../src/tmdb/client.js';
import { defaultProgressFile, enrichFromTmdb } from '../../src/tmdb/enrich.js';

const HOMONYM: FixtureFilm = { ...FIXTURE_FILMS[0]!, id: 900001, imdbId: undefined, title: 'Homonym', releaseDate: '2001-05-01', posterPath: '/homonymA.jpg' };
const HOMONYM_TWIN: FixtureFilm = { ...HOMONYM, id: 900002, posterPath: '/homonymB.jpg' };

const CATALOG: FilmInput[] = [
  { id: 'dunkirk-2017', title: 'Dunkirk', year: 2017, directors: ['Christopher Nolan'], externalIds: { imdb: 'tt5013056' } },
  { id: 'dangal-2016', title: 'Dangal', year: 2016 },
  { id: 'celine-et-julie-vont-en-bateau-1974', title: 'Céline et Julie vont en bateau', year: 1974 },
  { id: 'chimes-at-midnight-1965', title: 'Chimes at Midnight', year: 1965, synopsis: 'Our own words about Falstaff.', externalIds: { imdb: 'tt0059012' } },
  { id: 'the-matrix-1999', title: 'The Matrix', year: 1999, synopsis: 'Our own words.', poster: 'https://upload.wikimedia.org/matrix.jpg' },
  { id: 'homonym-2001', title: 'Homonym', year: 2001 },
  { id: 'nowhere-1990', title: 'A Film Nobody Has Heard Of', year: 1990 },
];

let tmdb: LocalTmdb;
let dir: string;
let into: string;
const clients: TmdbClient[] = [];

beforeAll(async () => {
  tmdb = await LocalTmdb.start({ films: [...FIXTURE_FILMS, HOMONYM, HOMONYM_TWIN] });
});
afterAll(async () => tmdb?.stop());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-enrich-'));
  into = join(dir, 'catalog.json');
  await writeFile(into, JSON.stringify(CATALOG, null, 2));
  tmdb.requests.length = 0;
});
afterEach(async () => {
  tmdb.heal();
  await tmdb.comeBack();
  for (const client of clients.splice(0)) client.close();
  await rm(dir, { recursive: true, force: true });
});

function client(): TmdbClient {
  const made = new TmdbClient({ apiUrl: tmdb.apiUrl, apiKey: tmdb.apiKey, backoffMs: 10, retries: 1 });
  clients.push(made);
  return made;
}

async function films(): Promise<Map<string, Film>> {
  const loaded = await loadCatalogFiles([into]);
  expect(loaded.problems).toEqual([]);
  return new Map(loaded.films.map((film) => [film.id, film]));
}

describe('enrich tmdb', () => {
  it('fills missing posters and synopses by IMDb id or title and year, and leaves the rest alone', async () => {
    const report = await enrichFromTmdb({ into, client: client() });
    expect(report).toMatchObject({
      films: 7,
      candidates: 6,
      resumed: 0,
      lookedUp: 6,
      matched: { imdb: 2, title: 2 },
      unmatched: 1,
      ambiguous: 1,
      failed: 0,
      filled: { posters: 3, synopses: 3 },
      written: true,
    });
    const after = await films();
    expect(after.get('dunkirk-2017')).toMatchObject({
      poster: 'https://image.tmdb.org/t/p/w342/fixtureDunkirkPoster.jpg',
      externalIds: { imdb: 'tt5013056', tmdb: 374720 },
      dataFrom: ['tmdb'],
    });
    expect(after.get('dunkirk-2017')!.synopsis).toMatch(/^Soldiers trapped/);
    expect(after.get('dangal-2016')!.poster).toBe('https://image.tmdb.org/t/p/w342/fixtureDangalPoster.jpg');
    // Found under its original title.
    expect(after.get('celine-et-julie-vont-en-bateau-1974')!.externalIds.tmdb).toBe(38714);
    // Our own synopsis stays; TMDB has no poster for it, so nothing changed and nothing is credited.
    expect(after.get('chimes-at-midnight-1965')).toMatchObject({ synopsis: 'Our own words about Falstaff.', externalIds: { imdb: 'tt0059012' } });
    expect(after.get('chimes-at-midnight-1965')!.dataFrom).toBeUndefined();
    expect(after.get('the-matrix-1999')!.poster).toBe('https://upload.wikimedia.org/matrix.jpg');
    expect(after.get('homonym-2001')!.poster).toBeUndefined();
    expect(after.get('nowhere-1990')!.poster).toBeUndefined();
    expect(report.notes.map((note) => note.id).sort()).toEqual(['homonym-2001', 'nowhere-1990']);
    // The film with both already was not asked about.
    expect(tmdb.requests.some((request) => request.query.query === 'The Matrix')).toBe(false);
    await expect(readFile(`${into}.bak`, 'utf8')).resolves.toContain('"dunkirk-2017"');
  });

  it('stops when interrupted and continues where it stopped, asking nothing twice', async () => {
    const stop = new AbortController();
    const first = await enrichFromTmdb({
      into,
      client: client(),
      signal: stop.signal,
      saveEvery: 1,
      onProgress: (done) => {
        if (done >= 4) stop.abort();
      },
    });
    expect(first).toMatchObject({ stopped: 'interrupted', lookedUp: 4, written: true, filled: { posters: 3, synopses: 3 } });
    const progress = JSON.parse(await readFile(defaultProgressFile(into), 'utf8')) as { results: Record<string, unknown> };
    expect(Object.keys(progress.results)).toEqual(['dunkirk-2017', 'dangal-2016', 'celine-et-julie-vont-en-bateau-1974', 'chimes-at-midnight-1965']);
    expect((await films()).get('dangal-2016')!.externalIds.tmdb).toBe(360814);

    const asked = tmdb.requests.length;
    const second = await enrichFromTmdb({ into, client: client() });
    // Filled films are no longer candidates; Chimes at Midnight (no poster on TMDB) is, but was looked up already.
    expect(second).toMatchObject({ candidates: 3, resumed: 1, lookedUp: 2, unmatched: 1, ambiguous: 1, written: false });
    expect(second.stopped).toBeUndefined();
    const later = tmdb.requests.slice(asked);
    expect(later.map((request) => request.query.query ?? request.path)).toEqual(['Homonym', 'A Film Nobody Has Heard Of']);

    const third = await enrichFromTmdb({ into, client: client() });
    // Nothing left to ask: the unmatched films are remembered in the progress file.
    expect(third).toMatchObject({ candidates: 3, resumed: 3, lookedUp: 0, written: false });
    expect(tmdb.requests.length).toBe(asked + 2);
  });
});

describe('npm run catalog -- enrich tmdb', () => {
  function testIO(env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (line) => out.push(line), err: (line) => err.push(line), progress: { isTTY: false, write: () => true }, env, now: () => new Date(), catalogFiles: [] };
    return { io, out, err };
  }
  const env = () => ({ TMDB_API_KEY: tmdb.apiKey, TMDB_API_URL: tmdb.apiUrl });

  it('stops when TMDB goes down, says to run it again, and the re-run finishes the job', async () => {
    await tmdb.goDown();
    const down = testIO(env());
    expect(await runCatalogCli(['enrich', 'tmdb', '--into', into], down.io)).toBe(1);
    expect(down.out.at(-2)).toMatch(/^Stopped: TMDB is not answering well \(.*\)\. What was found is saved; run the same command again later to continue\.$/);
    expect(down.out.at(-1)).toBe('This product uses the TMDB API but is not endorsed or certified by TMDB.');

    await tmdb.comeBack();
    const up = testIO(env());
    expect(await runCatalogCli(['enrich', 'tmdb', '--into', into], up.io)).toBe(0);
    expect(up.out.slice(0, 7)).toEqual([
      `6 of 7 films in ${into} lack a poster or a synopsis.`,
      '  looked up  6 now',
      '  matched    2 by IMDb id, 2 by title and year',
      '  filled     3 posters, 3 synopses',
      '  unmatched  1',
      '  ambiguous  1  (several TMDB films with that title that year)',
      '  homonym-2001 “Homonym” (2001): several TMDB films are called “Homonym” around 2001',
    ]);
  });

  it('needs TMDB configured, and never writes TMDB text into the bundled catalogs', async () => {
    const none = testIO({});
    expect(await runCatalogCli(['enrich', 'tmdb', '--into', into], none.io)).toBe(1);
    expect(none.err).toEqual(['Set TMDB_API_KEY (or TMDB_ACCESS_TOKEN) in .env to look films up on TMDB (README: "TMDB").']);
    const bundled = testIO(env());
    expect(await runCatalogCli(['enrich', 'tmdb', '--into', 'data/films.json'], bundled.io)).toBe(1);
    expect(bundled.err[0]).toMatch(/ships with Marquee/);
    expect(tmdb.requests).toEqual([]);
  });
});
