import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { MatchCatalog } from '../../src/import/match.js';
import { buildPreview, readImportFiles, type ImportFile } from '../../src/import/index.js';
import type { ImportPreview } from '../../src/import/preview.js';

/**
 * How well an export a member would bring matches a catalog: the figures behind issue #21's
 * target (≥ 98 % matched, ≤ 1 % ambiguous, every unmatched row explained), through exactly the
 * code `/import` runs (readImportFiles, then buildPreview's matcher).
 */
export interface MatchReport {
  source: string;
  files: { name: string; kind: string; rows: number }[];
  rows: number;
  films: number;
  matched: number;
  /** Matched films by how: IMDb/Letterboxd id, exact title, other title, fuzzy. */
  byHow: Record<string, number>;
  ambiguous: { title: string; year?: number; candidates: string[] }[];
  /** Unmatched films grouped by the matcher's reason, most frequent first. */
  unmatched: { reason: string; films: { title: string; year?: number }[] }[];
  problems: number;
}

/** Members' upload limits do not apply here: the point is to try whole exports of any size. */
const NO_LIMITS = { maxFileBytes: 2 ** 31, maxUnzippedBytes: 2 ** 31, maxZipEntries: 100_000, maxRows: 10_000_000 };

export async function readExportFiles(paths: readonly string[]): Promise<ImportFile[]> {
  return Promise.all(paths.map(async (path) => ({ name: basename(path), bytes: new Uint8Array(await readFile(path)) })));
}

export async function matchReport(uploads: readonly ImportFile[], catalog: MatchCatalog, now = new Date()): Promise<MatchReport> {
  const parsed = readImportFiles(uploads, { now, limits: NO_LIMITS });
  const preview: ImportPreview = await buildPreview(parsed, { catalog, now, progressEvery: 1_000_000 });
  const byHow: Record<string, number> = {};
  for (const film of preview.matched) byHow[film.how] = (byHow[film.how] ?? 0) + 1;
  const reasons = new Map<string, { title: string; year?: number }[]>();
  for (const film of preview.unmatched) {
    const list = reasons.get(film.reason) ?? [];
    list.push(film.source);
    reasons.set(film.reason, list);
  }
  return {
    source: preview.source,
    files: preview.files,
    rows: preview.counts.rows,
    films: preview.counts.films,
    // Several rows (or files) may name one catalog film: count the export's films, not the catalog's.
    matched: preview.counts.films - preview.ambiguous.length - preview.unmatched.length,
    byHow,
    ambiguous: preview.ambiguous.map((film) => ({ ...film.source, candidates: film.candidates.map((candidate) => `${candidate.title} (${candidate.year})`) })),
    unmatched: [...reasons.entries()].map(([reason, films]) => ({ reason, films })).sort((a, b) => b.films.length - a.films.length || a.reason.localeCompare(b.reason)),
    problems: preview.counts.problems,
  };
}

const share = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');
const label = (film: { title: string; year?: number }) => (film.year ? `${film.title} (${film.year})` : film.title);

/** The report as text: totals, then every ambiguous film and every unmatched one under its reason (`examples` per reason unless `all`). */
export function formatMatchReport(report: MatchReport, options: { examples?: number; all?: boolean } = {}): string {
  const examples = options.all ? Infinity : (options.examples ?? 10);
  const unmatched = report.unmatched.reduce((sum, group) => sum + group.films.length, 0);
  const lines = [
    `${report.source} export: ${report.files.map((file) => `${file.name} (${file.kind}, ${file.rows} rows)`).join(', ')}`,
    `films named: ${report.films} (from ${report.rows} rows${report.problems ? `; ${report.problems} row problems` : ''})`,
    `matched:     ${report.matched} (${share(report.matched, report.films)})  — ${Object.entries(report.byHow).map(([how, count]) => `${how} ${count}`).join(', ') || 'none'}`,
    `ambiguous:   ${report.ambiguous.length} (${share(report.ambiguous.length, report.films)})`,
    `unmatched:   ${unmatched} (${share(unmatched, report.films)})`,
  ];
  if (report.ambiguous.length) {
    lines.push('', 'Ambiguous (the member is asked to choose):');
    for (const film of report.ambiguous.slice(0, examples)) lines.push(`  ${label(film)} → ${film.candidates.join(' | ')}`);
    if (report.ambiguous.length > examples) lines.push(`  … and ${report.ambiguous.length - examples} more (--all lists them)`);
  }
  if (unmatched) {
    lines.push('', 'Unmatched, by reason:');
    for (const group of report.unmatched) {
      lines.push(`  ${group.films.length} × ${group.reason}`);
      for (const film of group.films.slice(0, examples)) lines.push(`      ${label(film)}`);
      if (group.films.length > examples) lines.push(`      … and ${group.films.length - examples} more (--all lists them)`);
    }
  }
  return lines.join('\n');
}
