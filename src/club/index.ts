export { ClubDiary } from './diary.js';
export type {
  ClubDiaryOptions,
  DeleteEntryResult,
  EntryResult,
  MarkResult,
  RateResult,
  ReviewOptions,
  ReviewResult,
  SimpleResult,
  WatchOptions,
  WatchResult,
} from './diary.js';
export { ACTIVITY_LIMIT, UNDO_PER_MEMBER, type ChangeReceipt, type UndoResult } from './changes.js';
export { EARLIEST_WATCH_DATE, parseWatchDate, todayIn } from './dates.js';
export { assertStars, isStars, ratingText, readRating, scoreToStars, STAR_STEPS, starsText, starsToScore, summarizeRatings, type RatingReading, type RatingSummary } from './ratings.js';
export { guildConfig, setDateOrder, setGuildTimezone, setModeratorRole } from './settings.js';
export { snippet, validateReviewText } from './text.js';
export { filmRef, paginate, type Actor, type FilmLookup, type FilmRef, type Page, type PageRequest } from './types.js';
export type {
  ActivityFilter,
  ActivityItem,
  DiaryEntryView,
  DiaryItem,
  FilmSummary,
  FilmSummaryOptions,
  MemberFilmView,
  Profile,
  ProfileOptions,
  ReviewSnippet,
  Share,
  Tally,
  ViewerItem,
  WatchlistItem,
} from './views.js';
export { UNKNOWN_MEMBER } from './views.js';
export { readWatchDate, type WatchDate, type WatchDateOptions } from './naturalDate.js';
