import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG } from '../../src/app.js';
import { loadCatalogFiles } from '../../src/catalog/loader.js';
import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { filmChoiceName, renderFilmCard, renderFullCast } from '../../src/discord/render/film.js';
import { componentCount, textLength, V2_LIMITS } from '../../src/discord/render/v2.js';
import { V2View } from '../../src/local-discord/index.js';
import { MessageFlag, validateMessage } from '../../src/local-discord/validate/messages.js';

let films: Map<string, Film>;
beforeAll(async () => {
  const loaded = await loadCatalogFiles([BUNDLED_CATALOG]);
  expect(loaded.problems).toEqual([]);
  films = new Map(loaded.films.map((film) => [film.id, film]));
});

type Card = Awaited<ReturnType<typeof renderFilmCard>>;
const view = (card: Card) => new V2View(card.components as unknown as Record<string, unknown>[]);

/** What the local Discord says of the card: nothing when Discord would take it. */
function expectAccepted(card: Card): void {
  expect(() => validateMessage(JSON.parse(JSON.stringify(card)), { mode: 'create', path: [], allowedFlags: MessageFlag.IsComponentsV2 })).not.toThrow();
  expect(componentCount(card.components)).toBeLessThanOrEqual(V2_LIMITS.components);
  expect(textLength(card.components)).toBeLessThanOrEqual(V2_LIMITS.text);
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

describe('film card (Components V2)', () => {
  it('shows Holy Motors as the seed page does: poster beside Carax and the runtime, Lavant first, the synopsis', async () => {
    const card = await renderFilmCard(films.get('holy-motors-2012')!);
    expect(card.flags).toBe(MessageFlag.IsComponentsV2);
    const v2 = view(card);
    expect(v2.title).toBe('Holy Motors (2012)');
    expect(v2.text).toContain('Directed by **Leos Carax** · 1h 55m');
    expect(v2.text).toContain('Oscar');
    expect(v2.block('Cast')!.startsWith('Denis Lavant')).toBe(true);
    for (const name of ['Édith Scob', 'Eva Mendes', 'Kylie Minogue', 'Michel Piccoli']) expect(v2.block('Cast')).toContain(name);
    expect(v2.text).not.toContain('film sites'); // no figure in the bundled catalog
    // No poster known: the placeholder is attached and stands in the thumbnail.
    expect(v2.thumbnails.map((thumbnail) => thumbnail.url)).toEqual(['attachment://no-poster.png']);
    expect(card.files!.map((file) => file.name)).toEqual(['no-poster.png']);
    expectAccepted(card);
  });

  it('shows Irma Vep with Assayas, Maggie Cheung and the themes of the seed page', async () => {
    const v2 = view(await renderFilmCard(films.get('irma-vep-1996')!));
    expect(v2.text).toContain('Directed by **Olivier Assayas**');
    expect(v2.block('Cast')).toMatch(/^Maggie Cheung.*Jean-Pierre Léaud.*Nathalie Richard.*Antoine Basler/);
    expect(v2.block('Cast')).toMatch(/and 4 more$/);
    expect(v2.block('Themes')).toContain('Humanity and the world around us');
    expect(v2.block('Themes')).toContain('Moving relationship stories');
  });

  it('shows how many people have logged the film, when the catalog knows', async () => {
    const watched = async (watchers: number) => view(await renderFilmCard({ ...films.get('holy-motors-2012')!, watchers })).text;
    expect(await watched(412_345)).toContain('watched by 412.3K on film sites');
    expect(await watched(2_100_000)).toContain('watched by 2.1M on film sites');
    expect(await watched(87)).toContain('watched by 87 on film sites');
  });

  it('every bundled film renders within Discord’s V2 limits', async () => {
    for (const film of films.values()) {
      const card = await renderFilmCard(film);
      expectAccepted(card);
      expect(filmChoiceName(film).length).toBeLessThanOrEqual(100);
    }
  });

  it('truncates huge catalog entries cleanly, keeps the text under budget and escapes markdown', async () => {
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
    const blocks = Array.from({ length: 30 }, (_, i) => ({ heading: `Extra ${i}`, text: 'e'.repeat(900) }));
    const card = await renderFilmCard(film, { blocks });
    expectAccepted(card);
    const v2 = view(card);
    expect(v2.text).toContain('Director \\*\\*0\\*\\*');
    expect(v2.block('Cast')).toMatch(/and \d+ more$/);
    // The least important blocks went first: the synopsis and the cast survive.
    expect(v2.headings()).toContain('Cast');
    expect(v2.text).toContain('word word');
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
