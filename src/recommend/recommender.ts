import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';
import { LiveClubMatrices } from './club.js';
import { contentModelFor, type ContentModel, type FilmSource } from './features.js';
import type { EaseSettings } from './easeHolder.js';
import type { ItemGraphSettings } from './itemGraph.js';
import { groupFor, type GroupOptions, type GroupRecommendations } from './group.js';
import { recommendFor, type RecommendOptions, type Recommendations } from './personal.js';
import { type RandomOptions, type RandomPick, randomFor } from './random.js';
import type { RandomSource } from './rng.js';
import { DEFAULT_TUNING, type Tuning } from './scoring.js';
import { similarTo, type SimilarFilms, type SimilarOptions } from './similar.js';

export interface RecommenderOptions {
  store: GuildStore;
  /** The catalog (`Catalog` satisfies this); its feature vectors are built once and rebuilt only when it changes. */
  films: FilmSource;
  /** Draws for `random`; Math.random unless a seeded source is injected. */
  random?: RandomSource;
  tuning?: Partial<Tuning>;
  /** When a large server's item–item table is used and rebuilt (itemGraph.ts); the defaults suit the bot. */
  itemGraph?: Partial<ItemGraphSettings>;
  /** When a server's learned item–item model (ease.ts) is refitted, off the event loop; the defaults suit the bot. */
  ease?: Partial<EaseSettings>;
  /** How long a full build of a server's club matrix holds the event loop at a time (club.ts `prepareAsync`). */
  buildSliceMs?: number;
}

/**
 * Recommendations for a server: what the command layer calls. Plain inputs in (ids, typed filters), plain data
 * out (films with reasons); anything the member got wrong is a UserError with a message for them.
 */
export class Recommender {
  readonly #store: GuildStore;
  readonly #films: FilmSource;
  readonly #random: RandomSource;
  readonly #tuning: Tuning;
  readonly #live: LiveClubMatrices;

  constructor(options: RecommenderOptions) {
    this.#store = options.store;
    this.#films = options.films;
    this.#random = options.random ?? Math.random;
    this.#tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.#live = new LiveClubMatrices(options.itemGraph, options.ease, options.buildSliceMs === undefined ? {} : { sliceMs: options.buildSliceMs });
  }

  /**
   * Resolves once the server's item–item table and learned model, in a server large enough to keep them, have caught
   * up with the last state a request saw (for tests and benchmarks: requests never wait for it).
   */
  async settled(guildId: string): Promise<void> {
    await this.#live.settled(guildId);
  }

  /** `/recommend [member] [genre] [decade] [list]`: unseen films for one member, each with its reasons. */
  async recommend(guildId: string, userId: string, options: RecommendOptions = {}): Promise<Recommendations> {
    const data = await this.#read(guildId);
    return recommendFor(data, this.#model(), userId, options, this.#tuning);
  }

  /** `/similar film`: the films most like one film; with `asker`, marks (or, with `unseen`, drops) what they saw. */
  async similar(filmId: string, options: SimilarOptions = {}, asker?: { guildId: string; userId: string }): Promise<SimilarFilms> {
    const model = this.#model();
    if (!asker) return similarTo(model, filmId, options);
    const data = await this.#read(asker.guildId);
    return similarTo(model, filmId, options, { data, userId: asker.userId });
  }

  /** `/random [from] [genre] [decade] [unseen]`. */
  async random(guildId: string, userId: string, options: RandomOptions = {}): Promise<RandomPick> {
    const data = await this.#read(guildId);
    return randomFor(data, this.#model(), userId, options, this.#random);
  }

  /** `/party suggest`: films for a group, none seen by any of them, least misery first. */
  async group(guildId: string, userIds: readonly string[], options: GroupOptions = {}): Promise<GroupRecommendations> {
    const data = await this.#read(guildId);
    return groupFor(data, this.#model(), userIds, options, this.#tuning);
  }

  /**
   * The seam to the server's data: a snapshot of the store with the recommender's matrix for it ready (patched from
   * the previous snapshot's when only a few members' records changed). When the matrix has to be built from every
   * record (the server's first request since start-up), the build runs in slices with the event loop free in
   * between and the request waits for it, then answers from the store's state as it is once the build is done.
   */
  async #read(guildId: string): Promise<DeepReadonly<GuildData>> {
    const data = await this.#store.read(guildId);
    return this.#live.prepareAsync(guildId, data, this.#model(), () => this.#store.read(guildId));
  }

  #model(): ContentModel {
    return contentModelFor(this.#films);
  }
}
