import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED_CATALOG, catalogFilesFor, DEFAULT_CATALOG } from '../app.js';
import { formatProblem, loadCatalogFiles } from '../catalog/loader.js';
import { ConfigError, loadConfig, tmdbConfigured } from '../config.js';
import { isUserError, UserError } from '../errors.js';
import { exists } from '../import/files.js';
import { catalogFileBytes, writeFileAtomic } from '../import/catalog/catalogFile.js';
import { buildDefaultCatalog, retiredIdsAfter } from '../import/catalog/defaultCatalog.js';
import { readRetiredIds, retiredIdsFileFor } from '../catalog/retiredIds.js';
import { readMovieTweetingsMovies } from '../import/movietweetings.js';
import { CATALOG_FORMATS, type CatalogFormat } from '../import/catalog/formats.js';
import { type CatalogImportReport, expandSources, importIntoCatalog } from '../import/catalog/importCatalog.js';
import { IMDB_FILM_TYPES, type ImdbFilmType } from '../import/catalog/imdb.js';
import { type ImdbImportReport, importImdbCatalog } from '../import/catalog/importImdb.js';
import { catalogStats, validateCatalogFiles } from '../import/catalog/stats.js';
import { prepareStartupCache } from '../catalog/startupCache.js';
import { collectGarbage } from '../search/collectGarbage.js';
import { TmdbClient } from '../tmdb/client.js';
import { enrichFromTmdb, TmdbEnrichError, type EnrichReport } from '../tmdb/enrich.js';
import type { CliIO } from './io.js';
import { formatDuration, progressBar, stagedProgress } from './progress.js';

export const CATALOG_USAGE = `Usage: npm run catalog -- <command>

  import <file|dir>... [--format native|wikipedia|csv|movietweetings] [--into <catalog file>] [--dry-run] [--no-reference] [--no-cache] [--verbose]
      Merge films into a catalog file (default: the bundled data/films.json; wikipedia imports need --into).
  import <dir> --format imdb --into <catalog file> [--types movie,short,tvMovie,video] [--dry-run] [--no-reference] [--no-cache]
      Build or update a catalog from IMDb's datasets (the six .tsv.gz files in <dir>); ids of films
      already in the file stay as they are. Use a .json.gz file name for a compact file.
      Films already there are matched by external id, then title and year, and only gain what they lack.
      Films of the other catalog files the bot loads (bundled + CATALOG_FILES) are not copied, unless
      --no-reference. The format is guessed from the files when --format is absent.
      After writing, the bot's start-up cache (DATA_DIR/cache) is prepared for its catalog files with
      this one (see cache), so its next start is quick; --no-cache leaves that to the bot's start.
  build-default [--shared <dir>] [--out <file>]
      Rebuild the large bundled default (data/catalog.json.gz): data/films.json merged with the facts
      of <dir>/wikipedia-movies and <dir>/movietweetings/movies.dat (default dir: ../shared/data).
  enrich tmdb --into <catalog file> [--progress <file>] [--rate <requests per second>] [--no-cache]
      Fill in missing posters and synopses from TMDB (TMDB_API_KEY or TMDB_ACCESS_TOKEN), by IMDb id or
      title and year. Rate-limited and resumable: lookups are kept in <catalog file>.tmdb-progress.json, so
      Ctrl-C (or a failure) and a re-run continues; films looked up before are not asked about again.
  cache [<catalog file>...] [--cache-dir <dir>]
      Prepare the bot's start-up cache (packed films and search index) for the catalog files it loads
      (bundled + CATALOG_FILES, in that order), or for the files given, in DATA_DIR/cache or <dir>. A
      large catalog then loads in seconds at the next start instead of being indexed (a minute at 700k
      films). The bot uses it only while the files are byte for byte the same.
  stats [<catalog file>...] [--json]
      Counts of the catalog the bot loads (bundled catalog + CATALOG_FILES), or of the files given.
  validate [<catalog file>...]
      Report entries the bot would skip (exit code 1 if any) and entries worth a look.`;

const PROBLEMS_SHOWN = 20;

