import { z } from 'zod';
import { Snowflake } from '../config.js';
import { declareShelf } from '../store/shelves.js';

/**
 * The `imports` section of a server's data: one line per applied member import, so a member can be
 * told they already imported a file, and a moderator can see where a diary's history came from.
 * Kept small on purpose (no copy of the data): the records themselves say what was imported.
 * (Defined here with its own primitives, not store/schema's, because store/schema imports it.)
 */
export const IMPORT_LOG_LIMIT = 200;

const Count = z.number().int().nonnegative();

export const ImportLogEntry = z.object({
  id: z.string().min(1).max(24),
  userId: Snowflake,
  source: z.enum(['letterboxd', 'icheckmovies', 'imdb']),
  /** Identifies the uploaded bytes (see ParsedImport.fingerprint). */
  fingerprint: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
  /** Films whose record changed. */
  films: Count,
  added: z.object({
    viewings: Count,
    /** Films marked seen without a dated viewing (logs written before this count existed read 0). */
    seen: Count.default(0),
    reviews: Count,
    ratings: Count,
    favorites: Count,
    dislikes: Count,
    watchlist: Count,
  }),
});
export type ImportLogEntry = z.infer<typeof ImportLogEntry>;

/** Oldest first, at most IMPORT_LOG_LIMIT. */
export const ImportLog = z.array(ImportLogEntry).default([]);
export type ImportLog = z.infer<typeof ImportLog>;

/** The member imports applied in a server: one small per-server record (see src/store/layout.ts). */
export const IMPORTS_SHELF = declareShelf({ kind: 'value', field: 'imports', schema: ImportLog });
declare module '../store/schema.js' {
  interface GuildSections {
    imports: ImportLog;
  }
}
