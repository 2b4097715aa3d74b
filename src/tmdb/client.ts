import type { z } from 'zod';
import { TokenBucket } from './rateLimit.js';
import { TmdbConfiguration, TmdbErrorBody, TmdbFindResult, TmdbMovieDetails, TmdbSearchPage, type TmdbMovieResult } from './schemas.js';
import { abortableSleep } from './sleep.js';

export type TmdbErrorKind =
  /** No connection (refused, reset, DNS). */
  | 'unreachable'
  /** No answer within the time allowed. */
  | 'timeout'
  /** TMDB said 429 and the wait it asked for does not fit in the time allowed. */
  | 'rate-limited'
  /** 5xx after the retries. */
  | 'server'
  /** 401/403: the key or token is wrong. */
  | 'refused'
  | 'not-found'
  /** Not JSON, or not the shape TMDB documents. */
  | 'malformed'
  /** The client was closed while the request was pending. */
  | 'closed';

export class TmdbError extends Error {
  override readonly name = 'TmdbError';
  constructor(
    readonly kind: TmdbErrorKind,
    message: string,
    /** For `rate-limited`: how long TMDB asked to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface TmdbClientOptions {
  /** e.g. https://api.themoviedb.org/3 (no trailing slash). */
  apiUrl: string;
  /** A v3 API key, sent as the `api_key` query parameter. */
  apiKey?: string;
  /** A v4 read access token, sent as a Bearer header (used when both are given). */
  accessToken?: string;
  /** Whole-call budget, retries and rate-limit waits included (default 8 s). */
  timeoutMs?: number;
  requestsPerSecond?: number;
  burst?: number;
  /** Extra attempts after a 429, a 5xx or a lost connection (default 2). */
  retries?: number;
  /** The first backoff after a 5xx or lost connection; doubled each time (default 250 ms). */
  backoffMs?: number;
  /** The longest Retry-After honoured; a longer one fails the call at once (default 60 s). */
  maxRetryAfterMs?: number;
  now?: () => number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
}

/** A Retry-After header: seconds, or an HTTP date. Absent or unreadable: one second. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 1000;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

/**
 * TMDB's v3 API over plain fetch: the four calls Marquee needs, each answer validated with zod.
 * Every call has a deadline (AbortSignal), waits for a token of the client's rate limit, honours a
 * 429's Retry-After and backs off after a 5xx or a lost connection. Nothing is cached here (see
 * TmdbService): the client is the wire, and says precisely what went wrong.
 */
export class TmdbClient {
  private readonly bucket: TokenBucket;
  private readonly closing = new AbortController();
  private readonly now: () => number;
  /** Requests sent (attempts, not calls): what the rate limit counts. */
  sent = 0;

  constructor(private readonly options: TmdbClientOptions) {
    if (!options.apiKey && !options.accessToken) throw new Error('TmdbClient needs an API key or an access token');
    this.now = options.now ?? Date.now;
    this.bucket = new TokenBucket(options.requestsPerSecond ?? 20, options.burst ?? 10, this.now);
  }

  async searchMovies(query: string, params: { year?: number; page?: number } = {}, options: RequestOptions = {}): Promise<TmdbSearchPage> {
    const search: Record<string, string> = { query, include_adult: 'false', page: String(params.page ?? 1) };
    if (params.year) search.year = String(params.year);
    return this.get('/search/movie', search, TmdbSearchPage, options);
  }

  async movie(id: number, options: RequestOptions = {}): Promise<TmdbMovieDetails> {
    return this.get(`/movie/${id}`, { append_to_response: 'credits,external_ids' }, TmdbMovieDetails, options);
  }

  /** The films TMDB knows under an IMDb id (none, or one). */
  async findByImdb(imdbId: string, options: RequestOptions = {}): Promise<TmdbMovieResult[]> {
    const found = await this.get(`/find/${encodeURIComponent(imdbId)}`, { external_source: 'imdb_id' }, TmdbFindResult, options);
    return found.movie_results;
  }

  async configuration(options: RequestOptions = {}): Promise<TmdbConfiguration> {
    return this.get('/configuration', {}, TmdbConfiguration, options);
  }

  /** Aborts every pending call (they fail with `closed`); later calls fail at once. */
  close(): void {
    this.closing.abort(new TmdbError('closed', 'the TMDB client was closed'));
  }

  private async get<S extends z.ZodType>(path: string, params: Record<string, string>, schema: S, options: RequestOptions): Promise<z.infer<S>> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 8000;
    const deadline = this.now() + timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([this.closing.signal, timeout, ...(options.signal ? [options.signal] : [])]);
    const url = new URL(this.options.apiUrl + path);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.accessToken) headers.authorization = `Bearer ${this.options.accessToken}`;
    else url.searchParams.set('api_key', this.options.apiKey!);
    const retries = this.options.retries ?? 2;
    const what = `TMDB ${path}`;

    const failure = (error: unknown): TmdbError => {
      if (error instanceof TmdbError) return error;
      if (this.closing.signal.aborted) return this.closing.signal.reason as TmdbError;
      if (timeout.aborted) return new TmdbError('timeout', `${what}: no answer within ${timeoutMs} ms`);
      if (options.signal?.aborted) return new TmdbError('timeout', `${what}: given up by the caller`);
      return new TmdbError('unreachable', `${what}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    };

    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      try {
        if (!(await this.bucket.take(signal, deadline))) {
          throw new TmdbError('rate-limited', `${what}: the rate limit leaves no room before the deadline`, this.bucket.waitMs());
        }
        this.sent += 1;
        const response = await fetch(url, { headers, signal });
        if (response.status === 429) {
          const wait = retryAfterMs(response.headers.get('retry-after'), this.now());
          await response.body?.cancel();
          this.bucket.pause(wait);
          if (last || wait > (this.options.maxRetryAfterMs ?? 60_000) || this.now() + wait > deadline) {
            throw new TmdbError('rate-limited', `${what}: TMDB asked to wait ${Math.ceil(wait / 1000)} s`, wait);
          }
          continue;
        }
        const text = await response.text();
        if (response.status >= 500) {
          if (last) throw new TmdbError('server', `${what}: HTTP ${response.status}`);
          await abortableSleep(this.backoff(attempt), signal);
          continue;
        }
        if (!response.ok) {
          const body = TmdbErrorBody.safeParse(safeJson(text));
          const said = body.success && body.data.status_message ? ` (${body.data.status_message})` : '';
          const kind = response.status === 404 ? 'not-found' : 'refused';
          throw new TmdbError(kind, `${what}: HTTP ${response.status}${said}`);
        }
        const json = safeJson(text);
        if (json === undefined) throw new TmdbError('malformed', `${what}: the answer is not JSON`);
        const parsed = schema.safeParse(json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new TmdbError('malformed', `${what}: unexpected answer (${issue.path.join('.') || 'body'}: ${issue.message})`);
        }
        return parsed.data;
      } catch (error) {
        const failed = failure(error);
        if (failed.kind !== 'unreachable' || last) throw failed;
        try {
          await abortableSleep(this.backoff(attempt), signal);
        } catch (aborted) {
          throw failure(aborted);
        }
      }
    }
  }

  private backoff(attempt: number): number {
    return (this.options.backoffMs ?? 250) * 2 ** attempt;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
