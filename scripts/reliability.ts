/**
 * `npm run reliability`: runs the hardening suites (tests/hardening) with MARQUEE_RELIABILITY_DIR set to a fresh
 * directory, reads the figures every suite recorded there (tests/hardening/reliability.ts), and rewrites the table
 * between the README's `<!-- reliability:start -->` and `<!-- reliability:end -->` markers. The table is produced
 * by the suites, never typed by hand; a failing suite leaves the README as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReliabilityRow } from '../tests/hardening/reliability.js';

export const START = '<!-- reliability:start -->';
export const END = '<!-- reliability:end -->';
const HEADER = ['| Suite | Area | What was tried | Tried | Refused | Lost |', '|---|---|---|---:|---:|---:|'];

export interface SuiteFigures {
  suite: string;
  rows: ReliabilityRow[];
}

/** Table cells hold the suites' own words; a `|` would split a cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The Markdown table, one line per row, suites in name order, with a totals line. */
export function renderReliability(suites: readonly SuiteFigures[]): string {
  const sorted = [...suites].sort((a, b) => a.suite.localeCompare(b.suite));
  const lines = [...HEADER];
  const total = { tried: 0, refused: 0, lost: 0 };
  for (const { suite, rows } of sorted) {
    for (const row of rows) {
      const what = row.note ? `${row.what} (${row.note})` : row.what;
      lines.push(`| ${cell(suite)} | ${cell(row.area)} | ${cell(what)} | ${row.tried} | ${row.refused} | ${row.lost} |`);
      total.tried += row.tried;
      total.refused += row.refused;
      total.lost += row.lost;
    }
  }
  lines.push(`| **all** | | | **${total.tried}** | **${total.refused}** | **${total.lost}** |`);
  return lines.join('\n');
}

/** Reads a rendered table back into suites (what the README test uses to check the README's table is the renderer's). */
export function parseReliability(table: string): SuiteFigures[] {
  const suites = new Map<string, ReliabilityRow[]>();
  for (const line of table.split('\n').slice(HEADER.length)) {
    if (line.startsWith('| **all** |')) continue;
    const cells = line.slice(2, -2).split(/ (?<!\\)\| /);
    if (cells.length !== 6) throw new Error(`not a reliability table line: ${line}`);
    const [suite, area, what, tried, refused, lost] = cells.map((c) => c.replace(/\\\|/g, '|')) as [string, string, string, string, string, string];
    const rows = suites.get(suite) ?? [];
    rows.push({ area, what, tried: Number(tried), refused: Number(refused), lost: Number(lost) });
    suites.set(suite, rows);
  }
  return [...suites].map(([suite, rows]) => ({ suite, rows }));
}

/** The README with the text between the markers replaced. */
export function replaceSection(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The table currently between the markers. */
export function sectionOf(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return readme.slice(start + START.length, end).trim();
}

export function readFigures(dir: string): SuiteFigures[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as SuiteFigures);
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'marquee-reliability-'));
  try {
    const run = spawnSync('npx', ['vitest', 'run', '--project', 'lowdb', 'tests/hardening'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MARQUEE_RELIABILITY_DIR: dir },
    });
    if (run.status !== 0) {
      console.error('The hardening suite failed: README.md is left as it was.');
      process.exit(run.status ?? 1);
    }
    const suites = readFigures(dir);
    if (suites.length === 0) throw new Error(`no suite recorded figures in ${dir}`);
    const readmePath = join(root, 'README.md');
    const table = renderReliability(suites);
    writeFileSync(readmePath, replaceSection(readFileSync(readmePath, 'utf8'), table));
    console.log(`${table}\n\nREADME.md's Reliability table rewritten from ${suites.length} suites.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
