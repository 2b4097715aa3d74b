import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCatalogFiles } from '../../src/catalog/loader.js';
import { filmIdFor } from '../../src/catalog/schema.js';

async function writeCatalog(entries: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-catalog-'));
  const file = join(dir, 'films.json');
  await writeFile(file, JSON.stringify(entries));
  return file;
}

const holyMotors = { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], cast: [{ name: 'Denis Lavant' }] };
const irmaVep = { id: 'irma-vep-1996', title: 'Irma Vep', year: 1996, directors: ['Olivier Assayas'] };

describe('catalog loader', () => {
  it('loads a good file and applies defaults', async () => {
    const { films, problems } = await loadCatalogFiles([await writeCatalog([holyMotors, irmaVep])]);
    expect(problems).toEqual([]);
    expect(films.map((film) => film.id)).toEqual(['holy-motors-2012', 'irma-vep-1996']);
    expect(films[1]).toMatchObject({ cast: [], genres: [], themes: [], altTitles: [], synopsis: '', externalIds: {} });
  });

  it('reports each bad entry with its file and index, and keeps the good ones', async () => {
    const file = await writeCatalog([holyMotors, { id: 'Bad Id', title: 'x', year: 2000 }, { id: 'no-year-2000', title: 'No year' }, irmaVep, 'nonsense']);
    const { films, problems } = await loadCatalogFiles([file]);
    expect(films.map((film) => film.id)).toEqual(['holy-motors-2012', 'irma-vep-1996']);
    expect(problems.map((problem) => problem.index)).toEqual([1, 2, 4]);
    expect(problems[0]).toMatchObject({ file, id: 'Bad Id' });
    expect(problems[0]!.message).toMatch(/^id:/);
    expect(problems[1]!.message).toMatch(/^year:/);
    expect(formatProblem(problems[1]!)).toContain(`${file}[2] (no-year-2000): year:`);
  });

  it('refuses duplicate ids within and across files, keeping the first definition', async () => {
    const first = await writeCatalog([holyMotors, { ...holyMotors, title: 'Holy Motors again' }]);
    const second = await writeCatalog([{ ...holyMotors, title: 'Another' }, irmaVep]);
    const { films, problems } = await loadCatalogFiles([first, second]);
    expect(films.map((film) => `${film.id}:${film.title}`)).toEqual(['holy-motors-2012:Holy Motors', 'irma-vep-1996:Irma Vep']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: first, index: 1, id: 'holy-motors-2012' });
    expect(problems[1]).toMatchObject({ file: second, index: 0 });
    expect(problems[1]!.message).toContain(`first defined in ${first}`);
  });

  it('reports a missing or unparsable file without stopping', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-catalog-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '[{"id": ');
    const good = await writeCatalog([irmaVep]);
    const { films, problems } = await loadCatalogFiles([join(dir, 'missing.json'), broken, good]);
    expect(films).toHaveLength(1);
    expect(problems[0]!.message).toBe('cannot read catalog: file not found');
    expect(problems[1]!.file).toBe(broken);
  });

  it('derives ids from title and year', () => {
    expect(filmIdFor('Holy Motors', 2012)).toBe('holy-motors-2012');
    expect(filmIdFor('Amélie', 2001)).toBe('amelie-2001');
    expect(filmIdFor("Ocean's Eleven", 2001)).toBe('oceans-eleven-2001');
    expect(filmIdFor('Cléo from 5 to 7', 1962)).toBe('cleo-from-5-to-7-1962');
    expect(filmIdFor('Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles', 1975)).toMatch(/^jeanne-dielman-23-quai-du-commerce-1080-bruxelles-1975$/);
  });
});

describe('poster links', () => {
  it('takes https links to images or image hosts, and nothing the bot could be made to treat as a poster otherwise', async () => {
    const { isPosterUrl } = await import('../../src/catalog/schema.js');
    expect(isPosterUrl('https://upload.wikimedia.org/wikipedia/en/4/4a/Poster')).toBe(true);
    expect(isPosterUrl('https://image.tmdb.org/t/p/w500/abc')).toBe(true);
    expect(isPosterUrl('https://example.com/posters/holy-motors.JPG')).toBe(true);
    expect(isPosterUrl('http://example.com/holy-motors.jpg')).toBe(false);
    expect(isPosterUrl('https://example.com/holy-motors.html')).toBe(false);
    expect(isPosterUrl('https://user:secret@example.com/a.png')).toBe(false);
    expect(isPosterUrl('javascript:alert(1)//.png')).toBe(false);
    expect(isPosterUrl('not a url.png')).toBe(false);
    const { films, problems } = await loadCatalogFiles([await writeCatalog([{ ...holyMotors, poster: 'http://example.com/a.jpg' }, irmaVep])]);
    expect(films.map((film) => film.id)).toEqual(['irma-vep-1996']);
    expect(problems[0]!.message).toMatch(/^poster: an https link to an image/);
  });
});
