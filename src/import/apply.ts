import type { Film } from '../catalog/schema.js';
import { compareEntries, hasSeen, recordOf, sameRecord, setRecord } from '../club/records.js';
import type { FilmLookup } from '../club/types.js';
import { quote, UserError } from '../errors.js';
import { cloneJson } from '../store/cloneJson.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { DiaryEntry, GuildData, MemberFilm } from '../store/schema.js';
import { type CatalogRef, type FilmFacts, type ImportedViewing, type MatchedFilm, mergeFacts } from './facts.js';
import { IMPORT_LOG_LIMIT, type ImportLogEntry } from './history.js';
import { catalogRef, factsForFilm, type ImportEffect, type ImportPreview } from './preview.js';

/** For each ambiguous film of a preview (by its `key`): the candidate chosen, or null to leave it out. */
export type ImportChoices = Readonly<Record<string, string | null>>;

export interface SkippedFilm {
  film: CatalogRef | { title: string; year?: number };
  reason: string;
}

export interface ImportResult {
  /** Id of the import in the server's import log; undefined when nothing changed. */
  importId?: string;
  /** What changed in the member's records. */
  added: ImportEffect;
  /** Existing viewings that gained a rating or a review from the file. */
  completedViewings: number;
  /** Films of the preview whose records were already up to date. */
  unchanged: number;
  /** Not imported, with why (the film left the catalog, a favorite vs an existing dislike…). */
  skipped: SkippedFilm[];
}

/**
 * The films to import: the preview's matches plus the ambiguous films the member resolved. A choice
 * must be one of the offered candidates; several rows resolved to one film are merged.
 */
export function resolveChoices(preview: ImportPreview, choices: ImportChoices = {}): MatchedFilm[] {
  const films = new Map<string, MatchedFilm>(preview.matched.map((film) => [film.filmId, cloneJson(film)]));
  for (const [key, filmId] of Object.entries(choices)) {
    const ambiguous = preview.ambiguous.find((candidate) => candidate.key === key);
    if (!ambiguous) throw new UserError('That choice is not part of this import; start the import again.');
    if (filmId === null) continue;
    const candidate = ambiguous.candidates.find((film) => film.filmId === filmId);
    if (!candidate) throw new UserError(`${filmId.slice(0, 90)} was not one of the films offered for ${quote(ambiguous.source.title)}.`);
    const existing = films.get(filmId);
    if (existing) mergeFacts(existing.facts, cloneJson(ambiguous.facts));
    else films.set(filmId, { ...candidate, source: ambiguous.source, how: 'chosen', facts: cloneJson(ambiguous.facts) });
  }
  return [...films.values()];
}

export function emptyEffect(): ImportEffect {
  return { films: 0, viewings: 0, seen: 0, reviews: 0, ratings: 0, favorites: 0, dislikes: 0, watchlist: 0 };
}

export interface MergeTarget {
  userId: string;
  /** Display name to remember (as every change does); empty to leave it. */
  name: string;
  films: FilmLookup;
  now: Date;
}

/**
 * Merges imported films into one member's records, inside a store update (or on a copy, for a dry
 * run). The rules make a second import of the same data change nothing, and never overwrite what
 * the member recorded in Marquee:
 * - a viewing is added unless the member already has an unclaimed viewing that day; a viewing that
 *   exists gains the file's rating and review only where it has none;
 * - "seen" without a diary entry (watched.csv, a check, a like or rating alone) marks a film the
 *   member has never logged as seen since that row's date (`seenSince`), without inventing a viewing;
 * - the file's rating replaces the member's only when it differs and is more recent;
 * - a favorite is not set over an existing dislike (nor the reverse);
 * - a watchlist entry is not restored for a film seen after it was added.
 */
export function mergeImport(data: GuildData, target: MergeTarget, films: readonly MatchedFilm[]): ImportResult {
  const result: ImportResult = { added: emptyEffect(), completedViewings: 0, unchanged: 0, skipped: [] };
  if (target.name) data.members[target.userId] = target.name;
  for (const planned of films) {
    const film = target.films.get(planned.filmId);
    if (!film) {
      result.skipped.push({ film: { filmId: planned.filmId, title: planned.title, year: planned.year }, reason: 'no longer in the catalog' });
      continue;
    }
    const before = recordOf(data, target.userId, film.id) ?? null;
    const record: MemberFilm = before ? cloneJson(before) : { diary: [] };
    const { facts } = factsForFilm(planned.facts, film);
    const changes = mergeFilm(data, record, facts, film, result);
    if (!sameRecord(before, record)) {
      setRecord(data, target.userId, film.id, record);
      result.added.films += 1;
      addCounts(result.added, changes);
    } else {
      result.unchanged += 1;
    }
  }
  return result;
}

type Counts = Omit<ImportEffect, 'films'>;

function addCounts(into: ImportEffect, counts: Counts): void {
  for (const key of Object.keys(counts) as (keyof Counts)[]) into[key] += counts[key];
}

