import type { ActivityKind } from '../store/schema.js';

/**
 * What each kind of activity says after the member's name and before the film ("alice favorited …"), in Discord and
 * on the website: each reads as a sentence with the film last.
 */
export const ACTIVITY_PHRASES: Record<ActivityKind, string> = {
  watched: 'watched',
  unwatched: 'removed a viewing of',
  redated: 'changed the date of a viewing of',
  favorited: 'favorited',
  unfavorited: 'unfavorited',
  disliked: 'disliked',
  undisliked: 'no longer dislikes',
  watchlisted: 'wants to watch',
  unwatchlisted: 'no longer wants to watch',
  rated: 'rated',
  unrated: 'removed their rating of',
  reviewed: 'reviewed',
  'review-deleted': 'deleted their review of',
};
