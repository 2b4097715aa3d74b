import { ButtonStyle, ComponentType, time, TimestampStyles, type APIEmbedField } from 'discord.js';
import { escapeMarkdown, escapeMemberLine } from './escape.js';
import { ACTIVITY_PHRASES } from '../../club/activityPhrases.js';
import type { ActivityItem, DiaryItem, FilmSummary, ReviewSnippet } from '../../club/index.js';
import { starsText } from '../../club/index.js';
import { customId } from '../customId.js';
import { joinWithinLimit, LIMITS, truncate } from '../limits.js';
import type { ActionRow } from './film.js';
import type { V2Block } from './v2.js';
import { count, plural } from './count.js';

/** Said when a favorite, dislike or rating marked a film seen: no viewing was dated for it. */
export const MARKED_SEEN = 'marked as seen, without a diary entry: /watched logs a dated viewing';
/** Said when a change took the film off the member's watchlist (a seen film leaves it). */
export const OFF_WATCHLIST = 'taken off your watchlist';

/**
 * Member names are shown as written, never as markdown (and never as pings: see NO_MENTIONS). A name often starts
 * a line (the feed, "Seen by"), where "# LOUD" would be a heading, and a nick may hold a masked link.
 */
export const memberName = (name: string) => escapeMemberLine(name);


/** A Discord timestamp the client shows as "11 minutes ago" in each reader's own language and zone. */
export function ago(iso: string): string {
  return time(new Date(iso), TimestampStyles.RelativeTime);
}

/** "alice favorited this title · 11 minutes ago", or with the film named when the feed spans films. */
export function activityLine(item: ActivityItem, withFilm: boolean): string {
  const what = withFilm ? `*${escapeMarkdown(item.film.title)}*${item.film.year ? ` (${item.film.year})` : ''}` : 'this title';
  const stars = item.kind === 'rated' && item.stars !== undefined ? ` ${starsText(item.stars)}` : '';
  return `${memberName(item.name)} ${ACTIVITY_PHRASES[item.kind]} ${what}${stars} · ${ago(item.at)}`;
}

/** "★★★★½ 90/100 · alice · 8 years ago", then the snippet (hidden behind a spoiler tag when flagged). */
export function reviewLine(review: ReviewSnippet): string {
  const text = escapeMemberLine(review.snippet).replace(/\|\|/g, '| |');
  const rating = review.stars !== undefined ? `${starsText(review.stars)} ${review.score}/100 · ` : '';
  return `${rating}${memberName(review.name)} · ${ago(review.createdAt)}\n${review.spoiler ? `||${text}||` : `> ${text}`}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line histogram of the ten half-star buckets, when anyone has rated. */
export function histogramLine(summary: FilmSummary): string {
  const counts = summary.ratings.histogram.map((bucket) => bucket.count);
  const max = Math.max(...counts);
  if (max === 0) return '';
  return `½ ${counts.map((count) => (count === 0 ? '·' : BARS[Math.ceil((count / max) * (BARS.length - 1))])).join('')} 5`;
}

/** What the server thinks of the film, as card fields: the seed page's statistics for one club. */
export function clubFields(summary: FilmSummary): APIEmbedField[] {
  if (summary.watchers === 0 && summary.watchlisted === 0) {
    return [{ name: 'In this server', value: 'Nobody here has logged this film yet. Be the first: press **Watched**.' }];
  }
  const stats: string[] = [`${plural(summary.watchers, 'member')} watched`];
  if (summary.watchers > 0) stats.push(`${summary.favorites.percent}% favorited`, `${summary.dislikes.percent}% disliked`);
  if (summary.watchlisted > 0) stats.push(`${count(summary.watchlisted)} on watchlists`);
  const lines = [stats.join(' · ')];
  if (summary.ratings.count > 0 && summary.ratings.average !== undefined) {
    lines.push(`Average ${starsText(summary.ratings.average)} ${summary.ratings.average.toFixed(1)} (${summary.ratings.score}/100) from ${plural(summary.ratings.count, 'rating')}   ${histogramLine(summary)}`);
  }
  const fields: APIEmbedField[] = [{ name: 'In this server', value: lines.join('\n') }];
  if (summary.seenBy.members.length > 0) {
    const names = summary.seenBy.members.map((member) => memberName(member.name));
    const others = (more: number) => ` and ${plural(more, 'other')}`;
    fields.push({ name: 'Seen by', value: joinWithinLimit(names, LIMITS.fieldValue, { unlisted: summary.seenBy.more, tail: others }) });
  }
  if (summary.reviews.items.length > 0) {
    const perReview = Math.floor(LIMITS.fieldValue / summary.reviews.items.length) - 2;
    fields.push({ name: `Reviews (${count(summary.reviews.total)})`, value: summary.reviews.items.map((review) => truncate(reviewLine(review), perReview)).join('\n\n') });
  }
  if (summary.activity.length > 0) {
    fields.push({ name: 'Recent activity', value: joinWithinLimit(summary.activity.map((item) => activityLine(item, false)), LIMITS.fieldValue, { separator: '\n' }) });
  }
  return fields;
}

/**
 * What the server thinks of the film, as card blocks: the seed page's statistics for one club. The first block
 * opens the server's group with a divider; priorities say what survives when the card is over budget.
 */
export function clubBlocks(summary: FilmSummary): V2Block[] {
  if (summary.watchers === 0 && summary.watchlisted === 0) {
    return [{ heading: 'In this server', text: 'Nobody here has logged this film yet. Be the first: press **Watched**.', priority: 8, divider: true }];
  }
  const [stats, ...rest] = clubFields(summary);
  const blocks: V2Block[] = [{ heading: stats!.name, text: stats!.value, priority: 8, divider: true }];
  const priorities: Record<string, number> = { 'Seen by': 3, 'Recent activity': 1 };
  for (const field of rest) blocks.push({ heading: field.name, text: field.value, priority: priorities[field.name] ?? 4 });
  return blocks;
}

export const DIARY_BUTTONS = [
  { action: 'watched', label: 'Watched', emoji: '👁️' },
  { action: 'favorite', label: 'Favorite', emoji: '❤️' },
  { action: 'dislike', label: 'Dislike', emoji: '👎' },
  { action: 'watchlist', label: 'Watchlist', emoji: '📌' },
  { action: 'review', label: 'Review', emoji: '✍️' },
] as const;

/** The buttons under a film card; each acts for whoever presses it. */
export function diaryButtons(filmId: string): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: DIARY_BUTTONS.map((button) => ({
      type: ComponentType.Button,
      style: button.action === 'review' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: button.label,
      emoji: { name: button.emoji },
      custom_id: customId('film', button.action, filmId),
    })),
  };
}

/** "`2024-05-17` **Holy Motors** (2012) ★★★★½ ↻ ✍ ❤" — one diary entry. */
export function diaryLine(item: DiaryItem): string {
  const marks = [item.stars !== undefined ? starsText(item.stars) : '', item.rewatch ? '↻' : '', item.review ? '✍' : '', item.favorite ? '❤' : ''].filter(Boolean).join(' ');
  return `\`${item.watchedOn}\` **${escapeMarkdown(item.film.title)}**${item.film.year ? ` (${item.film.year})` : ''}${marks ? ` ${marks}` : ''}`;
}
