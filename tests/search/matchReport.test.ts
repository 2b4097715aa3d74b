import { describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { formatMatchReport, matchReport, readExportFiles } from '../../bench/lib/matchReport.js';

/** `npm run bench:match`'s report on small fixture exports against the bundled catalog. */
describe('match-rate report', () => {
  it('counts matched, ambiguous and unmatched films of an iCheckMovies export, each unmatched film under its reason', async () => {
    const catalog = new Catalog((await loadCatalogFiles([BUNDLED_CATALOG])).films);
    const report = await matchReport(await readExportFiles(['tests/fixtures/import/icheckmovies.csv']), catalog, new Date('2026-12-07T00:00:00Z'));
    expect(report.source).toBe('icheckmovies');
    expect(report.rows).toBe(9);
    expect(report.films).toBe(7);
    expect(report.matched).toBe(5);
    expect(report.byHow).toEqual({ title: 5 });
    expect(report.ambiguous).toEqual([]);
    expect(report.unmatched).toEqual([
      { reason: 'no film with this title from 1978–1980 in the catalog', films: [{ title: 'Stalker (Сталкер)', year: 1979 }] },
      { reason: 'no film with this title from 1998–2000 in the catalog', films: [{ title: 'A Film Nobody Has', year: 1999 }] },
    ]);
    const text = formatMatchReport(report);
    expect(text).toContain('matched:     5 (71.4 %)  — title 5');
    expect(text).toContain('unmatched:   2 (28.6 %)');
    expect(text).toContain('  1 × no film with this title from 1998–2000 in the catalog\n      A Film Nobody Has (1999)');
  });

  it('reads a Letterboxd export ZIP and lists only `examples` films per reason unless asked for all', async () => {
    const catalog = new Catalog((await loadCatalogFiles([BUNDLED_CATALOG])).films);
    const report = await matchReport(await readExportFiles(['tests/fixtures/import/letterboxd-export.zip']), catalog, new Date('2026-12-07T00:00:00Z'));
    expect(report.source).toBe('letterboxd');
    expect(report.matched + report.ambiguous.length + report.unmatched.reduce((sum, group) => sum + group.films.length, 0)).toBe(report.films);
    expect(report.matched).toBeGreaterThan(0);
    const unmatched = report.unmatched.flatMap((group) => group.films);
    if (unmatched.length > 0) {
      const short = formatMatchReport(report, { examples: 0 });
      expect(short).toContain('more (--all lists them)');
      expect(formatMatchReport(report, { all: true })).toContain(unmatched[0]!.title);
    }
  });
});
