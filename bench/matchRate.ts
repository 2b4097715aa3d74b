/**
 * Match rate of a real export against any catalog: `npm run bench:match -- <export files…> [--catalog <file>]… [--all]`.
 * The export: a Letterboxd ZIP or CSVs, an iCheckMovies CSV, or IMDb's ratings / watchlist CSV (several files of one
 * site at once are fine). Catalogs: the files the bot would load (default: data/catalog.json.gz), e.g. one built by
 * `npm run catalog -- import <dir> --format imdb --into imdb.json.gz`. Prints matched / ambiguous / unmatched with
 * each unmatched film under the matcher's reason (ten per reason; `--all` for every one).
 */
import { DEFAULT_CATALOG } from '../src/app.js';
import { Catalog } from '../src/catalog/catalog.js';
import { formatProblem, loadCatalogFiles } from '../src/catalog/loader.js';
import { formatMatchReport, matchReport, readExportFiles } from './lib/matchReport.js';

const args = process.argv.slice(2);
const catalogs: string[] = [];
const exports: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--catalog') catalogs.push(args[++i] ?? '');
  else if (args[i] !== '--all') exports.push(args[i]!);
}
if (!exports.length || catalogs.some((file) => !file)) {
  console.error('usage: npm run bench:match -- <export files…> [--catalog <file>]… [--all]');
  process.exit(2);
}
const files = catalogs.length ? catalogs : [DEFAULT_CATALOG];
const started = performance.now();
const loaded = await loadCatalogFiles(files);
for (const problem of loaded.problems.slice(0, 20)) console.error(`catalog: ${formatProblem(problem)}`);
const catalog = new Catalog(loaded.films);
console.log(`catalog: ${catalog.size.toLocaleString('en')} films from ${files.join(', ')} (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
const report = await matchReport(await readExportFiles(exports), catalog);
console.log(formatMatchReport(report, { all: args.includes('--all') }));
