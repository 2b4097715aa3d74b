import { describe, expect, it } from 'vitest';
import { Film } from '../../src/catalog/schema.js';
import { ContentModel, contentModelFor } from '../../src/recommend/features.js';
import { similarTo } from '../../src/recommend/similar.js';
import { UserError } from '../../src/errors.js';
import { catalog, ClubBuilder, films, userId } from './helpers.js';

describe('content model', () => {
  const model = new ContentModel(films());
  const slot = (id: string) => model.slotOf(id)!;

  it('is a cosine: symmetric, between 0 and 1, never more alike than a film is to itself', () => {
    for (let a = 0; a < model.size; a++) {
      // Below 1 when a film has facts no other film shares (they are kept out of the stored vector).
      const self = model.similarity(a, a);
      expect(self).toBeGreaterThan(0);
      expect(self).toBeLessThanOrEqual(1 + 1e-6);
      for (let b = 0; b < model.size; b++) {
        const s = model.similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeCloseTo(model.similarity(b, a), 6);
        expect(s).toBeLessThanOrEqual(Math.sqrt(self * model.similarity(b, b)) + 1e-6);
      }
    }
  });

  it("puts a director's other films first among a film's neighbours", () => {
    const similar = model.similar(slot('stalker-1979'), 3).map((hit) => model.films[hit.slot]!.id);
    expect(new Set(similar)).toEqual(new Set(['solaris-1972', 'mirror-1975', 'andrei-rublev-1966']));
  });

  it('weighs a rare genre above a common one', () => {
    // Both share exactly one genre with The Thing: Horror (5 films) vs Drama (most films).
    const horror = model.similarity(slot('the-thing-1982'), slot('the-shining-1980'));
    const drama = model.similarity(slot('the-thing-1982'), slot('stalker-1979'));
    expect(horror).toBeGreaterThan(drama);
  });

  it('names the facts two films share, and an era only when both belong to it', () => {
    const shared = model.sharedFeatures(slot('halloween-1978'), slot('the-fog-1980'), 5);
    expect(shared).toContainEqual({ group: 'director', label: 'John Carpenter' });
    expect(shared).toContainEqual({ group: 'cast', label: 'Jamie Lee Curtis' });
    // 1978 and 1980 are near decades: similar, but "1970s" would be false for The Fog.
    expect(shared.some((feature) => feature.group === 'decade')).toBe(false);
    const sameDecade = model.sharedFeatures(slot('solaris-1972'), slot('mirror-1975'), 10);
    expect(sameDecade).toContainEqual({ group: 'decade', label: '1970s' });
  });

  it('similar() leaves out the film itself and honours filters', () => {
    const result = similarTo(model, 'holy-motors-2012', { limit: 25, genre: 'romance' });
    expect(result.items.map((item) => item.film.id)).not.toContain('holy-motors-2012');
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) expect(item.film.genres).toContain('Romance');
    expect(result.items[0]!.because).toMatch(/Leos Carax|Denis Lavant/);
  });

  it("similar() marks or drops what the asker has seen", () => {
    const data = new ClubBuilder().favorite(userId(1), 'solaris-1972').build();
    const marked = similarTo(model, 'stalker-1979', { limit: 3 }, { data, userId: userId(1) });
    expect(marked.items.find((item) => item.film.id === 'solaris-1972')?.seen).toBe(true);
    const unseen = similarTo(model, 'stalker-1979', { limit: 25, unseen: true }, { data, userId: userId(1) });
    expect(unseen.items.map((item) => item.film.id)).not.toContain('solaris-1972');
  });

  it('similar() of an unknown film is the user’s error', () => {
    expect(() => similarTo(model, 'no-such-film-1999')).toThrow(UserError);
  });
});

describe('content model cache', () => {
  it('builds once per catalog and rebuilds when the catalog changes', () => {
    const films = catalog();
    const first = contentModelFor(films);
    expect(contentModelFor(films)).toBe(first);

    films.upsert([Film.parse({ id: 'solaris-2002', title: 'Solaris', year: 2002, directors: ['Steven Soderbergh'], genres: ['Science Fiction'] })]);
    const grown = contentModelFor(films);
    expect(grown).not.toBe(first);
    expect(grown.slotOf('solaris-2002')).toBeDefined();

    // Same size, one film replaced: still rebuilt.
    const replaced = Film.parse({ ...films.get('mirror-1975')!, genres: ['Drama', 'History'] });
    films.upsert([replaced]);
    const updated = contentModelFor(films);
    expect(updated).not.toBe(grown);
    expect(updated.films[updated.slotOf('mirror-1975')!]!.genres).toContain('History');
  });
});