/** `npm run catalog -- …`: returns the exit code. */
export async function runCatalogCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'import':
        return await importCommand(rest, io);
      case 'build-default':
        return await buildDefaultCommand(rest, io);
      case 'stats':
        return await statsCommand(rest, io);
      case 'cache':
        return await cacheCommand(rest, io);
      case 'enrich':
        return await enrichCommand(rest, io);
      case 'validate':
        return await validateCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(CATALOG_USAGE);
        return command === undefined ? 1 : 0;
      default:
        io.err(`Unknown command "${command}".\n\n${CATALOG_USAGE}`);
        return 1;
    }
  } catch (error) {
    if (isUserError(error) || error instanceof ConfigError || error instanceof TmdbEnrichError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err((error as Error).message);
      return 1;
    }
    throw error;
  }
}

/** The files the bot loads: the bundled catalog and CATALOG_FILES. */
function botCatalogFiles(io: CliIO): string[] {
  return io.catalogFiles ?? catalogFilesFor(loadConfig(io.env));
}

async function detectFormat(files: string[]): Promise<CatalogFormat> {
  if (files.every((file) => extname(file).toLowerCase() === '.csv')) return 'csv';
  if (files.every((file) => extname(file).toLowerCase() === '.dat')) return 'movietweetings';
  // A JSON list whose entries have no id but a Wikipedia link or extract is the Wikipedia format.
  const first = files.find((file) => extname(file).toLowerCase() === '.json');
  if (first) {
    try {
      const entries = JSON.parse(await readFile(first, 'utf8')) as unknown;
      const sample = Array.isArray(entries) ? (entries.slice(0, 20) as Record<string, unknown>[]) : [];
      const objects = sample.filter((entry) => typeof entry === 'object' && entry !== null);
      if (objects.length && objects.every((entry) => !('id' in entry)) && objects.some((entry) => 'href' in entry || 'extract' in entry)) return 'wikipedia';
    } catch {
      // importIntoCatalog reports the unreadable file.
    }
  }
  return 'native';
}

async function importCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      into: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'no-reference': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      verbose: { type: 'boolean' },
      types: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    io.err(`Name the file(s) to import.\n\n${CATALOG_USAGE}`);
    return 1;
  }
  if (values.format !== undefined && !(CATALOG_FORMATS as readonly string[]).includes(values.format)) {
    io.err(`--format must be one of ${CATALOG_FORMATS.join(', ')}.`);
    return 1;
  }
  const format = (values.format as CatalogFormat | undefined) ?? (await detectFormat(await expandSources(positionals, 'native').catch(() => positionals)));
  if (format === 'imdb') return imdbCommand(positionals, values, io);
  if (format === 'wikipedia' && values.into === undefined) {
    io.err(
      'Say where the Wikipedia films go with --into <file> (for example data/extra/wikipedia.json), then add that file to ' +
        "CATALOG_FILES. The bundled catalog keeps only films whose synopses are written in the project's own words.",
    );
    return 1;
  }
  const into = resolve(values.into ?? io.defaultCatalog ?? BUNDLED_CATALOG);
  // Films the bot already loads from its other catalog files are not copied into this one.
  const reference = (values['no-reference'] ? [] : botCatalogFiles(io)).map((file) => resolve(file)).filter((file) => file !== into);
  const bar = progressBar(io.progress, `Importing ${format}`);
  let report: CatalogImportReport;
  try {
    report = await importIntoCatalog({
      sources: positionals,
      format,
      into,
      reference,
      dryRun: values['dry-run'],
      onProgress: (done, total) => bar.update(done, total),
    });
  } finally {
    bar.done();
  }
  printImportReport(report, io, values.verbose ?? false);
  if (!values['dry-run'] && !values['no-cache']) await prepareForBot(into, io);
  return 0;
}

