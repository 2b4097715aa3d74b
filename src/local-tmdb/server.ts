import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalize, wordsOf } from '../search/normalize.js';
import { FIXTURE_FILMS, renderConfiguration, renderDetails, renderResult, type FixtureFilm } from './fixtures.js';

/** What the local TMDB does instead of answering well, until `heal()`. */
export type Fault =
  /** Answers, but only after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** HTTP 500 with TMDB's error body. */
  | { kind: 'error'; status?: number }
  /** 429 with Retry-After; `times` requests, then answers again (default: until healed). */
  | { kind: 'rate-limited'; retryAfterSeconds: number; times?: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'not-json' }
  /** 200 with JSON of the wrong shape. */
  | { kind: 'wrong-shape' };

export interface TmdbRequest {
  path: string;
  query: Record<string, string>;
  /** How the request was authenticated. */
  auth: 'api_key' | 'bearer' | 'none';
  /** When it arrived (Date.now()). */
  at: number;
}

export interface LocalTmdbOptions {
  /** The v3 key it accepts (query `api_key`). */
  apiKey?: string;
  /** The v4 read access token it accepts (Bearer header). */
  accessToken?: string;
  films?: readonly FixtureFilm[];
}

export const LOCAL_TMDB_API_KEY = '0123456789abcdef0123456789abcdef';
export const LOCAL_TMDB_ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJsb2NhbCI6InRtZGIifQ.bG9jYWwtdG1kYi1zaWduYXR1cmU';

/**
 * A local stand-in for TMDB's v3 API, as the local Discord is for Discord: an HTTP server on
 * 127.0.0.1 serving a few films in TMDB's exact JSON shapes (/search/movie, /movie/{id} with
 * credits and external_ids appended, /find/{imdb_id}, /configuration), with TMDB's auth and error
 * answers. Tests switch faults on (slow, 500, 429, malformed), take it down (connection refused)
 * and bring it back, and count the requests it got to check caching.
 */
export class LocalTmdb {
  readonly requests: TmdbRequest[] = [];
  private fault?: Fault;
  private rateLimitedLeft = 0;
  private port = 0;
  private up = false;
  private readonly films: readonly FixtureFilm[];

  private constructor(
    private readonly server: Server,
    private readonly options: LocalTmdbOptions,
  ) {
    this.films = options.films ?? FIXTURE_FILMS;
  }

  static async start(options: LocalTmdbOptions = {}): Promise<LocalTmdb> {
    const server = createServer();
    const tmdb = new LocalTmdb(server, { apiKey: LOCAL_TMDB_API_KEY, accessToken: LOCAL_TMDB_ACCESS_TOKEN, ...options });
    server.on('request', (request, response) => void tmdb.handle(request, response));
    await tmdb.listen();
    return tmdb;
  }

  /** The API base to configure as TMDB_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/3`;
  }

  get apiKey(): string {
    return this.options.apiKey!;
  }

  get accessToken(): string {
    return this.options.accessToken!;
  }

  setFault(fault: Fault): void {
    this.fault = fault;
    this.rateLimitedLeft = fault.kind === 'rate-limited' ? (fault.times ?? Infinity) : 0;
  }

  heal(): void {
    this.fault = undefined;
  }

  /** Requests whose path starts with `prefix` (e.g. "/search/movie", "/movie/374720"). */
  count(prefix = '/'): number {
    return this.requests.filter((request) => request.path.startsWith(prefix)).length;
  }

  /** Stops listening and drops open connections: requests now fail with connection refused. */
  async goDown(): Promise<void> {
    if (!this.up) return;
    this.up = false;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }

  /** Listens again on the same port. */
  async comeBack(): Promise<void> {
    if (!this.up) await this.listen();
  }

  async stop(): Promise<void> {
    await this.goDown();
  }

  private async listen(): Promise<void> {
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    this.up = true;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/3(?=\/)/, '');
    const query = Object.fromEntries(url.searchParams);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const auth: TmdbRequest['auth'] = bearer ? 'bearer' : query.api_key ? 'api_key' : 'none';
    this.requests.push({ path, query: { ...query, ...(query.api_key && { api_key: '[key]' }) }, auth, at: Date.now() });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const fault = this.fault;
    if (fault?.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (response.destroyed || !this.up) return;
    }
    if (fault?.kind === 'error') return json(fault.status ?? 500, { success: false, status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDB.' });
    if (fault?.kind === 'rate-limited' && this.rateLimitedLeft > 0) {
      this.rateLimitedLeft -= 1;
      return json(
        429,
        { success: false, status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).' },
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
    }
    const authorized = bearer ? bearer === this.options.accessToken : query.api_key === this.options.apiKey;
    if (!authorized) return json(401, { success: false, status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.' });
    if (fault?.kind === 'not-json') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return void response.end('<html><body>502 Bad Gateway</body></html>');
    }
    if (fault?.kind === 'wrong-shape') return json(200, { results: 'none', movie_results: null, images: [], title: 42 });
    const notFound = () => json(404, { success: false, status_code: 34, status_message: 'The resource you requested could not be found.' });

    if (path === '/configuration') return json(200, renderConfiguration());
    if (path === '/search/movie') {
      const results = this.search(query.query ?? '', query.year ? Number(query.year) : undefined).map(renderResult);
      return json(200, { page: 1, results, total_pages: results.length ? 1 : 0, total_results: results.length });
    }
    const movie = /^\/movie\/(\d+)$/.exec(path);
    if (movie) {
      const film = this.films.find((candidate) => candidate.id === Number(movie[1]));
      return film ? json(200, renderDetails(film, (query.append_to_response ?? '').split(','))) : notFound();
    }
    const find = /^\/find\/([^/]+)$/.exec(path);
    if (find) {
      const imdbId = decodeURIComponent(find[1]!);
      if (query.external_source !== 'imdb_id') return json(400, { success: false, status_code: 5, status_message: 'Invalid parameters: Your request parameters are incorrect.' });
      const films = this.films.filter((film) => film.imdbId === imdbId).map(renderResult);
      return json(200, { movie_results: films, person_results: [], tv_results: [], tv_episode_results: [], tv_season_results: [] });
    }
    return notFound();
  }

  /** Every typed word starts a word of the title or the original title, most popular first. */
  private search(text: string, year?: number): FixtureFilm[] {
    const words = wordsOf(normalize(text));
    if (words.length === 0) return [];
    return this.films
      .filter((film) => year === undefined || film.releaseDate.startsWith(String(year)))
      .filter((film) =>
        [film.title, film.originalTitle].some((title) => {
          const titleWords = title ? wordsOf(normalize(title)) : [];
          return words.every((word) => titleWords.some((candidate) => candidate.startsWith(word)));
        }),
      )
      .sort((a, b) => b.popularity - a.popularity);
  }
}
