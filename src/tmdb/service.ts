import type { Film } from '../catalog/schema.js';
import { tmdbConfigured, type Config } from '../config.js';
import { registerSecret, type Logger } from '../log.js';
import { normalize, normalizeTitle, wordsOf } from '../search/normalize.js';
import { LruCache } from './cache.js';
import { TmdbClient, TmdbError, type TmdbClientOptions } from './client.js';
import { DEFAULT_IMAGE_BASE, filmFromTmdb, POSTER_SIZE, yearOf } from './mapping.js';

/** A film TMDB offers for typed text, before anything more is fetched about it. */
export interface RemoteFilm {
  tmdbId: number;
  title: string;
  originalTitle?: string;
  year: number;
}

export interface TmdbServiceOptions {
  log: Logger;
  now?: () => number;
  /** How long a search answer is reused (default 10 minutes). */
  searchTtlMs?: number;
  /** After TMDB failed (down, slow, 5xx, 429), autocomplete leaves it alone this long (default 30 s). */
  cooldownMs?: number;
}

/** Most TMDB results shown for one query: local films keep most of the 25 choices. */
const REMOTE_KEPT = 10;
/** A search in the background may take this long; autocomplete stops waiting for it much sooner. */
const SEARCH_TIMEOUT_MS = 8000;
const DETAILS_TIMEOUT_MS = 10_000;
/** Searches allowed to pile up on a slow TMDB in the background; beyond, keystrokes use the cache only. */
const MAX_OVERDUE = 2;

/** Whether a film's title (or original title) has every typed word, the last one as a prefix. */
export function titleMatches(film: { title: string; originalTitle?: string }, typed: string): boolean {
  const words = wordsOf(normalize(typed));
  if (words.length === 0) return false;
  return [film.title, film.originalTitle].some((title) => {
    if (!title) return false;
    const titleWords = wordsOf(normalize(title));
    return words.every((word, index) => (index === words.length - 1 ? titleWords.some((candidate) => candidate.startsWith(word)) : titleWords.includes(word)));
  });
}

/** The key two films share when they are the same title and year ("The Matrix", 1999 ↔ "Matrix, The", 1999). */
export function titleYearKey(title: string, year: number): string {
  return `${normalizeTitle(title)}|${year}`;
}

/**
 * TMDB for the bot: search answers cached (LRU with a TTL) and shared between concurrent keystrokes,
 * details fetched once, and a cool-down after a failure so that a slow or down TMDB costs
 * autocomplete nothing but the first wait. Never throws from `suggest`: TMDB is a bonus there.
 */
export class TmdbService {
  private readonly searches: LruCache<string, RemoteFilm[]>;
  private readonly searching = new Map<string, Promise<RemoteFilm[] | undefined>>();
  private readonly details = new LruCache<number, Film>(500, 60 * 60_000);
  private readonly fetching = new Map<number, Promise<Film>>();
  private imageBase?: { url: string; until: number };
  private coolUntil = 0;
  /** Searches still pending after autocomplete stopped waiting for them. */
  private overdue = 0;
  private lastWarned = 0;
  private readonly now: () => number;

  constructor(
    readonly client: TmdbClient,
    private readonly options: TmdbServiceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.searches = new LruCache(1000, options.searchTtlMs ?? 10 * 60_000, this.now);
  }

  /** The service for a configuration, or undefined when no key or token is set (then nothing mentions TMDB). */
  static fromConfig(config: Config, log: Logger, client: Partial<TmdbClientOptions> = {}): TmdbService | undefined {
    if (!tmdbConfigured(config)) return undefined;
    registerSecret(config.TMDB_API_KEY);
    registerSecret(config.TMDB_ACCESS_TOKEN);
    return new TmdbService(
      new TmdbClient({ apiUrl: config.TMDB_API_URL, apiKey: config.TMDB_API_KEY, accessToken: config.TMDB_ACCESS_TOKEN, ...client }),
      { log },
    );
  }

