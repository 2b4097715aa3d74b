import { z } from 'zod';
import { FilmId } from '../catalog/schema.js';
import { Snowflake } from '../config.js';
import { declareShelf } from '../store/shelves.js';
import { listNameKey } from './names.js';

// Not imported from src/store/schema.ts: that file imports this one (GuildData's `lists` section), and an ESM
// import cycle would leave these undefined while it loads.
const IsoDateTime = z.iso.datetime({ offset: true });

/** Limits: a name fits a Discord option value and autocomplete choice (100); a description fits an embed field. */
export const LIST_NAME_MAX = 100;
export const LIST_DESCRIPTION_MAX = 1000;
export const ENTRY_NOTE_MAX = 500;
/** Large enough for the canon lists people import (TSPDT's 1,000, Rosenbaum's 1,133...). */
export const MAX_LIST_ENTRIES = 5000;
export const MAX_LISTS = 200;
/** Removed-film records kept for "has been in M"; the oldest go first beyond this. */
export const MAX_DEPARTURES = 20_000;

export const ListId = z.string().regex(/^l[0-9a-z]{1,12}$/, 'a list id such as "l1f"');

export const AWARD_LEVELS = ['bronze', 'silver', 'gold', 'platinum'] as const;
export const AwardLevel = z.enum(AWARD_LEVELS);
export type AwardLevel = z.infer<typeof AwardLevel>;

export const ListEntry = z.object({
  filmId: FilmId,
  /** 1-based; always the entry's index + 1 (checked below), so ranks have no gaps. */
  position: z.number().int().min(1),
  note: z.string().trim().min(1).max(ENTRY_NOTE_MAX).optional(),
  addedAt: IsoDateTime,
  addedBy: Snowflake,
});

export const ClubList = z
  .object({
    id: ListId,
    /** As typed (mentions and markdown included): renderers escape it. Unique per server, ignoring case. */
    name: z.string().trim().min(1).max(LIST_NAME_MAX),
    description: z.string().trim().max(LIST_DESCRIPTION_MAX).default(''),
    /** Ranked lists show positions as ranks (#13); unranked ones keep an order but show no rank. */
    ranked: z.boolean(),
    authorId: Snowflake,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    entries: z.array(ListEntry).max(MAX_LIST_ENTRIES).default([]),
  })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.entries.forEach((entry, index) => {
      if (entry.position !== index + 1) {
        ctx.addIssue({ code: 'custom', path: ['entries', index, 'position'], message: `expected position ${index + 1}` });
      }
      if (seen.has(entry.filmId)) {
        ctx.addIssue({ code: 'custom', path: ['entries', index, 'filmId'], message: `${entry.filmId} is in the list twice` });
      }
      seen.add(entry.filmId);
    });
  });

/** A film that left a list (removed, or its list deleted): what "has been in M lists" counts. */
export const Departure = z.object({
  listId: ListId,
  /** Kept in step with renames, and all that is left of a deleted list. */
  listName: z.string().trim().min(1).max(LIST_NAME_MAX),
  filmId: FilmId,
  /** The position it had when it left. */
  position: z.number().int().min(1),
  removedAt: IsoDateTime,
});

export const ListsSection = z
  .object({
    items: z.array(ClubList).max(MAX_LISTS).default([]),
    departures: z.array(Departure).default([]),
    /**
     * userId → listId → the highest award already announced. A high-water mark: it never goes down, so an award
     * is announced once even if the member's progress dips (a film added, a watch undone) and comes back.
     */
    awards: z.record(Snowflake, z.record(ListId, AwardLevel)).default({}),
  })
  .superRefine((section, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    section.items.forEach((list, index) => {
      if (ids.has(list.id)) ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: `duplicate list id ${list.id}` });
      const key = listNameKey(list.name);
      if (names.has(key)) ctx.addIssue({ code: 'custom', path: ['items', index, 'name'], message: `duplicate list name ${list.name}` });
      ids.add(list.id);
      names.add(key);
    });
  });

/** The lists' shelf of a server's data: files written before lists existed load with it empty. */
export const ListsSectionField = ListsSection.prefault({});

/**
 * Lists are one small per-server record (see src/store/layout.ts); each list's films hold ranked places, which a
 * database backend also keeps unique per list in the database.
 */
export const LISTS_SHELF = declareShelf({
  kind: 'value',
  field: 'lists',
  schema: ListsSectionField,
  ordered: (section) => (section as ListsSection).items.flatMap((list) => list.entries.map((entry) => ({ group: list.id, item: entry.filmId, position: entry.position }))),
});
declare module '../store/schema.js' {
  interface GuildSections {
    lists: z.infer<typeof ListsSectionField>;
  }
}

export type ListEntry = z.infer<typeof ListEntry>;
export type ClubList = z.infer<typeof ClubList>;
export type Departure = z.infer<typeof Departure>;
export type ListsSection = z.infer<typeof ListsSection>;