async function imdbCommand(
  positionals: string[],
  values: { into?: string; types?: string; 'dry-run'?: boolean; 'no-reference'?: boolean; 'no-cache'?: boolean },
  io: CliIO,
): Promise<number> {
  if (positionals.length !== 1 || values.into === undefined) {
    io.err('An IMDb import reads one folder and needs --into, e.g.: npm run catalog -- import ~/imdb --format imdb --into data/extra/imdb.json.gz');
    return 1;
  }
  const types = (values.types ?? 'movie').split(',').map((type) => type.trim()).filter(Boolean);
  const unknown = types.filter((type) => !(IMDB_FILM_TYPES as readonly string[]).includes(type));
  if (unknown.length) {
    io.err(`--types takes ${IMDB_FILM_TYPES.join(', ')} (comma-separated), not ${unknown.join(', ')}.`);
    return 1;
  }
  const into = resolve(values.into);
  const reference = (values['no-reference'] ? [] : botCatalogFiles(io)).map((file) => resolve(file)).filter((file) => file !== into);
  const bar = stagedProgress(io.progress, (stage) =>
    stage === 'reading' ? { label: 'Reading IMDb datasets', options: { unit: 'bytes', eta: true } } : { label: 'Writing films', options: { eta: true } },
  );
  let report: ImdbImportReport;
  try {
    report = await importImdbCatalog({
      dir: positionals[0]!,
      into,
      types: types as ImdbFilmType[],
      reference,
      dryRun: values['dry-run'],
      onProgress: (stage, done, total) => bar.update(stage, done, total),
    });
  } finally {
    bar.done();
  }
  const n = (count: number) => count.toLocaleString('en-US');
  const read = report.read;
  io.out(
    `${report.written ? 'Wrote' : 'Would write'} ${n(report.total)} films to ${report.into} from ${n(read.titles)} IMDb titles ` +
      `(read in ${formatDuration(report.timings.readMs)}, converted and written in ${formatDuration(report.timings.writeMs)}):`,
  );
  io.out(`  films      ${n(read.films)}  (${types.join(', ')}; ${n(read.adult)} adult titles and ${n(read.noYear)} without a year left out)`);
  io.out(`  added      ${n(report.added)}`);
  io.out(`  updated    ${n(report.updated)}  (already in the file: same id, fields filled in, votes and rating refreshed)`);
  io.out(`  unchanged  ${n(report.unchanged)}`);
  if (report.elsewhere) io.out(`  elsewhere  ${n(report.elsewhere)}  (in another catalog file the bot loads)`);
  io.out(`  skipped    ${n(report.skipped)}  (invalid)`);
  const malformed = Object.entries(read.malformed);
  if (malformed.length) io.out(`Lines that could not be read: ${malformed.map(([file, count]) => `${file} ${n(count)}`).join(', ')}`);
  for (const problem of report.problems.slice(0, PROBLEMS_SHOWN)) io.out(`  ${problem.imdb} “${problem.title}”: ${problem.reason}`);
  if (!values['dry-run'] && !values['no-cache']) await prepareForBot(into, io);
  return 0;
}

function printImportReport(report: CatalogImportReport, io: CliIO, verbose: boolean): void {
  const n = (count: number) => count.toLocaleString('en-US');
  io.out(
    `${report.written ? 'Merged' : 'Would merge'} ${n(report.rows)} rows from ${report.sources.length} file(s) (${report.format}) into ${report.into}:`,
  );
  io.out(`  added      ${n(report.added)}`);
  io.out(`  completed  ${n(report.merged)}  (known films that gained fields)`);
  io.out(`  duplicates ${n(report.duplicates)}  (already there, nothing new)`);
  if (report.elsewhere) io.out(`  elsewhere  ${n(report.elsewhere)}  (in another catalog file the bot loads)`);
  io.out(`  skipped    ${n(report.skipped)}  (not films, or invalid)`);
  io.out(`  catalog    ${n(report.total)} films${report.written ? '' : ' (dry run: nothing written)'}`);
  const skipped = report.problems.filter((problem) => problem.severity === 'skipped' && !problem.message.startsWith('already in '));
  const notes = report.problems.filter((problem) => problem.severity === 'note');
  const show = (title: string, problems: typeof report.problems) => {
    if (problems.length === 0) return;
    io.out(`${title} (${n(problems.length)}):`);
    const shown = verbose ? problems : problems.slice(0, PROBLEMS_SHOWN);
    for (const problem of shown) {
      io.out(`  ${problem.file}${problem.row === undefined ? '' : `[${problem.row}]`}${problem.title ? ` “${problem.title}”` : ''}: ${problem.message}`);
    }
    if (shown.length < problems.length) io.out(`  … and ${n(problems.length - shown.length)} more (--verbose lists them all)`);
  };
  show('Skipped rows', skipped);
  show('Cleaned up', notes);
}

