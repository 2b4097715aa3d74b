export { PartyService } from './service.js';
export type {
  CloseVoteResult,
  EditedField,
  EditInput,
  EndResult,
  NominateResult,
  PartyActor,
  PartyServiceOptions,
  RsvpResult,
  ScheduleInput,
  SuggestRequest,
  SuggestResult,
  VoteResult,
} from './service.js';
export { ReminderScheduler, MAX_TIMER_MS, type DueWork, type LedgerClaim, type LedgerOutcome, type ReminderDelivery, type ReminderLedger, type ReminderSchedulerOptions, type SkippedReminder } from './scheduler.js';
export { ON_TIME_GRACE_MS, reminderMessages, type OutgoingMessage } from './reminders.js';
export { TIE_BREAK_RULE } from './ballot.js';
export { dayIn, formatPartyTime, parsePartyTime, wallTimeToInstant, PARTY_HORIZON_DAYS, type PartyTime } from './time.js';
export { createSimpleGroupRanker, GROUP_MAX, recommendGroupRanker, type FilmCatalog, type GroupPick, type GroupRanker, type GroupRankingRequest } from './suggest.js';
export type { AttendanceResult, PresentMember } from './attendance.js';
export type { AttendeeView, BallotOption, BallotView, NominationView, PartySummary, PartyView, Person, RsvpCounts, RsvpView } from './views.js';
export {
  DEFAULT_REMINDER_LEAD_MINUTES,
  NOMINATIONS_MAX,
  PARTY_DESCRIPTION_MAX,
  PARTY_LOCATION_MAX,
  UPCOMING_PARTIES_MAX,
  PartiesSection,
  type Party,
  type PartyStatus,
  type Reminder,
  type ReminderState,
  type RsvpAnswer,
} from './schema.js';
