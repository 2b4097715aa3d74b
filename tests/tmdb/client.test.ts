import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Film } from '../../src/catalog/schema.js';
import { LocalTmdb } from '../../src/local-tmdb/index.js';
import { createMemoryLogger } from '../../src/log.js';
import { retryAfterMs, TmdbClient, TmdbError, type TmdbClientOptions } from '../../src/tmdb/client.js';
import { filmFromTmdb, posterUrl } from '../../src/tmdb/mapping.js';
import { TmdbService } from '../../src/tmdb/service.js';

let tmdb: LocalTmdb;
const clients: TmdbClient[] = [];

beforeAll(async () => {
  tmdb = await LocalTmdb.start();
});
afterAll(async () => tmdb?.stop());
afterEach(async () => {
  tmdb.heal();
  await tmdb.comeBack();
  tmdb.requests.length = 0;
  for (const client of clients.splice(0)) client.close();
});

function client(options: Partial<TmdbClientOptions> = {}): TmdbClient {
  const made = new TmdbClient({ apiUrl: tmdb.apiUrl, apiKey: tmdb.apiKey, backoffMs: 10, ...options });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<TmdbError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TmdbError);
    return error as TmdbError;
  }
  throw new Error('expected the call to fail');
}

describe('TMDB client against the local TMDB', () => {
  it('maps a film with its credits, synopsis, poster and both ids to a valid catalog film', async () => {
    const details = await client().movie(374720);
    const film = filmFromTmdb(details)!;
    expect(Film.parse(film)).toEqual(film);
    expect(film).toMatchObject({
      id: 'dunkirk-2017',
      title: 'Dunkirk',
      year: 2017,
      runtime: 107,
      genres: ['War', 'Action', 'Drama'],
      directors: ['Christopher Nolan'],
      writers: ['Christopher Nolan'],
      countries: ['United Kingdom', 'United States of America'],
      languages: ['English', 'French'],
      poster: 'https://image.tmdb.org/t/p/w342/fixtureDunkirkPoster.jpg',
      externalIds: { tmdb: 374720, imdb: 'tt5013056' },
      dataFrom: ['tmdb'],
    });
    expect(film.originalTitle).toBeUndefined();
    expect(film.synopsis).toMatch(/^Soldiers trapped on a beach/);
    expect(film.cast.slice(0, 2)).toEqual([
      { name: 'Fionn Whitehead', character: 'Tommy' },
      { name: 'Tom Glynn-Carney', character: 'Peter' },
    ]);
    const dangal = filmFromTmdb(await client().movie(360814))!;
    expect(dangal.originalTitle).toBe('दंगल');
    expect(dangal.writers).toEqual(['Nitesh Tiwari', 'Piyush Gupta']);
    // No poster path: no poster, rather than a broken link.
    expect(filmFromTmdb(await client().movie(24766))!.poster).toBeUndefined();
    // No release year: not a catalog film.
    expect(filmFromTmdb(await client().movie(999001))).toBeUndefined();
    expect(posterUrl('/x.jpg', 'http://insecure.example/t/p/')).toBeUndefined();
  });

  it('searches, finds by IMDb id, reads the configuration, with a v3 key or a v4 token', async () => {
    const page = await client().searchMovies('celine julie');
    expect(page.results.map((result) => result.id)).toEqual([38714]);
    expect(await client().findByImdb('tt0059012')).toMatchObject([{ id: 24766, title: 'Chimes at Midnight' }]);
    expect(await client().findByImdb('tt0000001')).toEqual([]);
    const withToken = client({ apiKey: undefined, accessToken: tmdb.accessToken });
    expect((await withToken.configuration()).images.poster_sizes).toContain('w342');
    expect(tmdb.requests.map((request) => request.auth)).toEqual(['api_key', 'api_key', 'api_key', 'bearer']);
  });

  it('says what went wrong: a wrong key, an unknown film', async () => {
    expect((await failure(client({ apiKey: 'ffffffffffffffffffffffffffffffff' }).movie(603))).kind).toBe('refused');
    const missing = await failure(client().movie(1));
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toContain('could not be found');
  });

  it('rejects answers that are not JSON or not the documented shape', async () => {
    tmdb.setFault({ kind: 'not-json' });
    expect((await failure(client().movie(603))).kind).toBe('malformed');
    tmdb.setFault({ kind: 'wrong-shape' });
    const wrong = await failure(client().searchMovies('dunkirk'));
    expect(wrong.kind).toBe('malformed');
    expect(wrong.message).toMatch(/unexpected answer \(page: /);
    expect((await failure(client().findByImdb('tt5013056'))).kind).toBe('malformed');
    expect((await failure(client().movie(603))).kind).toBe('malformed');
  });

  it('honours a 429 Retry-After: waits, then asks again', async () => {
    tmdb.setFault({ kind: 'rate-limited', retryAfterSeconds: 1, times: 1 });
    const page = await client().searchMovies('dangal');
    expect(page.results.map((result) => result.id)).toEqual([360814]);
    expect(tmdb.count('/search/movie')).toBe(2);
    const [first, second] = tmdb.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once when the wait asked for is longer than the call may take, and sends nothing until it has passed', async () => {
    tmdb.setFault({ kind: 'rate-limited', retryAfterSeconds: 120 });
    const limited = client();
    const error = await failure(limited.searchMovies('dangal'));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(120_000);
    tmdb.heal();
    expect((await failure(limited.movie(603))).kind).toBe('rate-limited');
    expect(tmdb.count()).toBe(1);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(retryAfterMs(null, 0)).toBe(1000);
  });

  it('times out a slow answer, retries a 500 and a lost connection, then says so', async () => {
    tmdb.setFault({ kind: 'slow', delayMs: 3000 });
    expect((await failure(client({ timeoutMs: 200 }).movie(603))).kind).toBe('timeout');
    tmdb.setFault({ kind: 'error' });
    expect((await failure(client({ retries: 2 }).movie(603))).kind).toBe('server');
    expect(tmdb.count('/movie/603')).toBe(4);
    tmdb.heal();
    await tmdb.goDown();
    expect((await failure(client({ retries: 1 }).movie(603))).kind).toBe('unreachable');
  });

  it('a closed client fails its pending calls with "closed"', async () => {
    tmdb.setFault({ kind: 'slow', delayMs: 3000 });
    const closing = client();
    const pending = failure(closing.movie(603));
    await expect.poll(() => tmdb.count('/movie/603')).toBe(1);
    closing.close();
    expect((await pending).kind).toBe('closed');
  });
});

describe('TMDB service: caching and what autocomplete gets when TMDB is slow or down', () => {
  function service(cooldownMs = 30_000) {
    const made = new TmdbService(client(), { log: createMemoryLogger('warn'), cooldownMs });
    return made;
  }

  it('asks TMDB once per query and once per film', async () => {
    const tmdbService = service();
    const first = await tmdbService.suggest('Dunkirk', 5000);
    // The film without a release year is left out: it could not become a catalog film.
    expect(first).toEqual([{ tmdbId: 374720, title: 'Dunkirk', year: 2017 }]);
    expect(await tmdbService.suggest('dunkirk ', 5000)).toEqual(first);
    expect(tmdb.count('/search/movie')).toBe(1);
    const film = await tmdbService.film(374720);
    expect(await tmdbService.film(374720)).toBe(film);
    expect(tmdb.count('/movie/374720')).toBe(1);
    expect(tmdb.count('/configuration')).toBe(1);
  });

  it('answers nothing rather than late, keeps the late answer for the next keystroke, and narrows a shorter prefix', async () => {
    const tmdbService = service();
    tmdb.setFault({ kind: 'slow', delayMs: 400 });
    expect(await tmdbService.suggest('chimes', 20)).toEqual([]);
    await tmdbService.idle();
    expect(await tmdbService.suggest('chimes', 20)).toEqual([{ tmdbId: 24766, title: 'Chimes at Midnight', originalTitle: 'Campanadas a medianoche', year: 1965 }]);
    expect(tmdb.count('/search/movie')).toBe(1);
    // The next keystroke's own search is late: the earlier answer, narrowed to what still matches, stands in.
    expect(await tmdbService.suggest('chimes at', 20)).toEqual([{ tmdbId: 24766, title: 'Chimes at Midnight', originalTitle: 'Campanadas a medianoche', year: 1965 }]);
    expect(await tmdbService.suggest('chimes of', 20)).toEqual([]);
    await tmdbService.idle();
  });

  it('does not make the next keystrokes wait while a search is overdue, but asks in the background for them', async () => {
    const tmdbService = service();
    tmdb.setFault({ kind: 'slow', delayMs: 400 });
    expect(await tmdbService.suggest('dang', 20)).toEqual([]);
    // TMDB would answer this one within its 5 s budget, but a search is overdue: no waiting at all.
    expect(await tmdbService.suggest('dangal', 5000)).toEqual([]);
    await tmdbService.idle();
    expect(await tmdbService.suggest('dangal', 5000)).toMatchObject([{ tmdbId: 360814, title: 'Dangal' }]);
    expect(tmdb.count('/search/movie')).toBe(2);
    // Once nothing is overdue, keystrokes wait for TMDB again (within their budget).
    tmdb.heal();
    expect(await tmdbService.suggest('dunkirk', 5000)).toMatchObject([{ tmdbId: 374720 }]);
  });

  it('leaves a failing TMDB alone for a while instead of asking at every keystroke', async () => {
    const tmdbService = service();
    await tmdb.goDown();
    expect(await tmdbService.suggest('dangal', 2000)).toEqual([]);
    const asked = tmdb.count();
    await tmdb.comeBack();
    expect(await tmdbService.suggest('danga', 2000)).toEqual([]);
    expect(tmdb.count()).toBe(asked);
    const recovered = service(0);
    expect(await recovered.suggest('dangal', 2000)).toMatchObject([{ tmdbId: 360814 }]);
  });
});
