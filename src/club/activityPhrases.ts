import type { ActivityKind } from '../store/schema.js';

/** What each kind of activity says after the member's name ("alice favorited …"), in Discord and on the website. */
export const ACTIVITY_PHRASES: Record<ActivityKind, string> = {
  watched: 'watched',
  unwatched: 'removed a viewing of',
  redated: 'changed the date of a viewing of',
  favorited: 'favorited',
  unfavorited: 'unfavorited',
  disliked: 'disliked',
  undisliked: 'no longer dislikes',
  watchlisted: 'added to their watchlist',
  unwatchlisted: 'took off their watchlist',
  rated: 'rated',
  unrated: 'removed their rating of',
  reviewed: 'reviewed',
  'review-deleted': 'deleted their review of',
};
