import { IANAZone } from 'luxon';
import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { Snowflake } from '../config.js';
import type { Layout } from './layout.js';
import { composeLayout, fieldSchema } from './shelves.js';

/**
 * One server's data: the club's core records here, and every feature's own shelves (declared in the feature's
 * module, see ./shelves.ts).
 *
 * A feature adds a section in its own module, with one declaration and the type beside it:
 *
 *     export const LISTS_SHELF = declareShelf({ kind: 'value', field: 'lists', schema: ListsSectionField });
 *     declare module '../store/schema.js' { interface GuildSections { lists: z.infer<typeof ListsSectionField> } }
 *
 * and one import line in src/shelves.ts. Every section MUST have a default (`.default(...)` for arrays/records, `.prefault({})` for objects, so that
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

/** The club's core records; feature sections are added by their modules (GuildSections). */
export const CoreGuildData = z.object({
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
});

/** Sections features add to a server's data, by declaration merging from their own modules. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GuildSections {}

export type GuildData = z.infer<typeof CoreGuildData> & GuildSections;

/** The whole document's schema: the core and every declared feature shelf (composed when first used). */
function guildDataSchema(): z.ZodObject {
  const layout = guildLayout();
  if (schemaCache?.layout === layout) return schemaCache.schema;
  const extra = Object.fromEntries(layout.shelves.filter((shelf) => !(shelf.field in CoreGuildData.shape)).map((shelf) => [shelf.field, fieldSchema(shelf)]));
  const schema = CoreGuildData.extend(extra);
  schemaCache = { layout, schema };
  return schema;
}
let schemaCache: { layout: Layout; schema: z.ZodObject } | undefined;

/** Validates a whole server document (legacy files, backups, tests): the core and every declared feature section. */
export const GuildData = {
  parse: (value: unknown): GuildData => guildDataSchema().parse(value) as unknown as GuildData,
  safeParse: (value: unknown) => guildDataSchema().safeParse(value) as unknown as z.ZodSafeParseResult<GuildData>,
};
export type GuildConfig = z.infer<typeof GuildConfig>;
export type MemberFilm = z.infer<typeof MemberFilm>;
export type DiaryEntry = z.infer<typeof DiaryEntry>;
export type Review = z.infer<typeof Review>;
export type ActivityEvent = z.infer<typeof ActivityEvent>;
export type ActivityKind = z.infer<typeof ActivityKind>;
export type UndoRecord = z.infer<typeof UndoRecord>;

/**
 * How the club's core data is stored record by record (see Layout): the id counter and settings are small
 * per-server records; names, film records and undo are kept per member; the feed is an append-only log.
 * Features' shelves follow (guildLayout).
 */
export const CORE_LAYOUT: Layout = {
  version: SCHEMA_VERSION,
  shelves: [
    { kind: 'value', field: 'seq', schema: CoreGuildData.shape.seq },
    { kind: 'value', field: 'config', schema: CoreGuildData.shape.config },
    { kind: 'keyed', field: 'members', keys: [Snowflake], value: MemberName },
    { kind: 'keyed', field: 'memberFilms', keys: [Snowflake, FilmId], value: MemberFilm },
    { kind: 'log', field: 'activity', item: ActivityEvent, id: (event) => (event as ActivityEvent).id },
    { kind: 'keyed', field: 'undo', keys: [Snowflake, z.string().min(1).max(24)], value: UndoRecord },
  ],
};

/** The layout a store opens with: the core's shelves and every feature shelf declared so far. */
export function guildLayout(): Layout {
  return composeLayout(CORE_LAYOUT);
}

export function emptyGuildData(): GuildData {
  return GuildData.parse({ version: SCHEMA_VERSION });
}
