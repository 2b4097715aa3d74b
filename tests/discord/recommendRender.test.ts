import { describe, expect, it } from 'vitest';
import type { Film } from '../../src/catalog/schema.js';
import { randomHeader } from '../../src/discord/render/recommend.js';

const film = { id: 'heat-1995', title: 'Heat', year: 1995 } as Film;

describe('/random’s and /recommend’s counts', () => {
  it('group the thousands of a large catalog, as the import preview does: “42,022 films”, not “42022 films”', () => {
    expect(randomHeader({ film, from: 'catalog', poolSize: 42_022, filters: {}, seen: false })).toBe('🎲 Drawn from the catalog (42,022 films to draw from)');
    expect(randomHeader({ film, from: 'watchlist', poolSize: 1, filters: {}, seen: true })).toBe('🎲 Drawn from your watchlist (1 film to draw from) · you have seen it');
  });
});
