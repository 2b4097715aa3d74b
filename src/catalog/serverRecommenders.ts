import { recommendGroupRanker, type GroupRanker } from '../parties/suggest.js';
import { Recommender, type FilmSource, type Tuning } from '../recommend/index.js';
import type { GuildStore } from '../store/GuildStore.js';
import type { Catalog } from './catalog.js';
import type { ServerCatalog } from './serverCatalog.js';

/** What the commands call on the recommender (`Recommender` itself satisfies it). */
export type RecommenderReads = Pick<Recommender, 'recommend' | 'similar' | 'random' | 'group'>;

interface PerServer {
  recommender: Recommender;
  ranker: GroupRanker;
}

/**
 * `/recommend`, `/similar`, `/random` and `/party suggest` over each server's own catalog: a server that
 * added, corrected or merged films is recommended from its view (the films it added are candidates, its
 * corrections are the facts), every other server shares one recommender over the shared catalog. The
 * recommend engine is used as is: a server with films of its own simply gets an engine of its own, whose film
 * source reads that server's current view, so the engine's model is rebuilt after the server's catalog changes
 * (it checks its source's films) and only for that server.
 */
export class ServerRecommenders implements RecommenderReads {
  readonly #store: GuildStore;
  readonly #catalogFor: (guildId: string) => ServerCatalog;
  readonly #tuning: Partial<Tuning> | undefined;
  readonly #shared: PerServer;
  readonly #servers = new Map<string, PerServer>();
  /** For `PartyService`: ranks a party's suggestions over the catalog of the party's server. */
  readonly groupRanker: GroupRanker = {
    rankForGroup: (request) => (request.guildId === undefined ? this.#shared : this.#for(request.guildId)).ranker.rankForGroup(request),
  };

  constructor(options: { store: GuildStore; catalog: Catalog; catalogFor: (guildId: string) => ServerCatalog; tuning?: Partial<Tuning> }) {
    this.#store = options.store;
    this.#catalogFor = options.catalogFor;
    this.#tuning = options.tuning;
    this.#shared = this.#engines(options.catalog);
  }

  recommend(...args: Parameters<Recommender['recommend']>): ReturnType<Recommender['recommend']> {
    return this.#for(args[0]).recommender.recommend(...args);
  }

  similar(...args: Parameters<Recommender['similar']>): ReturnType<Recommender['similar']> {
    const asker = args[2];
    return (asker ? this.#for(asker.guildId) : this.#shared).recommender.similar(...args);
  }

  random(...args: Parameters<Recommender['random']>): ReturnType<Recommender['random']> {
    return this.#for(args[0]).recommender.random(...args);
  }

  group(...args: Parameters<Recommender['group']>): ReturnType<Recommender['group']> {
    return this.#for(args[0]).recommender.group(...args);
  }

  #for(guildId: string): PerServer {
    const existing = this.#servers.get(guildId);
    if (existing) return existing;
    if (!this.#catalogFor(guildId).hasOwnFacts) return this.#shared;
    // A source that always reads the server's current view (a change of its catalog builds a new view).
    const films: FilmSource = {
      get size() {
        return view().size;
      },
      get: (id) => view().get(id),
      all: () => view().all(),
    };
    const view = () => this.#catalogFor(guildId);
    const engines = this.#engines(films);
    this.#servers.set(guildId, engines);
    return engines;
  }

  #engines(films: FilmSource): PerServer {
    return {
      recommender: new Recommender({ store: this.#store, films, ...(this.#tuning ? { tuning: this.#tuning } : {}) }),
      ranker: recommendGroupRanker(films, this.#tuning),
    };
  }
}
