/**
 * How long `npm run catalog -- import <dir> --format imdb` takes and how much memory it needs, on a
 * synthetic set of IMDb's six .tsv.gz files (seeded, so every run draws the same): as many feature
 * films as IMDb has (~700k), each with its principals, akas, crew, rating and names, plus non-film
 * titles (episodes, series) the import must read past. Prints wall time, peak RSS and rows read per
 * second, and extrapolates the time to the real files' row counts.
 *
 *   npm run bench:imdb -- [films=700000] [nonFilms=1300000] [--out <dir>]
 *
 * The catalog is written to <dir>/imdb.json.gz (default: `out` beside the generated set). The
 * import ends, as for a user, by preparing the bot's start-up cache (src/catalog/startupCache.ts)
 * for the bundled catalog and the new file, here in a temporary DATA_DIR: the peak RSS printed is
 * the whole command's, that step included.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { Rng } from './lib/rng.js';

const outAt = process.argv.indexOf('--out');
const outDir = outAt > 0 ? process.argv[outAt + 1] : undefined;
const counts = process.argv.slice(2).filter((arg, i, args) => arg !== '--out' && args[i - 1] !== '--out');
const films = Number(counts[0] ?? 700_000);
const nonFilms = Number(counts[1] ?? 1_300_000);
const PER_FILM = { principals: 10, akas: 5 };
/** Row counts of the real files (IMDb, 2024), for the extrapolation. */
const REAL_ROWS = 11e6 + 1.5e6 + 11e6 + 90e6 + 50e6 + 14e6;
const people = Math.round(films * 5);
const dir = join(tmpdir(), `marquee-imdb-synthetic-${films}-${nonFilms}`);
const CLI = fileURLToPath(new URL('../src/cli/catalog.ts', import.meta.url));

const WORDS = 'the night of a man woman city last love war house dark blue river king girl road time dead summer red secret return black island'.split(' ');
const GENRES = ['Drama', 'Comedy', 'Documentary', 'Action', 'Thriller', 'Horror', 'Romance', 'Crime', 'Adventure', 'Family', 'Animation', 'Sci-Fi'];

