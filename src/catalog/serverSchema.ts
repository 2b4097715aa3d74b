import { z } from 'zod';
import { Snowflake } from '../config.js';
import { declareShelf } from '../store/shelves.js';
import { CastMember, Film, FilmId, FIRST_FILM_YEAR, PosterUrl } from './schema.js';

/**
 * What one server adds to the shared catalog, stored as the server's own record (one `value` shelf): films it
 * added, its corrections of shared films, merged-away ids and members' pending suggestions. Small next to the
 * catalog (a club adds tens or hundreds of films), so it is stored whole.
 */

/** Where a film the server added came from; its card says so. */
export const FilmOrigin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tmdb'), tmdbId: z.number().int().positive() }),
  z.object({ kind: z.literal('moderator'), userId: Snowflake }),
  z.object({ kind: z.literal('suggestion'), userId: Snowflake, approvedBy: Snowflake }),
]);
export type FilmOrigin = z.infer<typeof FilmOrigin>;

const IsoDateTime = z.iso.datetime({ offset: true });

export const ServerFilm = z.object({ film: Film, origin: FilmOrigin, addedAt: IsoDateTime });
export type ServerFilm = z.infer<typeof ServerFilm>;

/** The latest year a film may be given by hand. */
export const LAST_FILM_YEAR = 2100;

/** The facts a moderator may give or correct by hand (the /catalog modals' fields). */
export const FilmFacts = z
  .object({
    title: z.string().trim().min(1).max(200),
    year: z.number().int().min(FIRST_FILM_YEAR).max(LAST_FILM_YEAR),
    directors: z.array(z.string().trim().min(1).max(200)).max(20),
    cast: z.array(CastMember).max(500),
    synopsis: z.string().trim().max(4000),
    /** Null: the edit takes the poster away. */
    poster: PosterUrl.nullable(),
  })
  .partial()
  .strict();
export type FilmFacts = z.infer<typeof FilmFacts>;

/** Facts a member gives for a new film: title and year required. */
export const NewFilmFacts = FilmFacts.required({ title: true, year: true });
export type NewFilmFacts = z.infer<typeof NewFilmFacts>;

/** A server's correction of a shared film: only the facts it changed, layered over the shared record. */
export const FilmEdit = z.object({ facts: FilmFacts, by: Snowflake, at: IsoDateTime });
export type FilmEdit = z.infer<typeof FilmEdit>;

export const SUGGESTIONS_MAX = 100;
export const SuggestionId = z.string().regex(/^s[0-9a-z]{1,12}$/, 'a suggestion id such as "s1f"');

/** A film a plain member asked the moderators to add. */
export const Suggestion = z.object({
  id: SuggestionId,
  userId: Snowflake,
  at: IsoDateTime,
  facts: NewFilmFacts,
});
export type Suggestion = z.infer<typeof Suggestion>;

export const ServerCatalogSection = z.object({
  /** film id → a film only this server knows. */
  films: z.record(FilmId, ServerFilm).default({}),
  /** film id → this server's correction of a shared film. */
  edits: z.record(FilmId, FilmEdit).default({}),
  /** merged-away film id → the id it was merged into; old buttons, links and records keep working through it. */
  aliases: z.record(FilmId, FilmId).default({}),
  suggestions: z.array(Suggestion).max(SUGGESTIONS_MAX).default([]),
  /** Source of suggestion ids; only ever grows. */
  seq: z.number().int().nonnegative().default(0),
});
export type ServerCatalogSection = z.infer<typeof ServerCatalogSection>;

/** The shelf this feature stores its records on (see src/store/layout.ts). */
export const SERVER_CATALOG_SHELF = declareShelf({ kind: 'value', field: 'catalog', schema: ServerCatalogSection.prefault({}) });
declare module '../store/schema.js' {
  interface GuildSections {
    catalog: ServerCatalogSection;
  }
}
