import { describe, expect, it } from 'vitest';
import { parseCheckedTime } from '../../src/import/icheckmovies.js';
import { buildPreview } from '../../src/import/preview.js';
import { readImportFiles } from '../../src/import/read.js';
import { csvFile, fixture, NOW, testCatalog } from './helpers.js';

const HEADER = 'title,year,url,checkedcount,favouritecount,officialtoplistcount,usertoplistcount,akatitle,imdburl,checked,favorite,disliked,watchlist,owned';

describe('iCheckMovies export', () => {
  it('detects the format and reads checks, favorites, dislikes and watchlist', async () => {
    const parsed = readImportFiles([fixture('icheckmovies.csv')], { now: NOW });
    expect(parsed.source).toBe('icheckmovies');
    expect(parsed.files).toEqual([{ name: 'icheckmovies.csv', kind: 'icheckmovies', rows: 9 }]);
    const preview = await buildPreview(parsed, { catalog: testCatalog(), now: NOW });
    const byId = Object.fromEntries(preview.matched.map((film) => [film.filmId, { how: film.how, facts: film.facts }]));
    // A dated check is a viewing on the day it was checked.
    const checkedOn = (at: string) => [{ watchedOn: at.slice(0, 10), loggedAt: at, rewatch: false }];
    expect(byId).toEqual({
      // Found by IMDb id although the titles differ.
      'holy-motors-2012': { how: 'id', facts: { viewings: checkedOn('2013-04-02T21:15:00.000Z'), favoriteSince: '2013-04-02T21:15:00.000Z' } },
      'stalker-1979': { how: 'id', facts: { viewings: checkedOn('2010-01-01T00:00:00.000Z'), favoriteSince: '2010-01-01T00:00:00.000Z' } },
      // The Italian title is not in the catalog; the file's AKA is.
      'bicycle-thieves-1948': { how: 'aka', facts: { viewings: checkedOn('2010-01-01T10:00:00.000Z') } },
      'irma-vep-1996': { how: 'title', facts: { viewings: checkedOn('2015-06-01T08:30:00.000Z'), dislikeSince: '2015-06-01T08:30:00.000Z' } },
      // iCheckMovies does not date watchlist entries: the import does.
      'parasite-2019': { how: 'title', facts: { viewings: [], watchlistSince: NOW.toISOString() } },
      'beau-travail-1999': { how: 'title', facts: { viewings: checkedOn('2018-08-08T00:00:00.000Z') } },
    });
    expect(preview.unmatched.map((film) => film.source.title)).toEqual(['A Film Nobody Has']);
    expect(preview.problems).toEqual([
      { file: 'icheckmovies.csv', line: 8, title: 'Heat', message: 'checked: expected a date and time such as 2012-05-03 20:15:42 (got “last tuesday”)' },
      { file: 'icheckmovies.csv', line: 10, title: 'Beau travail', message: 'marked both favorite and disliked; neither is imported' },
    ]);
    expect(preview.notes).toEqual(['1 row is neither checked nor on the watchlist; nothing to import there.']);
  });

  it('reads semicolon-separated files and undated checks', () => {
    const text = `${HEADER.replaceAll(',', ';')}\nStalker;1979;;;;;;;;yes;no;no;no;no\n`;
    const parsed = readImportFiles([csvFile('checks.csv', text)], { source: 'icheckmovies', now: NOW });
    // An undated check says the film was seen, not when: no viewing, seen since the import.
    expect(parsed.films[0]!.facts).toEqual({ viewings: [], watchedAt: NOW.toISOString() });
    expect(parsed.notes).toEqual(['1 check has no date; marked as seen without a diary entry.']);
  });

  it('understands the usual ways of writing a check time', () => {
    expect(parseCheckedTime('2012-05-03 20:15:42')).toEqual({ checked: true, at: '2012-05-03T20:15:42.000Z' });
    expect(parseCheckedTime('2012-05-03T20:15')).toEqual({ checked: true, at: '2012-05-03T20:15:00.000Z' });
    expect(parseCheckedTime('2012-05-03T20:15:42+02:00')).toEqual({ checked: true, at: '2012-05-03T18:15:42.000Z' });
    expect(parseCheckedTime('2012-05-03')).toEqual({ checked: true, at: '2012-05-03T00:00:00.000Z' });
    expect(parseCheckedTime('1336076142')).toEqual({ checked: true, at: '2012-05-03T20:15:42.000Z' });
    expect(parseCheckedTime('1336076142000')).toEqual({ checked: true, at: '2012-05-03T20:15:42.000Z' });
    expect(parseCheckedTime('')).toEqual({ checked: false });
    expect(parseCheckedTime('no')).toEqual({ checked: false });
    expect(parseCheckedTime('2023-02-30')).toBeUndefined();
    expect(parseCheckedTime('yesterday')).toBeUndefined();
  });

  it('refuses a check dated in the future', () => {
    const text = `${HEADER}\nStalker,1979,,,,,,,,2030-01-01 10:00:00,no,no,no,no\n`;
    const parsed = readImportFiles([csvFile('checks.csv', text)], { source: 'icheckmovies', now: NOW });
    expect(parsed.films).toEqual([]);
    expect(parsed.problems).toEqual([{ file: 'checks.csv', line: 2, title: 'Stalker', message: '2030-01-01 is in the future; row skipped' }]);
  });
});
