import { IANAZone } from 'luxon';
import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { SERVER_CATALOG_SHELF, ServerCatalogSection } from '../catalog/serverSchema.js';
import { Snowflake } from '../config.js';
import { ImportLog } from '../import/history.js';
import { ListsSectionField } from '../lists/schema.js';
import { PartiesSection } from '../parties/schema.js';
import type { Layout } from './layout.js';

/**
 * One server's data, stored as one document (one JSON file with the lowdb backend).
 *
 * Adding a section for a later feature (lists, parties...) is one line in `GuildData` below:
 *
 *     lists: z.array(ClubList).default([]),
 *
 * Every section MUST have a default (`.default(...)` for arrays/records, `.prefault({})` for objects, so that
 * the object's own field defaults apply): files written before the section existed then load with the default
 * merged in, and no version bump or migration is needed. Bump `SCHEMA_VERSION` (and add a step to
 * `MIGRATIONS` in ./guildData.ts) only when existing data must be reshaped.
 */
export const SCHEMA_VERSION = 2;

export const IsoDateTime = z.iso.datetime({ offset: true });
/** A calendar day, `YYYY-MM-DD` (checked for real dates: no 2023-02-30). */
export const CalendarDate = z.iso.date();

/** A rating in stars, ½ to 5 in half steps. */
export const Stars = z.number().min(0.5).max(5).multipleOf(0.5);
export const REVIEW_MAX_LENGTH = 2000;
/** Display names are what Discord allows (32 for user names, but guild nicknames and global names can be longer). */
export const MemberName = z.string().trim().min(1).max(100);

/** How a server reads an ambiguous numeric date such as 05/06/2024 (`/config date-format`). */
export const DateOrder = z.enum(['day-first', 'month-first']);
export type DateOrder = z.infer<typeof DateOrder>;

export const GuildConfig = z.object({
  moderatorRoleId: Snowflake.optional(),
  /** IANA zone used for "today" (default date of a watch); UTC when unset. */
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'an IANA time zone such as "Europe/Paris"')
    .optional(),
  /** How 05/06/2024 is read in watch dates; day first when unset. */
  dateOrder: DateOrder.optional(),
  /** The club's web pages are readable by anyone with the link, not only members (`/config web`). */
  webPublic: z.boolean().optional(),
});

export const Review = z.object({
  text: z.string().trim().min(1).max(REVIEW_MAX_LENGTH),
  spoiler: z.boolean().default(false),
  createdAt: IsoDateTime,
  editedAt: IsoDateTime.optional(),
});

/** One viewing. `stars` is the rating given with this viewing (a review's rating lives here). */
export const DiaryEntry = z.object({
  id: z.string().min(1).max(24),
  watchedOn: CalendarDate,
  loggedAt: IsoDateTime,
  stars: Stars.optional(),
  review: Review.optional(),
});

/**
 * Everything one member has recorded about one film. Undo works on this unit: each change touches exactly one
 * member's record of one film, so restoring it restores the change. An empty record is deleted, never stored.
 */
export const MemberFilm = z.object({
  /** Oldest viewing first. Seen ⇔ at least one entry, or `seenSince`. */
  diary: z.array(DiaryEntry).default([]),
  /**
   * Seen without a dated viewing (Letterboxd's "watched" without a diary entry): set when a member favorites,
   * dislikes or rates a film they never logged, so no viewing is invented. Records before it existed lack it.
   */
  seenSince: IsoDateTime.optional(),
  favoriteSince: IsoDateTime.optional(),
  dislikeSince: IsoDateTime.optional(),
  watchlistSince: IsoDateTime.optional(),
  /** The member's current rating of the film (what averages use). */
  rating: z.object({ stars: Stars, at: IsoDateTime }).optional(),
});

