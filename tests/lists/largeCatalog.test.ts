import { describe, expect, it } from 'vitest';
import { loadWikipediaFilms, wikipediaAvailable } from '../../bench/lib/wikipedia.js';
import { Catalog } from '../../src/catalog/catalog.js';
import type { Film } from '../../src/catalog/schema.js';
import { RowMatcher } from '../../src/lists/csv/match.js';
import { buildImportPreview } from '../../src/lists/importing.js';
import { normalizeTitle } from '../../src/search/normalize.js';

const available = wikipediaAvailable();
if (!available) console.warn('tests/lists/largeCatalog: ../shared/data/wikipedia-movies is absent; skipping the 36k-film matching tests.');

/** Deterministic sample: the same films every run. */
function sample(films: Film[], count: number, seed: number): Film[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => films[Math.floor(next() * films.length)]!);
}

/** Drops one letter in the middle of the title (a typical typo), keeping the first two and last two. */
function typo(title: string, index: number): string {
  if (title.length < 8) return title;
  const at = 2 + (index % (title.length - 4));
  return title.slice(0, at) + title.slice(at + 1);
}

describe.skipIf(!available)('matching imports against the 36k-film Wikipedia catalog', () => {
  const load = (() => {
    let cached: { films: Film[]; catalog: Catalog; matcher: RowMatcher } | undefined;
    return () => {
      if (!cached) {
        const { films } = loadWikipediaFilms();
        const catalog = new Catalog(films);
        cached = { films, catalog, matcher: new RowMatcher(catalog) };
      }
      return cached;
    };
  })();

  it('matches exact titles and years to the right film, or calls them ambiguous when the catalog has twins', () => {
    const { films, matcher } = load();
    // Titles that are the same once normalised ("The Heat" and "Heat"), in the same year.
    const key = (film: Film) => `${normalizeTitle(film.title)}|${film.year}`;
    const twins = new Map<string, number>();
    for (const film of films) twins.set(key(film), (twins.get(key(film)) ?? 0) + 1);
    for (const film of sample(films, 300, 7)) {
      const outcome = matcher.match({ title: film.title, year: film.year });
      if ((twins.get(key(film)) ?? 0) > 1) {
        expect(outcome.kind === 'ambiguous' && outcome.candidates.some((candidate) => candidate.id === film.id)).toBe(true);
      } else {
        expect(outcome.kind === 'matched' ? outcome.film.id : outcome).toBe(film.id);
      }
    }
  });

  it('offers the film behind a typo in the title, and never picks a wrong one with confidence', () => {
    const { films, matcher } = load();
    let offered = 0;
    const wrong: string[] = [];
    const rows = sample(films, 300, 11).filter((film) => film.title.length >= 8);
    rows.forEach((film, index) => {
      const title = typo(film.title, index);
      const outcome = matcher.match({ title, year: film.year });
      // A near title is never taken on its own (first-evening): the film must be among the choices offered.
      if (outcome.kind === 'ambiguous' && outcome.candidates.some((candidate) => candidate.id === film.id)) offered++;
      if (outcome.kind !== 'matched') return;
      if (outcome.film.id === film.id) offered++;
      // Another film whose title is exactly what was typed is a fair answer; anything else is a wrong match.
      else if (outcome.film.title.toLowerCase() !== title.toLowerCase()) wrong.push(`${title} (${film.year}) → ${outcome.film.title}`);
    });
    expect(wrong).toEqual([]);
    expect(offered / rows.length).toBeGreaterThan(0.95);
  });

  it('previews a 1,000-row Letterboxd export in one go', () => {
    const { films, catalog } = load();
    const rows = sample(films, 1000, 23);
    const csv = [
      'Letterboxd list export v7',
      'Date,Name,Tags,URL,Description',
      '2024-01-01,Big list,,,',
      '',
      'Position,Name,Year,URL,Description',
      ...rows.map((film, index) => `${index + 1},"${film.title.replace(/"/g, '""')}",${film.year},,`),
    ].join('\n');
    const preview = buildImportPreview(csv, 'big.csv', catalog);
    expect(preview.rowCount).toBe(1000);
    expect(preview.unmatched).toEqual([]);
    // Ranks follow the file's positions, without gaps, over the films kept.
    expect(preview.matched.map((row) => row.rank)).toEqual(preview.matched.map((_, index) => index + 1));
    expect(preview.matched.length + preview.ambiguous.length + preview.duplicates.length).toBe(1000);
  });
});
