import { z } from 'zod';
import { type Actor, ActorSchema, type FilmLookup } from '../club/types.js';
import { Snowflake } from '../config.js';
import { UserError } from '../errors.js';
import type { GuildStore } from '../store/GuildStore.js';
import { importEffect, type ImportChoices, type ImportResult, logImport, mergeImport, resolveChoices } from './apply.js';
import { exportMember, type MemberExport } from './export.js';
import type { ImportSource } from './facts.js';
import type { ImportLogEntry } from './history.js';
import type { ImportLimits } from './limits.js';
import type { MatchCatalog } from './match.js';
import { buildPreview, ImportPreview, type ImportProgress } from './preview.js';
import { type ImportFile, readImportFiles } from './read.js';
import { perServer, type PerServer } from '../catalog/serverCatalog.js';

export interface MemberImportsOptions {
  store: GuildStore;
  /** The bot's Catalog satisfies both. */
  /** The catalog, or each server's (see src/catalog/serverCatalog.ts). */
  catalog: PerServer<MatchCatalog & FilmLookup>;
  now?: () => Date;
  limits?: ImportLimits;
}

export interface PreviewRequest {
  source?: ImportSource;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
}

/** A preview as built for one member: only that member may apply it. */
export const MemberImportPreview = ImportPreview.extend({ guildId: Snowflake, userId: Snowflake });
export type MemberImportPreview = z.infer<typeof MemberImportPreview>;

/**
 * Member import and export, in two steps for import: `preview` reads and matches the upload and says
 * what confirming would change (nothing is stored); `apply` records a preview, with the member's
 * choices for ambiguous films. The preview is plain JSON, so a command can keep it between the two.
 */
export class MemberImports {
  readonly #store: GuildStore;
  readonly #catalog: (guildId: string) => MatchCatalog & FilmLookup;
  readonly #now: () => Date;
  readonly #limits?: ImportLimits;

  constructor(options: MemberImportsOptions) {
    this.#store = options.store;
    this.#catalog = perServer(options.catalog);
    this.#now = options.now ?? (() => new Date());
    this.#limits = options.limits;
  }

  async preview(actor: Actor, files: readonly ImportFile[], request: PreviewRequest = {}): Promise<MemberImportPreview> {
    const { guildId, userId, name } = ActorSchema.parse(actor);
    const now = this.#now();
    const parsed = readImportFiles(files, { source: request.source, now, limits: this.#limits });
    const preview = await buildPreview(parsed, { catalog: this.#catalog(guildId), now, onProgress: request.onProgress });
    const data = await this.#store.read(guildId);
    const dryRun = importEffect(data, { userId, name, films: this.#catalog(guildId), now }, preview.matched);
    const previous = data.imports.findLast((entry) => entry.userId === userId && entry.fingerprint === preview.fingerprint);
    return {
      ...preview,
      guildId,
      userId,
      effect: dryRun.added,
      ...(previous ? { previouslyImportedAt: previous.at } : {}),
    };
  }

  /**
   * Records a preview in the member's diary, in one store write. Importing the same data again
   * changes nothing (and writes nothing). `choices` resolves ambiguous films by key.
   */
  async apply(actor: Actor, preview: unknown, choices: ImportChoices = {}): Promise<ImportResult> {
    const { guildId, userId, name } = ActorSchema.parse(actor);
    const checked = MemberImportPreview.safeParse(preview);
    if (!checked.success) throw new UserError('This import has expired or is damaged; upload the file again.');
    const plan = checked.data;
    if (plan.guildId !== guildId || plan.userId !== userId) throw new UserError('Only the member who started this import can confirm it.');
    const films = resolveChoices(plan, choices);
    const now = this.#now();
    const target = { userId, name, films: this.#catalog(guildId), now };
    // Nothing new: leave the stored data (and the import log) exactly as it is.
    const dryRun = importEffect(await this.#store.read(guildId), target, films);
    if (dryRun.added.films === 0) return dryRun;
    return this.#store.update(guildId, (data) => {
      const result = mergeImport(data, target, films);
      if (result.added.films > 0) {
        result.importId = logImport(data, {
          userId,
          source: plan.source,
          fingerprint: plan.fingerprint,
          at: now.toISOString(),
          films: result.added.films,
          added: {
            viewings: result.added.viewings,
            seen: result.added.seen,
            reviews: result.added.reviews,
            ratings: result.added.ratings,
            favorites: result.added.favorites,
            dislikes: result.added.dislikes,
            watchlist: result.added.watchlist,
          },
        });
      }
      return result;
    });
  }

  /** The member's diary, reviews, ratings, watchlist, favorites (and dislikes) as a ZIP of Letterboxd CSVs. */
  async export(guildId: string, userId: string): Promise<MemberExport> {
    Snowflake.parse(userId);
    const data = await this.#store.read(guildId);
    const result = exportMember(data, this.#catalog(guildId), userId, this.#now());
    if (result.counts.films === 0) throw new UserError('You have nothing to export yet: log, rate or watchlist a film first.');
    return result;
  }

  /** Imports applied in the server, newest first; one member's when `userId` is given. */
  async history(guildId: string, userId?: string): Promise<ImportLogEntry[]> {
    const data = await this.#store.read(guildId);
    return data.imports
      .filter((entry) => userId === undefined || entry.userId === userId)
      .map((entry) => ({ ...entry, added: { ...entry.added } }))
      .reverse();
  }
}
