import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCatalogCli } from '../../src/cli/catalogCommand.js';
import type { CliIO } from '../../src/cli/io.js';
import { FIXTURES } from './helpers.js';

const WIKIPEDIA_SAMPLE = join(FIXTURES, 'wikipedia-sample.json');
const dirs: string[] = [];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-catalog-cli-'));
  dirs.push(dir);
});
afterAll(async () => {
  await Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true })));
});

function testIO(tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const drawn: string[] = [];
  const io: CliIO = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: { isTTY: tty, columns: 100, write: (text: string) => drawn.push(text) },
    env: {},
    now: () => new Date('2024-06-15T12:00:00.000Z'),
    // Never the bundled catalog, whatever a test or a bug does.
    defaultCatalog: join(dir, 'default-catalog.json'),
    catalogFiles: [],
  };
  return { io, out, err, drawn };
}

describe('npm run catalog', () => {
  it('imports, reporting counts and the rows it skipped or cleaned up', async () => {
    const into = join(dir, 'extra.json');
    const { io, out, drawn } = testIO();
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--into', into], io)).toBe(0);
    // The format was recognised from the entries.
    expect(out.slice(0, 6)).toEqual([
      `Merged 14 rows from 1 file(s) (wikipedia) into ${into}:`,
      '  added      9',
      '  completed  1  (known films that gained fields)',
      '  duplicates 1  (already there, nothing new)',
      '  skipped    3  (not films, or invalid)',
      '  catalog    9 films',
    ]);
    expect(out).toContain('Skipped rows (3):');
    expect(out).toContain(`  ${WIKIPEDIA_SAMPLE}[9] “Duck Dodgers”: the extract describes a television series, not a film`);
    expect(out).toContain('Cleaned up (4):');
    expect(out).toContain(`  ${WIKIPEDIA_SAMPLE}[11]: title: no title`);
    // No terminal, no progress bar.
    expect(drawn).toEqual([]);
    expect(JSON.parse(await readFile(into, 'utf8'))).toHaveLength(9);
  });

  it('leaves out films the bot already loads from its other catalog files', async () => {
    const bundled = join(dir, 'bundled.json');
    await writeFile(bundled, JSON.stringify([{ id: 'the-freeze-out-1921', title: 'The Freeze-Out', year: 1921, synopsis: 'Ours.' }]));
    const into = join(dir, 'extra.json');
    const { io, out } = testIO();
    io.catalogFiles = [bundled, into];
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--into', into], io)).toBe(0);
    expect(out).toContain('  added      8');
    expect(out).toContain('  elsewhere  1  (in another catalog file the bot loads)');
    const films = JSON.parse(await readFile(into, 'utf8')) as { id: string }[];
    expect(films.map((film) => film.id)).not.toContain('the-freeze-out-1921');
    expect(JSON.parse(await readFile(bundled, 'utf8'))).toEqual([{ id: 'the-freeze-out-1921', title: 'The Freeze-Out', year: 1921, synopsis: 'Ours.' }]);
  });

  it('draws a progress bar on a terminal and clears it before the summary', async () => {
    const { io, drawn } = testIO(true);
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--format', 'wikipedia', '--into', join(dir, 'x.json')], io)).toBe(0);
    expect(drawn.some((frame) => /^\rImporting wikipedia \[█+░*\]\s+\d+% \d+\/14$/.test(frame))).toBe(true);
    expect(drawn.at(-2)).toMatch(/100% 14\/14$/);
    expect(drawn.at(-1)).toBe('\r\x1b[2K');
  });

  it('does not write with --dry-run', async () => {
    const into = join(dir, 'extra.json');
    const { io, out } = testIO();
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--into', into, '--dry-run'], io)).toBe(0);
    expect(out[0]).toBe(`Would merge 14 rows from 1 file(s) (wikipedia) into ${into}:`);
    await expect(readFile(into)).rejects.toThrow(/ENOENT/);
  });

  it('wants --into for Wikipedia data, and a known format', async () => {
    const first = testIO();
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE], first.io)).toBe(1);
    expect(first.err[0]).toMatch(/^Say where the Wikipedia films go with --into <file>/);
    const second = testIO();
    expect(await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--format', 'xml'], second.io)).toBe(1);
    expect(second.err).toEqual(['--format must be one of native, wikipedia, csv, movietweetings, imdb.']);
    const third = testIO();
    expect(await runCatalogCli(['import', join(dir, 'nothing-here.json'), '--into', join(dir, 'x.json')], third.io)).toBe(1);
    expect(third.err).toEqual([`${join(dir, 'nothing-here.json')}: no such file or directory`]);
    const fourth = testIO();
    expect(await runCatalogCli(['frobnicate'], fourth.io)).toBe(1);
    expect(fourth.err[0]).toMatch(/^Unknown command "frobnicate"/);
  });

  it('prints stats, as text or JSON', async () => {
    const into = join(dir, 'extra.json');
    await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--into', into], testIO().io);
    const text = testIO();
    expect(await runCatalogCli(['stats', into], text.io)).toBe(0);
    expect(text.out[0]).toBe('9 films from 1 file(s), 1905–1956');
    expect(text.out).toContain('  synopsis         7  78%');
    expect(text.out).toContain('  directors        6  67%');
    expect(text.out).toContain('  1910s       5');
    const json = testIO();
    expect(await runCatalogCli(['stats', into, '--json'], json.io)).toBe(0);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ films: 9, with: { synopsis: 7, directors: 6 }, externalIds: { wikipedia: 7 } });
  });

  it('stats of a file that does not exist (a typo) says so and fails, rather than counting an empty catalog', async () => {
    const into = join(dir, 'extra.json');
    await runCatalogCli(['import', WIKIPEDIA_SAMPLE, '--into', into], testIO().io);
    const missing = join(dir, 'extar.json');
    for (const args of [['stats', into, missing], ['stats', missing, '--json']]) {
      const { io, out, err } = testIO();
      expect(await runCatalogCli(args, io)).toBe(1);
      expect(err).toEqual([`${missing} does not exist: name the catalog files the bot loads.`]);
      expect(out).toEqual([]);
    }
  });

  it('validates: exit code 1 when the bot would skip entries', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify([{ id: 'heat-1995', title: 'Heat', year: 1995 }]));
    const ok = testIO();
    expect(await runCatalogCli(['validate', good], ok.io)).toBe(0);
    expect(ok.out).toEqual(['1 valid films in 1 file(s).', 'No problems found.']);

    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify([
        { id: 'heat-1995', title: 'Heat', year: 1995, externalIds: { imdb: 'tt0113277' } },
        { id: 'heat-1995', title: 'Heat again', year: 1995 },
        { id: 'heat-copy-1995', title: 'Heat', year: 1995, externalIds: { imdb: 'tt0113277' }, cast: [{ name: ')' }] },
        { id: 'no-year', title: 'No year' },
      ]),
    );
    const failed = testIO();
    expect(await runCatalogCli(['validate', bad], failed.io)).toBe(1);
    expect(failed.out).toEqual([
      '2 valid films in 1 file(s).',
      '2 entries the bot skips:',
      `  ${bad}[1] (heat-1995): duplicate id (first defined in ${bad}); skipped`,
      `  ${bad}[3] (no-year): year: Invalid input: expected number, received undefined`,
      '3 entries worth a look:',
      `  ${bad} (heat-copy-1995): cast entries that are not names: ")"`,
      `  ${bad} (heat-1995): imdb tt0113277 is also the id of heat-copy-1995`,
      `  ${bad} (heat-1995): same title and year as heat-copy-1995, and no external id tells them apart`,
    ]);
  });

  it('runs as an npm script', { timeout: 60_000 }, async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify([{ id: 'heat-1995', title: 'Heat', year: 1995 }]));
    const run = promisify(execFile);
    const { stdout } = await run('npm', ['run', '--silent', 'catalog', '--', 'validate', good], { cwd: join(import.meta.dirname, '../..') });
    expect(stdout).toBe('1 valid films in 1 file(s).\nNo problems found.\n');
    await expect(run('npm', ['run', '--silent', 'catalog', '--', 'validate', join(dir, 'missing.json')], { cwd: join(import.meta.dirname, '../..') })).rejects.toMatchObject({
      code: 1,
    });
  });
});
