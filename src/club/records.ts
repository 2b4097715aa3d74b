import { isDeepStrictEqual } from 'node:util';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { DiaryEntry, GuildData, MemberFilm } from '../store/schema.js';

type Data = DeepReadonly<GuildData>;

export function recordOf(data: GuildData, userId: string, filmId: string): MemberFilm | undefined;
export function recordOf(data: Data, userId: string, filmId: string): DeepReadonly<MemberFilm> | undefined;
export function recordOf(data: Data, userId: string, filmId: string): DeepReadonly<MemberFilm> | undefined {
  return data.memberFilms[userId]?.[filmId];
}

export function ensureRecord(data: GuildData, userId: string, filmId: string): MemberFilm {
  const films = (data.memberFilms[userId] ??= {});
  return (films[filmId] ??= { diary: [] });
}

/** Seen: at least one dated viewing, or marked seen without one (see MemberFilm.seenSince). */
export function hasSeen(record: DeepReadonly<MemberFilm> | undefined): boolean {
  return record !== undefined && (record.diary.length > 0 || record.seenSince !== undefined);
}

/** The first day a member is known to have seen a film: their first viewing, else the day they marked it seen. */
export function firstSeenOn(record: DeepReadonly<MemberFilm> | undefined): string | undefined {
  return record?.diary[0]?.watchedOn ?? record?.seenSince?.slice(0, 10);
}

export function isEmptyRecord(record: DeepReadonly<MemberFilm>): boolean {
  return (
    record.diary.length === 0 &&
    record.seenSince === undefined &&
    record.favoriteSince === undefined &&
    record.dislikeSince === undefined &&
    record.watchlistSince === undefined &&
    record.rating === undefined
  );
}

/** Empty records are removed, so "no record" has one representation (undo compares records). */
export function setRecord(data: GuildData, userId: string, filmId: string, record: MemberFilm | null): void {
  if (record && !isEmptyRecord(record)) {
    (data.memberFilms[userId] ??= {})[filmId] = record;
    return;
  }
  const films = data.memberFilms[userId];
  if (!films) return;
  delete films[filmId];
  if (Object.keys(films).length === 0) delete data.memberFilms[userId];
}

/** Chronological order of viewings: by date watched, then by when they were logged. */
export function compareEntries(a: DeepReadonly<DiaryEntry>, b: DeepReadonly<DiaryEntry>): number {
  return a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt);
}

/** Finds a member's diary entry by id across their films. */
export function findEntry(data: GuildData, userId: string, entryId: string): { filmId: string; entry: DiaryEntry } | undefined;
export function findEntry(
  data: Data,
  userId: string,
  entryId: string,
): { filmId: string; entry: DeepReadonly<DiaryEntry> } | undefined;
export function findEntry(
  data: Data,
  userId: string,
  entryId: string,
): { filmId: string; entry: DeepReadonly<DiaryEntry> } | undefined {
  for (const [filmId, record] of Object.entries(data.memberFilms[userId] ?? {})) {
    const entry = record.diary.find((candidate) => candidate.id === entryId);
    if (entry) return { filmId, entry };
  }
  return undefined;
}

/** Equality of stored records as JSON sees them (key order and undefined-valued keys do not matter). */
export function sameRecord(a: DeepReadonly<MemberFilm> | null, b: DeepReadonly<MemberFilm> | null): boolean {
  const normalize = (record: DeepReadonly<MemberFilm> | null): unknown => JSON.parse(JSON.stringify(record ?? null));
  return isDeepStrictEqual(normalize(a), normalize(b));
}
