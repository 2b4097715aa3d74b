// Every feature's shelves, before any store opens.
import './shelves.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from './catalog/catalog.js';
import { formatProblem } from './catalog/loader.js';
import { openCatalog } from './catalog/openCatalog.js';
import { readRetiredIds, retiredIdsFileFor } from './catalog/retiredIds.js';
import type { ServerCatalog } from './catalog/serverCatalog.js';
import { ServerFilms } from './catalog/serverFilms.js';
import { ServerRecommenders, type RecommenderReads } from './catalog/serverRecommenders.js';
import { ClubDiary } from './club/index.js';
import { MemberImports } from './import/index.js';
import { ClubLists } from './lists/index.js';
import { PartyService } from './parties/index.js';
import { ClubPrior, reportingUpdates } from './search/clubPrior.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { openFileGuildStore, type GuildStore } from './store/index.js';
import { TmdbService } from './tmdb/service.js';
import { openPostgresGuildStore } from './store/postgresStore.js';

/** Our curated catalog: 330 films with synopses in our own words. */
export const BUNDLED_CATALOG = fileURLToPath(new URL('../data/films.json', import.meta.url));
/** The large default: the curated films plus the facts of ~45k more (`npm run catalog -- build-default`). */
export const DEFAULT_CATALOG = fileURLToPath(new URL('../data/catalog.json.gz', import.meta.url));

/** The catalog files the bot loads: the bundled catalog BUNDLED_CATALOG names, then CATALOG_FILES. */
export function catalogFilesFor(config: Pick<Config, 'BUNDLED_CATALOG' | 'CATALOG_FILES'>): string[] {
  return [config.BUNDLED_CATALOG === 'curated' ? BUNDLED_CATALOG : DEFAULT_CATALOG, ...config.CATALOG_FILES];
}

/** Everything a command needs, built once at start-up; commands reach the domain only through it. */
export interface App {
  config: Config;
  /** The shared catalog, the same for every server; commands read a server's films through `catalogFor`. */
  catalog: Catalog;
  /** One server's catalog: the shared films plus those it added, corrected or merged (src/catalog/serverCatalog.ts). */
  catalogFor(guildId: string): ServerCatalog;
  /** Adds, corrects and merges a server's films (`/catalog`, TMDB picks). */
  serverFilms: ServerFilms;
  store: GuildStore;
  diary: ClubDiary;
  lists: ClubLists;
  parties: PartyService;
  /** Recommendations over each server's catalog (src/catalog/serverRecommenders.ts); a `Recommender` fits too. */
  recommender: RecommenderReads;
  imports: MemberImports;
  /** What each server means by what is typed: search's per-server prior (src/search/clubPrior.ts). */
  clubPrior: ClubPrior;
  /** TMDB lookups, when TMDB_API_KEY or TMDB_ACCESS_TOKEN is set; undefined: fully offline, and nothing mentions TMDB. */
  tmdb?: TmdbService;
  /**
   * Called after every party change that can move a reminder. The Discord layer points it at the
   * reminder scheduler once the bot is connected (the domain does not know about Discord).
   */
  onPartyChange: (guildId: string) => void | Promise<void>;
  log: Logger;
  now: () => Date;
  /** Finishes pending writes and releases the store. */
  close(): Promise<void>;
}

export interface AppOptions {
  log: Logger;
  now?: () => Date;
  /** Replaces the bundled catalog, for tests that want a small known catalog. */
  catalogFiles?: string[];
  /** Replaces the configured store (lowdb files in DATA_DIR, or PostgreSQL), e.g. memory in tests. */
  store?: GuildStore;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded lowdb files in DATA_DIR. */
export async function openConfiguredStore(config: Config, log: Logger, now: () => Date): Promise<GuildStore> {
  if (config.DATABASE_URL) return openPostgresGuildStore({ connectionString: config.DATABASE_URL });
  return openFileGuildStore({ dataDir: config.DATA_DIR, log, now });
}

export async function createApp(config: Config, options: AppOptions): Promise<App> {
  const files = options.catalogFiles ?? catalogFilesFor(config);
  // The built search index is kept in DATA_DIR/cache and loaded at the next start while the catalog files are unchanged.
  const opened = await openCatalog(files, { cacheDir: join(config.DATA_DIR, 'cache'), warn: (message) => options.log.warn(`catalog: ${message}`) });
  for (const problem of opened.problems) options.log.warn(`catalog: ${formatProblem(problem)}`);
  const { catalog } = opened;
  options.log.info(`catalog: ${catalog.size} films from ${files.length} file(s), search index ${opened.index}`);
  const now = options.now ?? (() => new Date());
  const store = options.store ?? (await openConfiguredStore(config, options.log, now));
  const clubPrior = new ClubPrior({ read: (guildId) => store.read(guildId), now, onError: (guildId, error) => options.log.warn(`club prior of ${guildId}: ${String(error)}`) });
  // The services that write members' records report each write, so the server's prior is read again.
  const reporting = reportingUpdates(store, (guildId) => clubPrior.changed(guildId));
  // Ids a rebuild of a catalog file merged into another of its films (data/catalog.aliases.json): records naming them keep working.
  const retiredIds = new Map((await Promise.all(files.map((file) => readRetiredIds(retiredIdsFileFor(file))))).flatMap((ids) => [...ids]));
  const serverFilms = new ServerFilms({ store, catalog, now, retiredIds });
  await serverFilms.load();
  const films = (guildId: string) => serverFilms.catalogFor(guildId);
  const tmdb = TmdbService.fromConfig(config, options.log);
  // /recommend, /similar, /random and /party suggest see the films a server added, as its other commands do.
  const recommenders = new ServerRecommenders({ store, catalog, catalogFor: films });
  const app: App = {
    config,
    catalog,
    catalogFor: films,
    serverFilms,
    store,
    diary: new ClubDiary({ store: reporting, films, now }),
    lists: new ClubLists({ store: reporting, films, now }),
    parties: new PartyService({ store: reporting, films, ranker: recommenders.groupRanker, now, onChange: (guildId) => app.onPartyChange(guildId) }),
    recommender: recommenders,
    imports: new MemberImports({ store: reporting, catalog: films, now }),
    clubPrior,
    tmdb,
    onPartyChange: () => undefined,
    log: options.log,
    now,
    close: () => {
      tmdb?.close();
      return store.close();
    },
  };
  return app;
}
