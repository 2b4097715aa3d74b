import { FilmIndex } from '../club/filmIndex.js';
import { firstSeenOn } from '../club/records.js';
import { type FilmLookup, filmRef, type FilmRef, type Page, type PageRequest, paginate } from '../club/types.js';
import { UNKNOWN_MEMBER } from '../club/views.js';
import { quote, UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { listNameKey } from './names.js';
import { type AwardLevel, type ClubList, ListId } from './schema.js';
import { awardRank, hasWatched, memberProgress, type Progress, progressOf } from './progress.js';

type Data = DeepReadonly<GuildData>;
type List = DeepReadonly<ClubList>;

export function memberName(data: Data, userId: string): string {
  return data.members[userId] ?? UNKNOWN_MEMBER;
}

/** Finds a list by id (what autocomplete sends) or by name, ignoring case. */
export function findList<D extends Data>(data: D, ref: string): D['lists']['items'][number] {
  const text = String(ref ?? '').trim();
  const byId = ListId.safeParse(text).success ? data.lists.items.find((list) => list.id === text) : undefined;
  if (byId) return byId;
  const key = listNameKey(text);
  const byName = data.lists.items.find((list) => listNameKey(list.name) === key);
  if (byName) return byName;
  throw new UserError(
    text ? `There is no server list called ${quote(text, 100)}. /list all shows them.` : 'Name a list; /list all shows them.',
  );
}

export interface ListInfo {
  id: string;
  /** As typed by a moderator: escape it when rendering. */
  name: string;
  description: string;
  ranked: boolean;
  authorId: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  size: number;
}

export function listInfo(data: Data, list: List): ListInfo {
  return {
    id: list.id,
    name: list.name,
    description: list.description,
    ranked: list.ranked,
    authorId: list.authorId,
    authorName: memberName(data, list.authorId),
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    size: list.entries.length,
  };
}

export interface ListItem {
  /** Place in the list; a rank when the list is ranked. */
  position: number;
  film: FilmRef;
  note?: string;
  addedAt: string;
  /** Whether the viewer has watched it (absent without a viewer). */
  watched?: boolean;
}

function listItem(data: Data, films: FilmLookup, entry: List['entries'][number], viewerId: string | undefined): ListItem {
  const item: ListItem = { position: entry.position, film: filmRef(films, entry.filmId), addedAt: entry.addedAt };
  if (entry.note) item.note = entry.note;
  if (viewerId !== undefined) item.watched = hasWatched(data, viewerId, entry.filmId);
  return item;
}

export interface ListShow {
  list: ListInfo;
  /** The viewer's progress through the whole list (not just this page). */
  viewer?: Progress & { userId: string };
  page: Page<ListItem>;
}

export function show(data: Data, films: FilmLookup, ref: string, options: PageRequest & { viewerId?: string } = {}): ListShow {
  const list = findList(data, ref);
  const { viewerId, ...pageRequest } = options;
  const page = paginate(list.entries, pageRequest);
  const result: ListShow = {
    list: listInfo(data, list),
    page: { ...page, items: page.items.map((entry) => listItem(data, films, entry, viewerId)) },
  };
  if (viewerId !== undefined) result.viewer = { userId: viewerId, ...memberProgress(data, list, viewerId) };
  return result;
}

export interface ListOverview {
  list: ListInfo;
  /** The viewer's progress (watched 0 of size without a viewer). */
  progress: Progress;
}

/** The server's lists by name, with the viewer's progress through each. */
export function all(data: Data, options: PageRequest & { viewerId?: string } = {}): Page<ListOverview> {
  const { viewerId, ...pageRequest } = options;
  const sorted = [...data.lists.items].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  const page = paginate(sorted, pageRequest);
  return {
    ...page,
    items: page.items.map((list) => ({
      list: listInfo(data, list),
      progress: viewerId === undefined ? progressOf(0, list.entries.length) : memberProgress(data, list, viewerId),
    })),
  };
}

export interface MemberListProgress extends Progress {
  list: ListInfo;
  userId: string;
  name: string;
  /** The first films of the list the member has not watched, in list order. */
  upNext: ListItem[];
}

export function progress(data: Data, films: FilmLookup, ref: string, userId: string, upNext = 5): MemberListProgress {
  const list = findList(data, ref);
  const next = list.entries.filter((entry) => !hasWatched(data, userId, entry.filmId)).slice(0, Math.max(0, upNext));
  return {
    list: listInfo(data, list),
    userId,
    name: memberName(data, userId),
    ...memberProgress(data, list, userId),
    upNext: next.map((entry) => listItem(data, films, entry, userId)),
  };
}

export interface LeaderboardRow extends Progress {
  /** Shared by members with as many films watched ("1, 2, 2, 4"). */
  rank: number;
  userId: string;
  name: string;
  /** When the member reached this count: the latest first viewing among the list's films they watched. */
  reachedOn: string;
}

/** Members who watched at least one film of the list, most first; among equals, whoever got there first. */
export function leaderboard(data: Data, ref: string, page?: PageRequest): { list: ListInfo; page: Page<LeaderboardRow> } {
  const list = findList(data, ref);
  // Through the server's film index: the list's films' records, not every member's.
  const index = FilmIndex.of(data);
  const standing = new Map<string, { watched: number; reachedOn: string }>();
  for (const filmId of new Set(list.entries.map((entry) => entry.filmId))) {
    for (const [userId, record] of index.recordsOf(filmId)) {
      const first = firstSeenOn(record);
      if (!first) continue;
      let member = standing.get(userId);
      if (!member) standing.set(userId, (member = { watched: 0, reachedOn: '' }));
      member.watched++;
      if (first > member.reachedOn) member.reachedOn = first;
    }
  }
  const rows: Omit<LeaderboardRow, 'rank'>[] = [];
  for (const [userId, { watched, reachedOn }] of standing) {
    rows.push({ userId, name: memberName(data, userId), reachedOn, ...progressOf(watched, list.entries.length) });
  }
  rows.sort((a, b) => b.watched - a.watched || a.reachedOn.localeCompare(b.reachedOn) || a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  const ranked: LeaderboardRow[] = [];
  rows.forEach((row, index) => {
    const previous = ranked[index - 1];
    ranked.push({ ...row, rank: previous && previous.watched === row.watched ? previous.rank : index + 1 });
  });
  return { list: listInfo(data, list), page: paginate(ranked, page) };
}

export interface FilmListMembership {
  list: { id: string; name: string; ranked: boolean; size: number };
  /** The film's place; shown as a rank ("#13 in …") only when the list is ranked. */
  position: number;
}

export interface FormerMembership {
  listId: string;
  /** The list's current name, or its last name if it was deleted. */
  listName: string;
  deleted: boolean;
  position: number;
  removedAt: string;
}

export interface FilmLists {
  filmId: string;
  /** Ranked lists first, best rank first; then unranked lists by name. */
  current: FilmListMembership[];
  /** Lists the film is in now, and has ever been in (removed since, or in a list since deleted): "has been in M". */
  count: number;
  hasBeenIn: number;
  /** Most recently removed first; lists the film is back in are not repeated here. */
  former: FormerMembership[];
}

/** For the film card: "In N server lists · #13 in X, #84 in Y" and, when it left some, "has been in M". */
export function filmLists(data: Data, filmId: string): FilmLists {
  const current: FilmListMembership[] = [];
  for (const list of data.lists.items) {
    const entry = list.entries.find((candidate) => candidate.filmId === filmId);
    if (entry) {
      current.push({ list: { id: list.id, name: list.name, ranked: list.ranked, size: list.entries.length }, position: entry.position });
    }
  }
  current.sort(
    (a, b) =>
      Number(b.list.ranked) - Number(a.list.ranked) ||
      (a.list.ranked ? a.position - b.position : 0) ||
      a.list.name.localeCompare(b.list.name, 'en', { sensitivity: 'base' }),
  );
  const currentIds = new Set(current.map((membership) => membership.list.id));
  const liveIds = new Set(data.lists.items.map((list) => list.id));
  const former: FormerMembership[] = [];
  const seen = new Set<string>();
  for (let i = data.lists.departures.length - 1; i >= 0; i--) {
    const departure = data.lists.departures[i]!;
    if (departure.filmId !== filmId || currentIds.has(departure.listId) || seen.has(departure.listId)) continue;
    seen.add(departure.listId);
    former.push({
      listId: departure.listId,
      listName: departure.listName,
      deleted: !liveIds.has(departure.listId),
      position: departure.position,
      removedAt: departure.removedAt,
    });
  }
  return { filmId, current, count: current.length, hasBeenIn: current.length + former.length, former };
}

export interface MemberAward {
  list: { id: string; name: string };
  award: AwardLevel;
  progress: Progress;
}

/** For /profile: the awards a member holds now, highest first, then by list name. */
export function memberAwards(data: Data, userId: string): MemberAward[] {
  const awards: MemberAward[] = [];
  for (const list of data.lists.items) {
    const progress = memberProgress(data, list, userId);
    if (progress.award) awards.push({ list: { id: list.id, name: list.name }, award: progress.award, progress });
  }
  return awards.sort(
    (a, b) => awardRank(b.award) - awardRank(a.award) || a.list.name.localeCompare(b.list.name, 'en', { sensitivity: 'base' }),
  );
}

export interface ListChoice {
  /** The list id: stable across renames, so it is what an autocomplete choice should carry. */
  id: string;
  name: string;
  size: number;
}

/** Lists whose name contains what was typed (name starts first), for option autocomplete. */
export function suggest(data: Data, typed: string, limit = 25): ListChoice[] {
  const key = listNameKey(String(typed ?? ''));
  const starts: ListChoice[] = [];
  const contains: ListChoice[] = [];
  const lists = [...data.lists.items].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  for (const list of lists) {
    const at = listNameKey(list.name).indexOf(key);
    if (at < 0) continue;
    (at === 0 ? starts : contains).push({ id: list.id, name: list.name, size: list.entries.length });
  }
  return [...starts, ...contains].slice(0, Math.max(0, Math.min(25, limit)));
}