export const ACTIVITY_KINDS = [
  'watched',
  'unwatched',
  'redated',
  'favorited',
  'unfavorited',
  'disliked',
  'undisliked',
  'watchlisted',
  'unwatchlisted',
  'rated',
  'unrated',
  'reviewed',
  'review-deleted',
] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);

export const ActivityEvent = z.object({
  /** Also the undo token of the change that produced it. */
  id: z.string().min(1).max(24),
  at: IsoDateTime,
  userId: Snowflake,
  filmId: FilmId,
  kind: ActivityKind,
  entryId: z.string().min(1).max(24).optional(),
  watchedOn: CalendarDate.optional(),
  stars: Stars.optional(),
  spoiler: z.boolean().optional(),
});

/** How to revert one change: the member's record of the film before and after it (null: no record). */
export const UndoRecord = z.object({
  token: z.string().min(1).max(24),
  userId: Snowflake,
  filmId: FilmId,
  at: IsoDateTime,
  eventIds: z.array(z.string().min(1).max(24)).min(1),
  before: MemberFilm.nullable(),
  after: MemberFilm.nullable(),
});

export const GuildData = z.object({
  version: z.literal(SCHEMA_VERSION),
  /** Source of short ids for diary entries and events; only ever grows. */
  seq: z.number().int().nonnegative().default(0),
  config: GuildConfig.prefault({}),
  /** userId → display name as last seen, so views can print names without pinging anyone. */
  members: z.record(Snowflake, MemberName).default({}),
  /** userId → filmId → that member's record of the film. */
  memberFilms: z.record(Snowflake, z.record(FilmId, MemberFilm)).default({}),
  /** Oldest first, capped (see ACTIVITY_LIMIT in src/club). */
  activity: z.array(ActivityEvent).default([]),
  /** userId → undo token → how to revert that change; oldest first, a few per member (see UNDO_PER_MEMBER in src/club). */
  undo: z.record(Snowflake, z.record(z.string().min(1).max(24), UndoRecord)).default({}),
  /** Member imports applied (src/import). */
  imports: ImportLog,
  lists: ListsSectionField,
  parties: PartiesSection.prefault({}),
  catalog: ServerCatalogSection.prefault({}),
});

export type GuildData = z.infer<typeof GuildData>;
export type GuildConfig = z.infer<typeof GuildConfig>;
export type MemberFilm = z.infer<typeof MemberFilm>;
export type DiaryEntry = z.infer<typeof DiaryEntry>;
export type Review = z.infer<typeof Review>;
export type ActivityEvent = z.infer<typeof ActivityEvent>;
export type ActivityKind = z.infer<typeof ActivityKind>;
export type UndoRecord = z.infer<typeof UndoRecord>;

/**
 * How a server's data is stored record by record (see Layout): settings, lists, parties and the import log are
 * small per-server records; names, film records and undo are kept per member; the feed is an append-only log.
 */
export const GUILD_LAYOUT: Layout = {
  version: SCHEMA_VERSION,
  shelves: [
    { kind: 'value', field: 'seq', schema: GuildData.shape.seq },
    { kind: 'value', field: 'config', schema: GuildData.shape.config },
    { kind: 'keyed', field: 'members', keys: [Snowflake], value: MemberName },
    { kind: 'keyed', field: 'memberFilms', keys: [Snowflake, FilmId], value: MemberFilm },
    { kind: 'log', field: 'activity', item: ActivityEvent, id: (event) => (event as ActivityEvent).id },
    { kind: 'keyed', field: 'undo', keys: [Snowflake, z.string().min(1).max(24)], value: UndoRecord },
    { kind: 'value', field: 'imports', schema: GuildData.shape.imports },
    { kind: 'value', field: 'lists', schema: GuildData.shape.lists },
    { kind: 'value', field: 'parties', schema: GuildData.shape.parties },
    SERVER_CATALOG_SHELF,
  ],
};

export function emptyGuildData(): GuildData {
  return GuildData.parse({ version: SCHEMA_VERSION });
}
