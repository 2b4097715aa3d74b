import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { IsoDateTime } from '../store/schema.js';
import {
  AmbiguousFilm,
  type CatalogRef,
  type FilmFacts,
  ImportSource,
  MatchedFilm,
  mergeFacts,
  RowProblem,
  type SourceFilm,
  type SourceTitle,
  UnmatchedFilm,
} from './facts.js';
import { FilmMatcher, type MatchCatalog } from './match.js';
import type { ParsedImport } from './read.js';

/** At most this many problems travel in a preview (the count says how many there were). */
export const PREVIEW_PROBLEMS = 200;

export const ImportCounts = z.object({
  /** Data rows read. */
  rows: z.number().int().nonnegative(),
  /** Distinct films the file names. */
  films: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  ambiguous: z.number().int().nonnegative(),
  unmatched: z.number().int().nonnegative(),
  /** What the matched films carry. */
  viewings: z.number().int().nonnegative(),
  /** Films seen without a diary entry (watched.csv, a check, a rating or like alone): marked seen, no viewing. */
  seen: z.number().int().nonnegative(),
  reviews: z.number().int().nonnegative(),
  ratings: z.number().int().nonnegative(),
  favorites: z.number().int().nonnegative(),
  dislikes: z.number().int().nonnegative(),
  watchlist: z.number().int().nonnegative(),
  problems: z.number().int().nonnegative(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/** What confirming would change in the member's records now (existing viewings and marks are not counted again). */
export const ImportEffect = z.object({
  films: z.number().int().nonnegative(),
  viewings: z.number().int().nonnegative(),
  /** Films marked seen without a dated viewing. */
  seen: z.number().int().nonnegative(),
  reviews: z.number().int().nonnegative(),
  ratings: z.number().int().nonnegative(),
  favorites: z.number().int().nonnegative(),
  dislikes: z.number().int().nonnegative(),
  watchlist: z.number().int().nonnegative(),
});
export type ImportEffect = z.infer<typeof ImportEffect>;

/**
 * Everything the member is shown before confirming, and everything needed to apply the import:
 * plain JSON, so a command can keep it in a session between the preview and the confirm button.
 */
export const ImportPreview = z.object({
  version: z.literal(1),
  source: ImportSource,
  fingerprint: z.string().min(1).max(64),
  createdAt: IsoDateTime,
  files: z.array(z.object({ name: z.string(), kind: z.string(), rows: z.number().int().nonnegative() })),
  ignoredFiles: z.array(z.object({ name: z.string(), reason: z.string() })),
  counts: ImportCounts,
  /** By catalog film; the fuzzy matches first (those are the ones worth a look). */
  matched: z.array(MatchedFilm),
  ambiguous: z.array(AmbiguousFilm),
  unmatched: z.array(UnmatchedFilm),
  /** The first PREVIEW_PROBLEMS problems, in file order; `counts.problems` has the total. */
  problems: z.array(RowProblem),
  notes: z.array(z.string()),
  /** Filled in for a member: what confirming would change now. */
  effect: ImportEffect.optional(),
  /** Filled in for a member who imported these very bytes before. */
  previouslyImportedAt: IsoDateTime.optional(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export interface ImportProgress {
  phase: 'matching';
  done: number;
  total: number;
}

export interface PreviewOptions {
  catalog: MatchCatalog;
  now: Date;
  /** Called every few hundred films (and at the end), e.g. to edit a "working…" reply. */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Films matched between two progress reports. */
  progressEvery?: number;
}

export function catalogRef(film: Film): CatalogRef {
  return { filmId: film.id, title: film.title, year: film.year };
}

function sourceTitle(film: SourceFilm): SourceTitle {
  const title: SourceTitle = { title: film.title.slice(0, 300) };
  if (film.year !== undefined) title.year = film.year;
  return title;
}

/** Drops what cannot be true of this film (a viewing years before it came out means the match or the row is wrong). */
export function factsForFilm(facts: FilmFacts, film: Film): { facts: FilmFacts; dropped: string[] } {
  const earliest = `${film.year - 1}-01-01`;
  const dropped: string[] = [];
  const viewings = facts.viewings.filter((viewing) => {
    if (viewing.watchedOn >= earliest) return true;
    dropped.push(`a viewing on ${viewing.watchedOn}, before ${film.title} (${film.year}) came out`);
    return false;
  });
  const kept: FilmFacts = { ...facts, viewings };
  if (kept.watchedAt && kept.watchedAt < earliest) {
    dropped.push(`seen on ${kept.watchedAt.slice(0, 10)}, before ${film.title} (${film.year}) came out`);
    delete kept.watchedAt;
  }
  return { facts: kept, dropped };
}

/**
 * Matches the films of a parsed import to the catalog and sums up what would be recorded. Async only
 * to let progress reports (and the rest of the bot) through on long files.
 */
export async function buildPreview(parsed: ParsedImport, options: PreviewOptions): Promise<ImportPreview> {
  const matcher = new FilmMatcher(options.catalog);
  const every = options.progressEvery ?? 250;
  const matched = new Map<string, MatchedFilm>();
  const ambiguous: AmbiguousFilm[] = [];
  const unmatched: UnmatchedFilm[] = [];
  const problems: RowProblem[] = [...parsed.problems];
  const total = parsed.films.length;
  const exportName = parsed.files.length === 1 ? parsed.files[0]!.name : 'export';

  for (let index = 0; index < total; index++) {
    if (index > 0 && index % every === 0) {
      await options.onProgress?.({ phase: 'matching', done: index, total });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const source = parsed.films[index]!;
    const outcome = matcher.match(source);
    if (outcome.status === 'unmatched') {
      unmatched.push({ source: sourceTitle(source), rows: source.rows, reason: outcome.reason });
      continue;
    }
    if (outcome.status === 'ambiguous') {
      ambiguous.push({ key: source.key.slice(0, 400), source: sourceTitle(source), candidates: outcome.candidates.map(catalogRef), facts: source.facts });
      continue;
    }
    const film = outcome.film;
    const { facts, dropped } = factsForFilm(source.facts, film);
    for (const message of dropped) problems.push({ file: exportName, title: source.title, message: `${message}; left out` });
    const existing = matched.get(film.id);
    if (existing) {
      mergeFacts(existing.facts, facts);
      // The weakest way any of its rows was matched is the one to show.
      if (MATCH_RANK[outcome.how] > MATCH_RANK[existing.how]) existing.how = outcome.how;
    } else {
      matched.set(film.id, { ...catalogRef(film), source: sourceTitle(source), how: outcome.how, facts: structuredClone(facts) });
    }
  }
  await options.onProgress?.({ phase: 'matching', done: total, total });

  const matchedList = [...matched.values()].sort(
    (a, b) => MATCH_RANK[b.how] - MATCH_RANK[a.how] || a.title.localeCompare(b.title) || a.year - b.year,
  );
  const preview: ImportPreview = {
    version: 1,
    source: parsed.source,
    fingerprint: parsed.fingerprint,
    createdAt: options.now.toISOString(),
    files: parsed.files,
    ignoredFiles: parsed.ignoredFiles,
    counts: {
      rows: parsed.files.reduce((sum, file) => sum + file.rows, 0),
      films: total,
      matched: matchedList.length,
      ambiguous: ambiguous.length,
      unmatched: unmatched.length,
      ...countFacts(matchedList),
      problems: problems.length,
    },
    matched: matchedList,
    ambiguous,
    unmatched,
    problems: problems.slice(0, PREVIEW_PROBLEMS),
    notes: parsed.notes,
  };
  return preview;
}

const MATCH_RANK: Record<MatchedFilm['how'], number> = { id: 0, title: 1, aka: 2, chosen: 3, fuzzy: 4 };

function countFacts(films: readonly MatchedFilm[]) {
  const counts = { viewings: 0, seen: 0, reviews: 0, ratings: 0, favorites: 0, dislikes: 0, watchlist: 0 };
  for (const { facts } of films) {
    counts.viewings += facts.viewings.length;
    if (facts.viewings.length === 0 && (facts.watchedAt || facts.rating || facts.favoriteSince || facts.dislikeSince)) counts.seen += 1;
    counts.reviews += facts.viewings.filter((viewing) => viewing.review).length;
    if (facts.rating) counts.ratings += 1;
    if (facts.favoriteSince) counts.favorites += 1;
    if (facts.dislikeSince) counts.dislikes += 1;
    if (facts.watchlistSince) counts.watchlist += 1;
  }
  return counts;
}

export interface PreviewSummary {
  source: ImportSource;
  counts: ImportCounts;
  effect?: ImportEffect;
  previouslyImportedAt?: string;
  /** A few of each, for the reply: fuzzy matches first so the member can check them. */
  examples: {
    matched: { source: SourceTitle; film: CatalogRef; how: MatchedFilm['how'] }[];
    ambiguous: { key: string; source: SourceTitle; candidates: CatalogRef[] }[];
    unmatched: { source: SourceTitle; reason: string }[];
    problems: RowProblem[];
  };
  notes: string[];
  ignoredFiles: { name: string; reason: string }[];
}

/** The part of a preview a reply shows: counts and a few examples of each outcome. */
export function summarizePreview(preview: ImportPreview, examples = 5): PreviewSummary {
  const summary: PreviewSummary = {
    source: preview.source,
    counts: preview.counts,
    examples: {
      matched: preview.matched.slice(0, examples).map(({ source, how, filmId, title, year }) => ({ source, film: { filmId, title, year }, how })),
      ambiguous: preview.ambiguous.slice(0, examples).map(({ key, source, candidates }) => ({ key, source, candidates })),
      unmatched: preview.unmatched.slice(0, examples).map(({ source, reason }) => ({ source, reason })),
      problems: preview.problems.slice(0, examples),
    },
    notes: preview.notes,
    ignoredFiles: preview.ignoredFiles,
  };
  if (preview.effect) summary.effect = preview.effect;
  if (preview.previouslyImportedAt) summary.previouslyImportedAt = preview.previouslyImportedAt;
  return summary;
}
