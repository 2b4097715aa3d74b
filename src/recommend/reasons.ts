import { starsText } from '../club/ratings.js';
import type { FilmRef } from '../club/types.js';
import type { SharedFeature } from './features.js';

/**
 * Why a film was suggested. Every reason is a fact about the member or the server (a film they favorited, how
 * many members loved it), never a paraphrase of a score, so a member can check it.
 */
export type Reason =
  /** A film the member marked, with what it shares with the suggestion. */
  | { kind: 'film'; via: 'favorite' | 'rating' | 'watchlist' | 'watched'; film: FilmRef; stars?: number; shared: SharedFeature[] }
  /** Other members who loved (favorite or ≥4★) both a film the member loved and this one. */
  | { kind: 'also-loved'; film: FilmRef; members: number; shared: SharedFeature[] }
  /** Members whose histories overlap the member's who loved (favorite or ≥4★) / watched it. */
  | { kind: 'neighbours'; loved: number; watched: number }
  /** Members of the server who loved / watched it. */
  | { kind: 'server'; loved: number; watched: number }
  /** Features the film shares with films the member loved (favorites, ratings of 4★ or more). */
  | { kind: 'taste'; features: SharedFeature[] }
  /** Nothing more personal to say: a film from the catalog's canon. */
  | { kind: 'canon' }
  /** Group suggestions: members who have it on their watchlist. */
  | { kind: 'watchlist'; names: string[] };

export function featureText(feature: SharedFeature): string {
  switch (feature.group) {
    case 'director':
      return `directed by ${feature.label}`;
    case 'cast':
      return `with ${feature.label}`;
    case 'country':
      return `from ${feature.label}`;
    case 'language':
      return `in ${feature.label}`;
    default:
      return feature.label;
  }
}

const sharedText = (shared: readonly SharedFeature[]) => (shared.length ? ` (${shared.map(featureText).join(', ')})` : '');

const members = (count: number) => `${count} member${count === 1 ? '' : 's'}`;

function nameList(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * One reason as words. Personal answers speak to the member ("you favorited…"); group answers name them
 * (`subject: "Alice"` → "Alice favorited…", "3 members with Alice’s taste loved it").
 */
export function reasonText(reason: Reason, subject?: string): string {
  const who = subject ?? 'you';
  const whose = subject ? `${subject}’s` : 'your';
  switch (reason.kind) {
    case 'film': {
      const shared = sharedText(reason.shared);
      const title = reason.film.title;
      switch (reason.via) {
        case 'favorite':
          return `${who} favorited ${title}${shared}`;
        case 'rating':
          return `${who} rated ${title} ${starsText(reason.stars ?? 0)}${shared}`;
        case 'watchlist':
          return `${title} is on ${whose} watchlist${shared}`;
        case 'watched':
          return `${who} watched ${title}${shared}`;
      }
      break;
    }
    case 'also-loved':
      return `${members(reason.members)} who loved ${reason.film.title}${sharedText(reason.shared)} also loved it`;
    case 'neighbours':
      return reason.loved > 0
        ? `${members(reason.loved)} with ${whose} taste loved it`
        : `${members(reason.watched)} with ${whose} taste watched it`;
    case 'server':
      return reason.loved > 0 ? `${members(reason.loved)} of this server loved it` : `${members(reason.watched)} of this server watched it`;
    case 'taste':
      return `it has what ${subject ?? 'you'} ${subject ? 'likes' : 'like'}: ${reason.features.map(featureText).join(', ')}`;
    case 'canon':
      return 'a classic from the catalog';
    case 'watchlist':
      return `on ${nameList(reason.names.map((name) => `${name}’s`))} watchlist${reason.names.length > 1 ? 's' : ''}`;
  }
  return '';
}

/** Reasons joined into one line: "you favorited Holy Motors; 3 members with your taste loved it". */
export function becauseText(reasons: readonly Reason[], subject?: string): string {
  return reasons.map((reason) => reasonText(reason, subject)).join('; ');
}