async function buildDefaultCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { shared: { type: 'string' }, out: { type: 'string' } } });
  const shared = resolve(values.shared ?? join(dirname(BUNDLED_CATALOG), '..', '..', 'shared', 'data'));
  const out = resolve(values.out ?? DEFAULT_CATALOG);
  const wikipediaDir = join(shared, 'wikipedia-movies');
  const movieTweetingsFile = join(shared, 'movietweetings', 'movies.dat');
  const [hasWikipedia, hasMovieTweetings] = await Promise.all([exists(wikipediaDir), exists(movieTweetingsFile)]);
  if (!hasWikipedia && !hasMovieTweetings) {
    io.err(`Neither ${wikipediaDir} nor ${movieTweetingsFile} exists: nothing to build the default catalog from (--shared <dir> says where they are).`);
    return 1;
  }
  const curated = await loadCatalogFiles([BUNDLED_CATALOG]);
  if (curated.problems.length) throw new UserError(`${BUNDLED_CATALOG} has invalid entries; fix them first (npm run catalog -- validate).`);
  // The build it replaces: ids it had that this build merges away are kept as aliases of the films they merged into.
  const aliasesFile = retiredIdsFileFor(out);
  const [previous, earlier] = await Promise.all([(await exists(out)) ? loadCatalogFiles([out]) : undefined, readRetiredIds(aliasesFile)]);
  const bar = stagedProgress(io.progress, (source) => ({ label: `Merging ${source}` }));
  let build;
  try {
    build = await buildDefaultCatalog({
      curated: curated.films,
      retiredIds: earlier.keys(),
      wikipediaDir: hasWikipedia ? wikipediaDir : undefined,
      movieTweetings: hasMovieTweetings ? (await readMovieTweetingsMovies(movieTweetingsFile)).values : undefined,
      onProgress: (source, done, total) => bar.update(source, done, total),
    });
  } finally {
    bar.done();
  }
  const retired = retiredIdsAfter(previous?.films ?? [], build.films, earlier);
  const newlyRetired = [...retired].filter(([from]) => !earlier.has(from));
  await writeFileAtomic(out, await catalogFileBytes(out, build.films));
  if (retired.size > 0 || earlier.size > 0) await writeFileAtomic(aliasesFile, JSON.stringify(Object.fromEntries(retired), null, 2) + '\n');
  const n = (count: number) => count.toLocaleString('en-US');
  io.out(`Wrote ${n(build.films.length)} films to ${out}: ${n(curated.films.length)} curated (${BUNDLED_CATALOG}), then`);
  for (const [source, counts] of Object.entries(build.sources)) {
    io.out(`  ${source.padEnd(15)} ${n(counts.rows)} rows: ${n(counts.added)} added, ${n(counts.merged)} already there, ${n(counts.skipped)} skipped`);
  }
  if (retired.size > 0) {
    io.out(`${n(retired.size)} ids of earlier builds lead to the films they were merged into (${aliasesFile})${newlyRetired.length ? `, ${n(newlyRetired.length)} new:` : ''}`);
    for (const [from, to] of newlyRetired.slice(0, 10)) io.out(`  ${from} → ${to}`);
    if (newlyRetired.length > 10) io.out(`  … and ${n(newlyRetired.length - 10)} more`);
  }
  for (const [source, present] of [[wikipediaDir, hasWikipedia], [movieTweetingsFile, hasMovieTweetings]] as const) {
    if (!present) io.out(`  (${source} is absent: its films are missing from this build)`);
  }
  return 0;
}

/** A file named that does not exist is a typo: counting or caching an empty catalog would read as success. */
async function requireCatalogFiles(files: readonly string[]): Promise<void> {
  for (const file of files) if (!(await exists(file))) throw new UserError(`${file} does not exist: name the catalog files the bot loads.`);
}