  /** Films TMDB knows for typed text, if TMDB answers within `budgetMs`; else what is cached for a shorter prefix. */
  async suggest(typed: string, budgetMs: number): Promise<RemoteFilm[]> {
    const key = normalize(typed);
    if (key.length < 2) return [];
    const cached = this.searches.get(key);
    if (cached) return cached;
    if (this.now() >= this.coolUntil) {
      if (this.overdue > 0) {
        // TMDB is being slow: answer at once with what earlier keystrokes found, and (within reason) ask in the background.
        if (this.overdue < MAX_OVERDUE && !this.searching.has(key)) this.watchOverdue(this.search(key, typed));
        return this.fromShorterPrefix(key, typed);
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
      const pending = this.search(key, typed);
      try {
        const fresh = await Promise.race([pending, late]);
        if (fresh === 'late') this.watchOverdue(pending);
        else if (fresh) return fresh;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.fromShorterPrefix(key, typed);
  }

  /** Counts a search that missed autocomplete's budget until it settles: meanwhile keystrokes do not wait for TMDB. */
  private watchOverdue(pending: Promise<unknown>): void {
    this.overdue += 1;
    void pending.finally(() => (this.overdue -= 1));
  }

  /** What an earlier keystroke's answer holds for this one: the longest cached prefix, narrowed to titles that still match. */
  private fromShorterPrefix(key: string, typed: string): RemoteFilm[] {
    for (let length = key.length - 1; length >= 2; length--) {
      const earlier = this.searches.get(key.slice(0, length));
      if (earlier) return earlier.filter((film) => titleMatches(film, typed));
    }
    return [];
  }

  /** One search per query at a time; the answer is cached whoever was waiting for it. */
  private search(key: string, typed: string): Promise<RemoteFilm[] | undefined> {
    let pending = this.searching.get(key);
    if (!pending) {
      pending = this.client
        .searchMovies(typed.trim().slice(0, 200), {}, { timeoutMs: SEARCH_TIMEOUT_MS })
        .then((page) => {
          const films: RemoteFilm[] = [];
          for (const result of page.results) {
            const year = yearOf(result.release_date);
            const title = result.title.trim();
            if (!year || !title || result.adult) continue;
            const originalTitle = result.original_title?.trim();
            films.push({ tmdbId: result.id, title, year, ...(originalTitle && originalTitle !== title && { originalTitle }) });
            if (films.length >= REMOTE_KEPT) break;
          }
          this.searches.set(key, films);
          return films;
        })
        .catch((error: unknown) => {
          this.failed(error);
          return undefined;
        })
        .finally(() => this.searching.delete(key));
      this.searching.set(key, pending);
    }
    return pending;
  }

  private failed(error: unknown): void {
    const kind = error instanceof TmdbError ? error.kind : 'unexpected';
    if (kind === 'closed') return;
    const retryAfter = error instanceof TmdbError ? (error.retryAfterMs ?? 0) : 0;
    this.coolUntil = this.now() + Math.max(this.options.cooldownMs ?? 30_000, retryAfter);
    // One line per cool-down at most: a down TMDB must not fill the log at every keystroke.
    if (this.now() - this.lastWarned >= 60_000) {
      this.lastWarned = this.now();
      this.options.log.warn(`tmdb: lookups paused after a failure (${(error as Error).message})`);
    }
  }

  /** A TMDB film as a catalog film, with its credits; throws a TmdbError when TMDB cannot say. */
  async film(tmdbId: number): Promise<Film> {
    const cached = this.details.get(tmdbId);
    if (cached) return cached;
    let pending = this.fetching.get(tmdbId);
    if (!pending) {
      pending = (async () => {
        const [movie, base] = await Promise.all([this.client.movie(tmdbId, { timeoutMs: DETAILS_TIMEOUT_MS }), this.posterBase()]);
        const film = filmFromTmdb(movie, base);
        if (!film) throw new TmdbError('malformed', `TMDB /movie/${tmdbId}: no release year or title, so not a catalog film`);
        this.details.set(tmdbId, film);
        return film;
      })().finally(() => this.fetching.delete(tmdbId));
      this.fetching.set(tmdbId, pending);
    }
    return pending;
  }

  /** Where posters are served from, per /configuration (asked once a day); TMDB's usual host when it does not say. */
  async posterBase(): Promise<string> {
    if (this.imageBase && this.imageBase.until > this.now()) return this.imageBase.url;
    let url = DEFAULT_IMAGE_BASE;
    let keep = 24 * 60 * 60_000;
    try {
      const configuration = await this.client.configuration({ timeoutMs: 3000 });
      const base = configuration.images.secure_base_url;
      if (base.startsWith('https://') && configuration.images.poster_sizes.includes(POSTER_SIZE)) url = base;
    } catch {
      keep = 10 * 60_000;
    }
    this.imageBase = { url, until: this.now() + keep };
    return url;
  }

  /** Resolves once no search is pending (tests wait for a background answer to land in the cache). */
  async idle(): Promise<void> {
    while (this.searching.size) await Promise.all(this.searching.values());
  }

  close(): void {
    this.client.close();
  }
}
