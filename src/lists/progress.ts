import { hasSeen } from '../club/records.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { AWARD_LEVELS, type AwardLevel, type ClubList } from './schema.js';

type Data = DeepReadonly<GuildData>;
type List = DeepReadonly<ClubList>;

/** Share of a list watched for each award, as on iCheckMovies. */
export const AWARD_PERCENT: Readonly<Record<AwardLevel, number>> = { bronze: 50, silver: 75, gold: 90, platinum: 100 };

export interface Progress {
  watched: number;
  total: number;
  /** Rounded down to one decimal, so 99.97 % shows as 99.9 and only a complete list shows 100. */
  percent: number;
  /** The award the member holds now (undefined below 50 % or for an empty list). */
  award?: AwardLevel;
  /** The next award and how many more films it takes. */
  next?: { award: AwardLevel; films: number };
}

/** Seen, with or without a dated viewing (a film rated or favorited unlogged counts towards awards too). */
export function hasWatched(data: Data, userId: string, filmId: string): boolean {
  return hasSeen(data.memberFilms[userId]?.[filmId]);
}

/** Films needed for an award: the smallest count reaching its percentage (integer arithmetic, no rounding drift). */
export function filmsFor(award: AwardLevel, total: number): number {
  return Math.ceil((total * AWARD_PERCENT[award]) / 100);
}

export function awardFor(watched: number, total: number): AwardLevel | undefined {
  if (total === 0) return undefined;
  let held: AwardLevel | undefined;
  for (const level of AWARD_LEVELS) if (watched * 100 >= total * AWARD_PERCENT[level]) held = level;
  return held;
}

export function awardRank(level: AwardLevel | undefined): number {
  return level === undefined ? 0 : AWARD_LEVELS.indexOf(level) + 1;
}

export function progressOf(watched: number, total: number): Progress {
  const progress: Progress = { watched, total, percent: total === 0 ? 0 : Math.floor((watched * 1000) / total) / 10 };
  const award = awardFor(watched, total);
  if (award) progress.award = award;
  const next = AWARD_LEVELS.find((level) => awardRank(level) > awardRank(award));
  if (next && total > 0) progress.next = { award: next, films: filmsFor(next, total) - watched };
  return progress;
}

export function watchedCount(data: Data, list: List, userId: string): number {
  const films = data.memberFilms[userId];
  if (!films) return 0;
  let count = 0;
  for (const entry of list.entries) if (hasSeen(films[entry.filmId])) count++;
  return count;
}

export function memberProgress(data: Data, list: List, userId: string): Progress {
  return progressOf(watchedCount(data, list, userId), list.entries.length);
}

export interface EarnedAward {
  userId: string;
  /** Display name as last seen (never a mention). */
  name: string;
  list: { id: string; name: string };
  /** The highest level newly reached; lower levels crossed in the same step are in `levels`. */
  level: AwardLevel;
  /** Every level newly reached, lowest first. */
  levels: AwardLevel[];
  /** The level announced before, if any. */
  previous?: AwardLevel;
  progress: Progress;
}

/**
 * Announcing awards. Stored per member and list is the level already accounted for, and an award is announced
 * when a member's own diary change takes them past it — exactly once: a dip (a watch undone, then redone) does
 * not lower the stored level, so crossing back is not announced again.
 *
 * `settleAwards` runs inside a store update after a member's diary change: it records and returns the levels
 * newly reached. `userIds` limits the members looked at; `lists` limits the lists.
 */
export function settleAwards(
  data: GuildData,
  options: { userIds?: readonly string[]; lists?: readonly ClubList[]; memberName: (userId: string) => string },
): EarnedAward[] {
  const lists = options.lists ?? data.lists.items;
  const userIds = options.userIds ?? Object.keys(data.memberFilms);
  const earned: EarnedAward[] = [];
  for (const list of lists) {
    if (list.entries.length === 0) continue;
    for (const userId of userIds) {
      const progress = memberProgress(data, list, userId);
      if (!progress.award) continue;
      const announced = data.lists.awards[userId]?.[list.id];
      if (awardRank(progress.award) <= awardRank(announced)) continue;
      (data.lists.awards[userId] ??= {})[list.id] = progress.award;
      const levels = AWARD_LEVELS.filter((level) => awardRank(level) > awardRank(announced) && awardRank(level) <= awardRank(progress.award));
      const award: EarnedAward = {
        userId,
        name: options.memberName(userId),
        list: { id: list.id, name: list.name },
        level: progress.award,
        levels,
        progress,
      };
      if (announced) award.previous = announced;
      earned.push(award);
    }
  }
  return earned;
}

/**
 * After a moderator changes which films a list holds, members' standing is re-based silently: the stored level
 * becomes what each member holds now, up or down. A list change is not a member crossing anything (announcing
 * here would flood the channel on every import, and while a list is being built its first film alone is 100 %);
 * what members reach from there by watching is announced as usual.
 */
export function rebaseAwards(data: GuildData, list: ClubList): void {
  const userIds = new Set([...Object.keys(data.memberFilms), ...Object.keys(data.lists.awards)]);
  for (const userId of userIds) {
    const held = awardFor(watchedCount(data, list, userId), list.entries.length);
    if (held) {
      (data.lists.awards[userId] ??= {})[list.id] = held;
    } else {
      const awards = data.lists.awards[userId];
      if (!awards) continue;
      delete awards[list.id];
      if (Object.keys(awards).length === 0) delete data.lists.awards[userId];
    }
  }
}

/** True when `settleAwards` would find something for these members (lets a caller skip a write when nothing changed). */
export function hasUnsettledAwards(data: Data, userIds: readonly string[], lists: readonly DeepReadonly<ClubList>[] = data.lists.items): boolean {
  return lists.some(
    (list) =>
      list.entries.length > 0 &&
      userIds.some((userId) => awardRank(awardFor(watchedCount(data, list, userId), list.entries.length)) > awardRank(data.lists.awards[userId]?.[list.id])),
  );
}
