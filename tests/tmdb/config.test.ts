import { describe, expect, it } from 'vitest';
import { loadConfig, tmdbConfigured } from '../../src/config.js';
import { LruCache } from '../../src/tmdb/cache.js';
import { TokenBucket } from '../../src/tmdb/rateLimit.js';

describe('TMDB configuration', () => {
  it('is off unless a key or a token is set, and points at TMDB by default', () => {
    const none = loadConfig({ TMDB_API_KEY: '', TMDB_ACCESS_TOKEN: ' ' });
    expect(tmdbConfigured(none)).toBe(false);
    expect(none.TMDB_API_URL).toBe('https://api.themoviedb.org/3');
    const key = loadConfig({ TMDB_API_KEY: '0123456789abcdef0123456789abcdef', TMDB_API_URL: 'http://127.0.0.1:9999/3/' });
    expect(tmdbConfigured(key)).toBe(true);
    expect(key.TMDB_API_URL).toBe('http://127.0.0.1:9999/3');
    expect(tmdbConfigured(loadConfig({ TMDB_ACCESS_TOKEN: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }))).toBe(true);
  });

  it('names the variable, never the value, when one is malformed', () => {
    expect(() => loadConfig({ TMDB_API_KEY: 'not a key!' })).toThrow(/^Invalid TMDB_API_KEY: expected a TMDB API key/);
    expect(() => loadConfig({ TMDB_ACCESS_TOKEN: 'secret-without-dots' })).toThrow(/^Invalid TMDB_ACCESS_TOKEN: expected a TMDB API read access token/);
    expect(() => loadConfig({ TMDB_ACCESS_TOKEN: 'secret-without-dots' })).not.toThrow(/secret-without-dots/);
    expect(() => loadConfig({ TMDB_API_URL: 'ftp://example.com' })).toThrow(/^Invalid TMDB_API_URL/);
  });
});

describe('token bucket and cache (on a hand-moved clock)', () => {
  it('lets a burst through, then paces requests, and a Retry-After pauses everything', async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.waitMs(), await bucket.take(), await bucket.take(), await bucket.take()]).toEqual([0, true, true, true]);
    expect(bucket.waitMs()).toBe(100);
    // A token that would come after the caller's deadline: refused at once, not waited for.
    expect(await bucket.take(undefined, now + 50)).toBe(false);
    now += 100;
    expect(await bucket.take()).toBe(true);
    bucket.pause(5000);
    now += 1000;
    expect(bucket.waitMs()).toBe(4000);
    bucket.pause(10);
    expect(bucket.waitMs()).toBe(4000);
  });

  it('forgets the least recently used entries and those past their time', () => {
    let now = 0;
    const cache = new LruCache<string, number>(2, 1000, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