function mergeFilm(data: GuildData, record: MemberFilm, facts: FilmFacts, film: Film, result: ImportResult): Counts {
  const counts: Counts = { viewings: 0, seen: 0, reviews: 0, ratings: 0, favorites: 0, dislikes: 0, watchlist: 0 };
  const claimed = new Set<DiaryEntry>();
  for (const viewing of facts.viewings) {
    const existing = sameViewing(record.diary, claimed, viewing);
    if (existing) {
      claimed.add(existing);
      let completed = false;
      if (existing.stars === undefined && viewing.stars !== undefined) {
        existing.stars = viewing.stars;
        completed = true;
      }
      if (!existing.review && viewing.review) {
        existing.review = { ...viewing.review };
        counts.reviews += 1;
        completed = true;
      }
      if (completed) result.completedViewings += 1;
      continue;
    }
    const entry = newEntry(data, viewing.watchedOn, viewing.loggedAt);
    if (viewing.stars !== undefined) entry.stars = viewing.stars;
    if (viewing.review) {
      entry.review = { ...viewing.review };
      counts.reviews += 1;
    }
    record.diary.push(entry);
    claimed.add(entry);
    counts.viewings += 1;
  }

  if (!hasSeen(record)) {
    // Seen, favorited or rated without a diary entry (club rule: these imply a watch). The row's date says when it
    // was marked, not when it was watched, so the film is marked seen since then and no viewing is invented.
    const seenAt = [facts.watchedAt, facts.rating?.at, facts.favoriteSince, facts.dislikeSince].filter((at): at is string => at !== undefined).sort()[0];
    if (seenAt && seenAt.slice(0, 10) >= `${film.year - 1}-01-01`) {
      record.seenSince = seenAt;
      counts.seen += 1;
    }
  }
  record.diary.sort(compareEntries);
  const watched = hasSeen(record);

  if (facts.rating && watched && record.rating?.stars !== facts.rating.stars && (!record.rating || facts.rating.at > record.rating.at)) {
    record.rating = { ...facts.rating };
    counts.ratings += 1;
  }
  const ref = catalogRef(film);
  if (facts.favoriteSince && watched && !record.favoriteSince) {
    if (record.dislikeSince) result.skipped.push({ film: ref, reason: 'favorite in the file, but you marked it disliked here' });
    else {
      record.favoriteSince = facts.favoriteSince;
      counts.favorites += 1;
    }
  }
  if (facts.dislikeSince && watched && !record.dislikeSince) {
    if (record.favoriteSince) result.skipped.push({ film: ref, reason: 'disliked in the file, but it is one of your favorites here' });
    else {
      record.dislikeSince = facts.dislikeSince;
      counts.dislikes += 1;
    }
  }
  if (facts.watchlistSince && !record.watchlistSince) {
    const addedOn = facts.watchlistSince.slice(0, 10);
    // Watching takes a film off the watchlist (club rule); an old export must not put it back.
    const seenAfter = record.diary.some((entry) => entry.watchedOn > addedOn) || (record.seenSince !== undefined && record.seenSince.slice(0, 10) > addedOn);
    if (!seenAfter) {
      record.watchlistSince = facts.watchlistSince;
      counts.watchlist += 1;
    }
  }
  return counts;
}

/** The member's viewing that an imported one stands for: same day, the closest in rating and review, not already claimed. */
function sameViewing(diary: readonly DiaryEntry[], claimed: ReadonlySet<DiaryEntry>, viewing: ImportedViewing): DiaryEntry | undefined {
  const sameDay = diary.filter((entry) => !claimed.has(entry) && entry.watchedOn === viewing.watchedOn);
  return (
    sameDay.find((entry) => entry.stars === viewing.stars && entry.review?.text === viewing.review?.text) ??
    sameDay.find((entry) => entry.stars === viewing.stars) ??
    sameDay[0]
  );
}

function newEntry(data: GuildData, watchedOn: string, loggedAt: string): DiaryEntry {
  // Same id scheme as the club's entries ("d" + sequence in base 36), from the same counter.
  data.seq += 1;
  return { id: `d${data.seq.toString(36)}`, watchedOn, loggedAt };
}

/** Appends the import to the server's log (only imports that changed something are logged). */
export function logImport(
  data: GuildData,
  entry: Omit<ImportLogEntry, 'id'>,
): string {
  data.seq += 1;
  const id = `i${data.seq.toString(36)}`;
  data.imports.push({ id, ...entry });
  if (data.imports.length > IMPORT_LOG_LIMIT) data.imports.splice(0, data.imports.length - IMPORT_LOG_LIMIT);
  return id;
}

/** Dry run: what `mergeImport` would change in the stored data now, without changing it. */
export function importEffect(data: DeepReadonly<GuildData>, target: MergeTarget, films: readonly MatchedFilm[]): ImportResult {
  return mergeImport(cloneJson(data) as GuildData, target, films);
}
