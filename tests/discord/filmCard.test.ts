import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { filmChoiceName, renderFilmCard, renderFullCast } from '../../src/discord/render/film.js';

let films: Map<string, Film>;
beforeAll(async () => {
  const loaded = await loadCatalogFiles([BUNDLED_CATALOG]);
  expect(loaded.problems).toEqual([]);
  films = new Map(loaded.films.map((film) => [film.id, film]));
});

function embedTotal(card: ReturnType<typeof renderFilmCard>): number {
  const embed = card.embeds[0]!;
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe('the bundled catalog', () => {
  it('has at least 300 films, each with a director and a synopsis', () => {
    expect(films.size).toBeGreaterThanOrEqual(300);
    for (const film of films.values()) {
      expect(film.directors.length, film.id).toBeGreaterThan(0);
      expect(film.synopsis.length, film.id).toBeGreaterThan(40);
    }
  });
});

describe('film card', () => {
  it('shows Holy Motors as the seed page does: Carax, Lavant first, the synopsis', () => {
    const card = renderFilmCard(films.get('holy-motors-2012')!);
    const embed = card.embeds[0]!;
    expect(embed.title).toBe('Holy Motors (2012)');
    expect(embed.description).toContain('Oscar');
    const field = (name: string) => embed.fields!.find((f) => f.name === name)?.value;
    expect(field('Director')).toBe('Leos Carax');
    expect(field('Cast')!.startsWith('Denis Lavant')).toBe(true);
    for (const name of ['Édith Scob', 'Eva Mendes', 'Kylie Minogue', 'Michel Piccoli']) expect(field('Cast')).toContain(name);
    expect(field('Runtime')).toBe('1h 55m');
    expect(field('Watched by')).toBeUndefined(); // no figure in the bundled catalog
    expect(card.components.flatMap((row) => row.components).map((c) => ('label' in c ? c.label : undefined))).toContain('Full cast');
  });

  it('shows Irma Vep with Assayas, Maggie Cheung and the themes of the seed page', () => {
    const embed = renderFilmCard(films.get('irma-vep-1996')!).embeds[0]!;
    const field = (name: string) => embed.fields!.find((f) => f.name === name)?.value ?? '';
    expect(field('Director')).toBe('Olivier Assayas');
    expect(field('Cast')).toMatch(/^Maggie Cheung.*Jean-Pierre Léaud.*Nathalie Richard.*Antoine Basler/);
    expect(field('Cast')).toMatch(/and 4 more$/);
    expect(field('Themes')).toContain('Humanity and the world around us');
    expect(field('Themes')).toContain('Moving relationship stories');
    expect(embed.description!.length).toBeGreaterThan(40);
  });

  it('shows how many people have logged the film, when the catalog knows', () => {
    const watched = (watchers: number) =>
      renderFilmCard({ ...films.get('holy-motors-2012')!, watchers }).embeds[0]!.fields!.find((f) => f.name === 'Watched by')?.value;
    expect(watched(412_345)).toBe('412.3K on film sites');
    expect(watched(2_100_000)).toBe('2.1M on film sites');
    expect(watched(87)).toBe('87 on film sites');
  });

  it('every bundled film renders within Discord limits', () => {
    for (const film of films.values()) {
      const card = renderFilmCard(film);
      expect(embedTotal(card), film.id).toBeLessThanOrEqual(6000);
      expect(filmChoiceName(film).length).toBeLessThanOrEqual(100);
    }
  });

  it('truncates huge catalog entries cleanly and escapes markdown', () => {
    const film = Film.parse({
      id: 'huge-2000',
      title: 'T'.repeat(200),
      year: 2000,
      directors: Array.from({ length: 20 }, (_, i) => `Director **${i}** ${'x'.repeat(80)}`),
      cast: Array.from({ length: 500 }, (_, i) => ({ name: `Actor ${i} ${'y'.repeat(60)}`, character: `Role ${i}` })),
      genres: ['Drama'],
      themes: Array.from({ length: 40 }, (_, i) => `Theme ${i} ${'z'.repeat(150)}`),
      synopsis: 'word '.repeat(780) + '@everyone <@123456789012345678>',
    } satisfies FilmInput);
    const card = renderFilmCard(film);
    const embed = card.embeds[0]!;
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embedTotal(card)).toBeLessThanOrEqual(6000);
    for (const field of embed.fields!) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embed.fields!.find((f) => f.name === 'Directors')!.value).toContain('Director \\*\\*0\\*\\*');
    expect(embed.fields!.find((f) => f.name === 'Cast')!.value).toMatch(/and \d+ more$/);
    const fullCast = renderFullCast(film).embeds[0]!;
    expect(fullCast.description!.length).toBeLessThanOrEqual(4096);
    expect(fullCast.description).toMatch(/…and \d+ more$/);
  });

  it('names autocomplete choices like "Holy Motors (2012) — Leos Carax" within 100 chars', () => {
    expect(filmChoiceName(films.get('holy-motors-2012')!)).toBe('Holy Motors (2012) — Leos Carax');
    const long = Film.parse({ id: 'long-2001', title: 'L'.repeat(120), year: 2001, directors: ['Someone'] });
    expect(filmChoiceName(long).length).toBeLessThanOrEqual(100);
  });
});
