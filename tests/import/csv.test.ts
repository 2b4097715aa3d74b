import { describe, expect, it } from 'vitest';
import { detectDelimiter, readCsv } from '../../src/import/csv.js';

describe('the CSV delimiter', () => {
  it('is read once, from the header line, outside quotes', () => {
    expect(detectDelimiter('Date,Name,Year\n2024-01-01,Heat; the remake,1995\n')).toBe(',');
    expect(detectDelimiter('\uFEFFName;Year;Checked\nStalker;1979;yes\n')).toBe(';');
    expect(detectDelimiter('Name\tYear\nStalker\t1979\n')).toBe('\t');
    expect(detectDelimiter('"Name; with a semicolon",Year\n')).toBe(',');
    // A first line without any (a Letterboxd list export's signature) defers to the next.
    expect(detectDelimiter('Letterboxd list export v7\nDate,Name,Tags,URL,Description\n')).toBe(',');
    expect(detectDelimiter('Name\nStalker\n')).toBe(',');
  });

  it('keeps a Letterboxd reviews.csv row whose unquoted review holds semicolons', () => {
    const text = [
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date',
      '2024-03-02,Stalker,1979,https://boxd.it/aaa9,4.5,,Slow; hypnotic; the zone stays with you,,2024-03-01',
    ].join('\n');
    const table = readCsv('reviews.csv', text);
    expect(table.problems).toEqual([]);
    expect(table.rows.map((row) => row.values.review)).toEqual(['Slow; hypnotic; the zone stays with you']);
  });

  it('reads a semicolon file whose text holds commas', () => {
    const table = readCsv('icheckmovies.csv', 'title;year;checked\n"Crouching Tiger, Hidden Dragon";2000;yes\nStalker, the film;1979;no\n');
    expect(table.problems).toEqual([]);
    expect(table.rows.map((row) => row.values.title)).toEqual(['Crouching Tiger, Hidden Dragon', 'Stalker, the film']);
  });
});