async function statsCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const files = positionals.length ? positionals : botCatalogFiles(io);
  await requireCatalogFiles(files);
  const { films, errors } = await validateCatalogFiles(files);
  const stats = catalogStats(films);
  if (values.json) {
    io.out(JSON.stringify({ files, skippedEntries: errors.length, ...stats }, null, 2));
    return 0;
  }
  const percent = (count: number) => (stats.films ? `${Math.round((count / stats.films) * 100)}%` : '0%');
  io.out(`${stats.films.toLocaleString('en-US')} films from ${files.length} file(s)${stats.years ? `, ${stats.years.from}–${stats.years.to}` : ''}`);
  if (errors.length) io.out(`(${errors.length} entries skipped as invalid: npm run catalog -- validate)`);
  io.out('With:');
  for (const [field, count] of Object.entries(stats.with)) io.out(`  ${field.padEnd(10)} ${String(count).padStart(7)}  ${percent(count)}`);
  io.out('External ids:');
  for (const [kind, count] of Object.entries(stats.externalIds)) io.out(`  ${kind.padEnd(10)} ${String(count).padStart(7)}  ${percent(count)}`);
  io.out('By decade:');
  for (const { decade, films } of stats.byDecade) io.out(`  ${decade}s ${String(films).padStart(7)}`);
  if (stats.topGenres.length) io.out(`Top genres: ${stats.topGenres.map((genre) => `${genre.name} (${genre.films})`).join(', ')}`);
  if (stats.topDirectors.length) io.out(`Top directors: ${stats.topDirectors.map((director) => `${director.name} (${director.films})`).join(', ')}`);
  return 0;
}

async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const files = positionals.length ? positionals : botCatalogFiles(io);
  const { films, errors, warnings } = await validateCatalogFiles(files);
  io.out(`${films.length.toLocaleString('en-US')} valid films in ${files.length} file(s).`);
  if (errors.length) {
    io.out(`${errors.length} entries the bot skips:`);
    for (const problem of errors) io.out(`  ${formatProblem(problem)}`);
  }
  if (warnings.length) {
    io.out(`${warnings.length} entries worth a look:`);
    for (const problem of warnings.slice(0, 100)) io.out(`  ${formatProblem(problem)}`);
    if (warnings.length > 100) io.out(`  … and ${warnings.length - 100} more`);
  }
  if (!errors.length && !warnings.length) io.out('No problems found.');
  return errors.length ? 1 : 0;
}

/** The repository's own catalogs hold facts and our own synopses only: TMDB's text goes to the user's files. */
function isBundledCatalogPath(path: string): boolean {
  const dataDir = dirname(BUNDLED_CATALOG);
  return path === BUNDLED_CATALOG || path === DEFAULT_CATALOG || dirname(path) === dataDir;
}

async function enrichCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { into: { type: 'string' }, progress: { type: 'string' }, rate: { type: 'string' }, 'no-cache': { type: 'boolean' } },
  });
  if (positionals.length !== 1 || positionals[0] !== 'tmdb' || values.into === undefined) {
    io.err('Usage: npm run catalog -- enrich tmdb --into <catalog file> (e.g. data/extra/imdb.json.gz)');
    return 1;
  }
  const config = loadConfig(io.env);
  if (!tmdbConfigured(config)) {
    io.err('Set TMDB_API_KEY (or TMDB_ACCESS_TOKEN) in .env to look films up on TMDB (README: "TMDB").');
    return 1;
  }
  const into = resolve(values.into);
  if (isBundledCatalogPath(into)) {
    io.err(`${into} ships with Marquee and holds only facts and synopses in our own words: enrich a catalog file of your own (CATALOG_FILES) instead.`);
    return 1;
  }
  const rate = values.rate === undefined ? 20 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 40) {
    io.err('--rate takes a number of requests per second, at most 40 (TMDB allows about that much).');
    return 1;
  }
  const client = new TmdbClient({ apiUrl: config.TMDB_API_URL, apiKey: config.TMDB_API_KEY, accessToken: config.TMDB_ACCESS_TOKEN, requestsPerSecond: rate, burst: Math.ceil(rate) });
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  const bar = progressBar(io.progress, 'Looking films up on TMDB', { eta: true });
  let report: EnrichReport;
  try {
    report = await enrichFromTmdb({
      into,
      client,
      progressFile: values.progress === undefined ? undefined : resolve(values.progress),
      signal: stop.signal,
      onProgress: (done, total) => bar.update(done, total),
    });
  } finally {
    bar.done();
    process.off('SIGINT', onSigint);
    client.close();
  }
  printEnrichReport(report, into, io);
  if (report.written && !values['no-cache']) await prepareForBot(into, io);
  return report.stopped && report.stopped !== 'interrupted' ? 1 : 0;
}

