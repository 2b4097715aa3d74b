import { cloneJson } from '../store/cloneJson.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { DiaryEntry, GuildData, MemberFilm } from '../store/schema.js';

/** What a merge moved, for the moderator's confirmation. */
export interface MergeCounts {
  /** Members who had a record of the removed film. */
  members: number;
  /** Diary entries moved (a viewing logged on both entries, same day and same words, counts once). */
  viewings: number;
  lists: number;
  parties: number;
}

const earliest = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

const sameViewing = (a: DeepReadonly<DiaryEntry>, b: DeepReadonly<DiaryEntry>) =>
  a.watchedOn === b.watchedOn && a.stars === b.stars && a.review?.text === b.review?.text;

const byDate = (a: DeepReadonly<DiaryEntry>, b: DeepReadonly<DiaryEntry>) =>
  a.watchedOn.localeCompare(b.watchedOn) || a.loggedAt.localeCompare(b.loggedAt);

/**
 * One member's records of two entries of the same film, as one. Nothing is lost: every viewing (with its rating and
 * review) is kept, except the same viewing logged on both entries (same day, stars and words), kept once; the
 * latest rating wins; a favorite or dislike on the kept entry wins over the other's (never both).
 */
export function mergeMemberFilm(kept: DeepReadonly<MemberFilm> | undefined, gone: DeepReadonly<MemberFilm>): { record: MemberFilm; moved: number } {
  const base = cloneJson((kept ?? { diary: [] }) as MemberFilm);
  let moved = 0;
  for (const entry of gone.diary) {
    if (base.diary.some((other) => sameViewing(other, entry))) continue;
    base.diary.push(cloneJson(entry as DiaryEntry));
    moved++;
  }
  base.diary.sort(byDate);
  const seenSince = earliest(base.seenSince, gone.seenSince);
  if (seenSince !== undefined) base.seenSince = seenSince;
  if (base.favoriteSince === undefined && base.dislikeSince === undefined) {
    if (gone.favoriteSince !== undefined) base.favoriteSince = gone.favoriteSince;
    if (gone.dislikeSince !== undefined) base.dislikeSince = gone.dislikeSince;
  }
  const seen = base.diary.length > 0 || base.seenSince !== undefined;
  // A watchlist mark of the other entry does not come back on a film the member has seen.
  if (base.watchlistSince === undefined && gone.watchlistSince !== undefined && !seen) base.watchlistSince = gone.watchlistSince;
  if (gone.rating && (!base.rating || gone.rating.at > base.rating.at)) base.rating = { ...gone.rating };
  return { record: base, moved };
}

/**
 * Moves everything recorded against `removeId` to `keepId`, inside a store update: every member's record (diary,
 * ratings, reviews, favorites, watchlist), list entries and party nominations, votes and picks. Undo records of
 * either film are dropped: restoring a record from before the merge would undo part of it.
 */
export function moveFilmRecords(data: GuildData, keepId: string, removeId: string): MergeCounts {
  const counts: MergeCounts = { members: 0, viewings: 0, lists: 0, parties: 0 };
  for (const userId of Object.keys(data.memberFilms)) {
    const films = data.memberFilms[userId]!;
    const gone = films[removeId];
    if (gone) {
      const { record, moved } = mergeMemberFilm(films[keepId], gone);
      films[keepId] = record;
      delete films[removeId];
      counts.members++;
      counts.viewings += moved;
    }
  }
  for (const userId of Object.keys(data.undo)) {
    const mine = data.undo[userId]!;
    for (const token of Object.keys(mine)) {
      const filmId = mine[token]?.filmId;
      if (filmId === keepId || filmId === removeId) delete mine[token];
    }
    if (Object.keys(mine).length === 0) delete data.undo[userId];
  }
  for (const list of data.lists.items) {
    const at = list.entries.findIndex((entry) => entry.filmId === removeId);
    if (at < 0) continue;
    counts.lists++;
    const kept = list.entries.find((entry) => entry.filmId === keepId);
    if (kept) {
      // A moderator's note on the removed entry is not lost when the kept one has none.
      const note = list.entries[at]!.note;
      if (note !== undefined && kept.note === undefined) kept.note = note;
      list.entries.splice(at, 1);
      list.entries.forEach((entry, index) => (entry.position = index + 1));
    } else {
      list.entries[at]!.filmId = keepId;
    }
  }
  for (const departure of data.lists.departures) if (departure.filmId === removeId) departure.filmId = keepId;
  for (const party of data.parties.list) {
    let touched = false;
    if (party.filmId === removeId) [party.filmId, touched] = [keepId, true];
    const gone = party.nominations.findIndex((nomination) => nomination.filmId === removeId);
    if (gone >= 0) {
      touched = true;
      const nomination = party.nominations[gone]!;
      const keptAt = party.nominations.findIndex((other) => other.filmId === keepId);
      const kept = party.nominations[keptAt];
      if (kept) {
        for (const userId of nomination.by) if (!kept.by.includes(userId)) kept.by.push(userId);
        if (nomination.at < kept.at) kept.at = nomination.at;
        // The one nomination takes the earlier place: ties go to the film nominated first, by place on the ballot.
        if (gone < keptAt) {
          party.nominations.splice(keptAt, 1);
          party.nominations[gone] = kept;
        } else {
          party.nominations.splice(gone, 1);
        }
      } else {
        nomination.filmId = keepId;
      }
    }
    if (party.ballot) {
      for (const [userId, filmId] of Object.entries(party.ballot.votes)) {
        if (filmId === removeId) [party.ballot.votes[userId], touched] = [keepId, true];
      }
      if (party.ballot.winnerFilmId === removeId) [party.ballot.winnerFilmId, touched] = [keepId, true];
    }
    if (touched) counts.parties++;
  }
  return counts;
}

/** Which of `ids` the server's records name anywhere moveFilmRecords looks (members' records, lists, parties). */
export function filmIdsNamed(data: DeepReadonly<GuildData>, ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  const named = new Set<string>();
  const see = (id: string | undefined | null) => {
    if (id && wanted.has(id)) named.add(id);
  };
  for (const films of Object.values(data.memberFilms)) for (const id of Object.keys(films)) see(id);
  for (const list of data.lists.items) for (const entry of list.entries) see(entry.filmId);
  for (const departure of data.lists.departures) see(departure.filmId);
  for (const party of data.parties.list) {
    see(party.filmId);
    for (const nomination of party.nominations) see(nomination.filmId);
    if (party.ballot) {
      for (const filmId of Object.values(party.ballot.votes)) see(filmId);
      see(party.ballot.winnerFilmId);
    }
  }
  return [...named].sort();
}