class Tsv {
  readonly #gzip = createGzip({ level: 1 });
  readonly #done: Promise<void>;
  #buffer: string[] = [];
  rows = 0;
  constructor(file: string, header: string) {
    const out = createWriteStream(file);
    this.#gzip.pipe(out);
    this.#done = new Promise((resolve, reject) => out.on('close', resolve).on('error', reject));
    this.#buffer.push(header);
  }
  async row(fields: (string | number)[]): Promise<void> {
    this.rows += 1;
    this.#buffer.push(fields.join('\t'));
    if (this.#buffer.length >= 5000) await this.#flush();
  }
  async #flush(): Promise<void> {
    const text = this.#buffer.join('\n') + '\n';
    this.#buffer = [];
    if (!this.#gzip.write(text)) await new Promise((resolve) => this.#gzip.once('drain', resolve));
  }
  async close(): Promise<void> {
    await this.#flush();
    this.#gzip.end();
    await this.#done;
  }
}

const tt = (n: number) => `tt${String(n).padStart(7, '0')}`;
const nm = (n: number) => `nm${String(n).padStart(7, '0')}`;

async function generate(): Promise<number> {
  await mkdir(dir, { recursive: true });
  const rng = new Rng(20240615);
  const title = () => Array.from({ length: rng.int(1, 5) }, () => rng.pick(WORDS)).join(' ').replace(/^./, (c) => c.toUpperCase());
  const basics = new Tsv(join(dir, 'title.basics.tsv.gz'), 'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres');
  const ratings = new Tsv(join(dir, 'title.ratings.tsv.gz'), 'tconst\taverageRating\tnumVotes');
  const crew = new Tsv(join(dir, 'title.crew.tsv.gz'), 'tconst\tdirectors\twriters');
  const principals = new Tsv(join(dir, 'title.principals.tsv.gz'), 'tconst\tordering\tnconst\tcategory\tjob\tcharacters');
  const akas = new Tsv(join(dir, 'title.akas.tsv.gz'), 'titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle');
  const names = new Tsv(join(dir, 'name.basics.tsv.gz'), 'nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles');
  const total = films + nonFilms;
  for (let n = 1; n <= total; n++) {
    const isFilm = rng.next() < films / total;
    const name = title();
    const type = isFilm ? 'movie' : rng.pick(['tvEpisode', 'tvEpisode', 'tvEpisode', 'short', 'tvSeries', 'video']);
    const original = rng.next() < 0.2 ? title() : name;
    const year = rng.next() < 0.03 ? '\\N' : String(rng.int(1900, 2025));
    await basics.row([tt(n), type, name, original, rng.next() < 0.01 ? 1 : 0, year, '\\N', rng.next() < 0.3 ? '\\N' : rng.int(60, 180), rng.next() < 0.1 ? '\\N' : [rng.pick(GENRES), rng.pick(GENRES)].join(',')]);
    if (rng.next() < 0.5) await ratings.row([tt(n), (1 + rng.next() * 9).toFixed(1), Math.round(Math.exp(rng.next() * 12))]);
    await crew.row([tt(n), nm(rng.int(1, people)), rng.next() < 0.3 ? '\\N' : `${nm(rng.int(1, people))},${nm(rng.int(1, people))}`]);
    const principalCount = isFilm ? PER_FILM.principals : 2;
    for (let order = 1; order <= principalCount; order++) {
      const category = order === principalCount ? 'director' : rng.pick(['actor', 'actress', 'actor', 'actress', 'producer', 'self']);
      await principals.row([tt(n), order, nm(rng.int(1, people)), category, '\\N', category.startsWith('act') ? `["${title()}"]` : '\\N']);
    }
    const akaCount = isFilm ? PER_FILM.akas : 1;
    for (let order = 1; order <= akaCount; order++) {
      await akas.row([tt(n), order, rng.next() < 0.5 ? name : title(), rng.pick(['US', 'FR', 'DE', 'JP', 'BR', '\\N']), '\\N', 'imdbDisplay', '\\N', 0]);
    }
  }
  for (let n = 1; n <= people; n++) await names.row([nm(n), `${title()} ${title()}`, rng.int(1900, 2000), '\\N', 'actor', tt(rng.int(1, total))]);
  const rows = [basics, ratings, crew, principals, akas, names].reduce((sum, file) => sum + file.rows, 0);
  await Promise.all([basics, ratings, crew, principals, akas, names].map((file) => file.close()));
  return rows;
}

if (!existsSync(join(dir, 'name.basics.tsv.gz'))) {
  console.log(`Generating a synthetic IMDb set in ${dir} (${films.toLocaleString('en-US')} films, ${nonFilms.toLocaleString('en-US')} other titles)…`);
  const started = Date.now();
  const rows = await generate();
  console.log(`  ${rows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const rows = Number(spawnSync('sh', ['-c', `for f in ${dir}/*.tsv.gz; do zcat "$f" | wc -l; done | paste -sd+ | bc`]).stdout.toString().trim());
const out = outDir ?? join(dir, 'out');
const into = join(out, 'imdb.json.gz');
await rm(out, { recursive: true, force: true });
const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-imdb-data-'));
const started = Date.now();
const run = spawnSync('/usr/bin/time', ['-v', process.execPath, '--import', 'tsx', CLI, 'import', dir, '--format', 'imdb', '--into', into, '--no-reference'], {
  encoding: 'utf8',
  maxBuffer: 1 << 26,
  env: { ...process.env, DATA_DIR: dataDir },
});
await rm(dataDir, { recursive: true, force: true });
const seconds = (Date.now() - started) / 1000;
const cpu = ['User', 'System'].reduce((total, kind) => total + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN), 0);
const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN);
console.log(run.stdout.trim());
if (run.status !== 0) console.log(run.stderr);
console.log(`\nIMDb import, synthetic set: ${rows.toLocaleString('en-US')} rows (${films.toLocaleString('en-US')} films)`);
console.log(`  wall time   ${seconds.toFixed(0)} s   (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)`);
console.log(`  CPU time    ${cpu.toFixed(0)} s (user + system; the wall time is longer when other work shares the cores)`);
console.log(`  peak RSS    ${Math.round(rssKb / 1024)} MB (the whole command: reading, writing, then the start-up cache)`);
// Reading grows with the rows; converting and writing with the films, which the synthetic set has as many of as IMDb.
const stage = (name: string) => {
  const text = new RegExp(`${name} in ((?:\\d+h )?(?:\\d+m )?\\d+s)`).exec(run.stdout)?.[1] ?? '';
  return [...text.matchAll(/(\d+)([hms])/g)].reduce((total, [, amount, unit]) => total + Number(amount) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'], 0);
};
const [readSeconds, writeSeconds] = [stage('read'), stage('written')];
const cacheSeconds = stage('Start-up cache written');
console.log(`  stages      read ${readSeconds} s, converted and written ${writeSeconds} s, start-up cache ${cacheSeconds} s (wall)`);
const estimate = (readSeconds * REAL_ROWS) / rows + writeSeconds;
console.log(`  real files  ~${(REAL_ROWS / 1e6).toFixed(0)}M rows, as many films → ~${(estimate / 60).toFixed(0)} min at this pace (reading scaled by rows; memory depends on the films kept, not on rows read)`);