function printEnrichReport(report: EnrichReport, into: string, io: CliIO): void {
  const n = (count: number) => count.toLocaleString('en-US');
  io.out(`${n(report.candidates)} of ${n(report.films)} films in ${into} lack a poster or a synopsis.`);
  io.out(`  looked up  ${n(report.lookedUp)} now${report.resumed ? `, ${n(report.resumed)} in earlier runs` : ''}`);
  io.out(`  matched    ${n(report.matched.imdb)} by IMDb id, ${n(report.matched.title)} by title and year`);
  io.out(`  filled     ${n(report.filled.posters)} posters, ${n(report.filled.synopses)} synopses${report.written ? '' : ' (nothing to write)'}`);
  io.out(`  unmatched  ${n(report.unmatched)}`);
  io.out(`  ambiguous  ${n(report.ambiguous)}  (several TMDB films with that title that year)`);
  if (report.failed) io.out(`  failed     ${n(report.failed)}  (TMDB did not answer; asked again next run)`);
  for (const note of report.notes.slice(0, PROBLEMS_SHOWN)) io.out(`  ${note.id} “${note.title}” (${note.year}): ${note.reason}`);
  if (report.stopped === 'interrupted') io.out(`Interrupted: what was found is saved. Run the same command again to continue (${report.progressFile}).`);
  else if (report.stopped) io.out(`Stopped: ${report.stopped}. What was found is saved; run the same command again later to continue.`);
  io.out('This product uses the TMDB API but is not endorsed or certified by TMDB.');
}

/**
 * After a catalog file was written: the bot's start-up cache for the files it will load with it
 * (its catalog files, with `into` last when it is not yet among them: CATALOG_FILES is where it goes),
 * so that the bot's first start after an import does not build it (src/catalog/startupCache.ts).
 */
async function prepareForBot(into: string, io: CliIO): Promise<void> {
  if (!io.startupCache) return;
  let botFiles: string[];
  let cacheDir: string;
  try {
    botFiles = botCatalogFiles(io);
    cacheDir = io.startupCache.cacheDir ?? join(loadConfig(io.env).DATA_DIR, 'cache');
  } catch (error) {
    // The catalog file is written: a configuration the bot would refuse only costs its next start the cache.
    if (!(error instanceof ConfigError)) throw error;
    io.err(`The bot's start-up cache was not prepared: ${error.message}`);
    return;
  }
  const listed = botFiles.some((file) => resolve(file) === into);
  // The bundled catalogs are not CATALOG_FILES: one the bot does not load (BUNDLED_CATALOG) needs no cache.
  if (!listed && isBundledCatalogPath(into)) return;
  const files = listed ? botFiles : [...botFiles, into];
  await writeStartupCache(files, cacheDir, io);
  if (!listed) io.out(`  The bot does not load ${into} yet: add it to CATALOG_FILES (last), and its next start uses this cache.`);
}

async function writeStartupCache(files: readonly string[], cacheDir: string, io: CliIO): Promise<boolean> {
  io.out(`Preparing the bot's start-up cache in ${cacheDir} for ${files.join(', ')}…`);
  // The import that came before left its garbage (a 700k-film IMDb import: most of its 1.2 GB); collected first,
  // the cache build reuses that space instead of adding to it.
  collectGarbage();
  const report = await prepareStartupCache(files, { cacheDir, cachedFromFilms: io.startupCache?.cachedFromFilms, warn: (message) => io.err(message) });
  const films = `${report.films.toLocaleString('en-US')} films`;
  const took = formatDuration(report.ms);
  if (report.outcome === 'written') io.out(`  Start-up cache written in ${took} (${films}): the bot's next start loads it instead of indexing the catalog.`);
  else if (report.outcome === 'current') io.out(`  Start-up cache already up to date (${films}).`);
  else if (report.outcome === 'not-needed') io.out(`  No start-up cache needed: ${films} are indexed at start in moments.`);
  else io.out(`  The start-up cache could not be written (above); the bot builds it at its next start.`);
  return report.outcome !== 'failed';
}

async function cacheCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'cache-dir': { type: 'string' } } });
  const files = positionals.length ? positionals : botCatalogFiles(io);
  // A missing file would make an empty catalog's cache ("no cache needed"), which reads as success.
  await requireCatalogFiles(files);
  const cacheDir = resolve(values['cache-dir'] ?? io.startupCache?.cacheDir ?? join(loadConfig(io.env).DATA_DIR, 'cache'));
  return (await writeStartupCache(files, cacheDir, io)) ? 0 : 1;
}
