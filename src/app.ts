// Every feature's shelves, before any store opens.
import './shelves.js';
import { fileURLToPath } from 'node:url';
import { Catalog } from './catalog/catalog.js';
import { formatProblem, loadCatalogFiles } from './catalog/loader.js';
import { ClubDiary } from './club/index.js';
import { MemberImports } from './import/index.js';
import { ClubLists } from './lists/index.js';
import { PartyService } from './parties/index.js';
import { Recommender } from './recommend/index.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { openFileGuildStore, type GuildStore } from './store/index.js';
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
  catalog: Catalog;
  store: GuildStore;
  diary: ClubDiary;
  lists: ClubLists;
  parties: PartyService;
  recommender: Recommender;
  imports: MemberImports;
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
  const loaded = await loadCatalogFiles(files);
  for (const problem of loaded.problems) options.log.warn(`catalog: ${formatProblem(problem)}`);
  options.log.info(`catalog: ${loaded.films.length} films from ${files.length} file(s)`);
  const now = options.now ?? (() => new Date());
  const catalog = new Catalog(loaded.films);
  const store = options.store ?? (await openConfiguredStore(config, options.log, now));
  const app: App = {
    config,
    catalog,
    store,
    diary: new ClubDiary({ store, films: catalog, now }),
    lists: new ClubLists({ store, films: catalog, now }),
    parties: new PartyService({ store, films: catalog, now, onChange: (guildId) => app.onPartyChange(guildId) }),
    recommender: new Recommender({ store, films: catalog }),
    imports: new MemberImports({ store, catalog, now }),
    onPartyChange: () => undefined,
    log: options.log,
    now,
    close: () => store.close(),
  };
  return app;
}
