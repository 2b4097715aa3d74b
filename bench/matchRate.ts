/**
 * Match rate of a real export against any catalog: `npm run bench:match -- <export files…> [--catalog <file>]… [--all]`.
 * The export: a Letterboxd ZIP or CSVs, an iCheckMovies CSV, or IMDb's ratings / watchlist CSV (several files of one
 * site at once are fine). Catalogs: the files the bot would load (default: data/catalog.json.gz), e.g. one built by
 * `npm run catalog -- import <dir> --format imdb --into imdb.json.gz`. Prints matched / ambiguous / unmatched with
 * each unmatched film under the matcher's reason (ten per reason; `--all` for every one).
 *
 * Without an export (none ships with the project: they are members' own data) it measures what it can: the history
 * of MovieTweetings' most active rater (../shared/data/movietweetings) written as an IMDb ratings export (IMDb ids)
 * and as a Letterboxd ratings export (title and year only), against the same catalogs.
 */
import { DEFAULT_CATALOG } from '../src/app.js';
import { Catalog } from '../src/catalog/catalog.js';
import { formatProblem, loadCatalogFiles } from '../src/catalog/loader.js';
import { formatMatchReport, matchReport, readExportFiles } from './lib/matchReport.js';
import { sampleExports } from './lib/sampleExports.js';
import { missingSharedData, sharedDataDir } from './lib/sharedData.js';

const args = process.argv.slice(2);
const catalogs: string[] = [];
const exports: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--catalog') catalogs.push(args[++i] ?? '');
  else if (args[i] !== '--all') exports.push(args[i]!);
}
if (catalogs.some((file) => !file)) {
  console.error('usage: npm run bench:match -- [<export files…>] [--catalog <file>]… [--all]');
  process.exit(2);
}
const movietweetings = exports.length ? undefined : sharedDataDir('movietweetings');
if (!exports.length && !movietweetings) {
  console.error(`usage: npm run bench:match -- <export files…> [--catalog <file>]… [--all]\nNo export given, and no sample to build one from ${missingSharedData('movietweetings')}.`);
  process.exit(2);
}
const files = catalogs.length ? catalogs : [DEFAULT_CATALOG];
const started = performance.now();
const loaded = await loadCatalogFiles(files);
for (const problem of loaded.problems.slice(0, 20)) console.error(`catalog: ${formatProblem(problem)}`);
const catalog = new Catalog(loaded.films);
console.log(`catalog: ${catalog.size.toLocaleString('en')} films from ${files.join(', ')} (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
if (exports.length) {
  const report = await matchReport(await readExportFiles(exports), catalog);
  console.log(formatMatchReport(report, { all: args.includes('--all') }));
} else {
  const sample = await sampleExports(movietweetings!);
  console.log(
    `\nNo export given: measuring on MovieTweetings' most active rater (user ${sample.user}, ${sample.films.toLocaleString('en')} films rated), ` +
      'written as the two kinds of export a member brings. These films are IMDb titles, and the default catalog merged ' +
      'MovieTweetings in, so this checks the matching path (ids, then title and year), not how much of a real history ' +
      'a catalog covers: for that, run it on a real export (README: "How many of your films will match?").',
  );
  for (const upload of sample.uploads) {
    console.log(`\n— as ${upload.what}`);
    console.log(formatMatchReport(await matchReport([upload.file], catalog), { all: args.includes('--all') }));
  }
}
