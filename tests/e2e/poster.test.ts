import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MISSING_SYNOPSIS } from '../../src/discord/render/film.js';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

const POSTER = 'https://upload.wikimedia.org/wikipedia/en/4/4a/Just_Across_the_Street.jpg';
let club: TestClub;
let alice: MemberHandle;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marquee-poster-'));
  const catalog = join(dir, 'films.json');
  await writeFile(
    catalog,
    JSON.stringify([
      { id: 'just-across-the-street-1952', title: 'Just Across the Street', year: 1952, directors: ['Joseph Pevney'], genres: ['Comedy'], poster: POSTER },
      { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, synopsis: 'A day in the life of Monsieur Oscar.' },
    ]),
  );
  club = await startTestClub({ catalogFiles: [catalog] });
  alice = club.guild.addMember({ username: 'alice' });
});
afterAll(async () => {
  await club?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('posters and missing synopses on film cards', () => {
  it('shows the last films of a diary as a gallery of their catalog posters, leaving out films without one', async () => {
    await alice.slash('watched', { film: 'holy-motors-2012' });
    await alice.slash('watched', { film: 'just-across-the-street-1952' });
    const diary = await alice.slash('diary', {});
    expect(diary.v2!.gallery).toEqual([{ url: POSTER, description: 'Poster of Just Across the Street (1952)' }]);
    await alice.slash('watchlist', { film: 'just-across-the-street-1952' }, { subcommand: 'add' });
    const watchlist = await alice.slash('watchlist', {}, { subcommand: 'show' });
    expect(watchlist.v2!.gallery.map((item) => item.url)).toEqual([POSTER]);
    club.expectClean();
  });

  it('shows a known poster as the thumbnail without the bot fetching it, and says when the synopsis is missing', async () => {
    const fetches = vi.spyOn(globalThis, 'fetch');
    try {
      const card = await alice.slash('film', { title: 'just-across-the-street-1952' });
      // The poster stands beside the title as the card's section thumbnail; nothing is attached.
      expect(card.v2!.thumbnails).toEqual([{ url: POSTER, description: 'Poster of Just Across the Street (1952)' }]);
      expect(card.attachments).toEqual([]);
      expect(card.v2!.description).toBe(MISSING_SYNOPSIS);
      expect(card.v2!.text).toContain('Directed by **Joseph Pevney**');
      // Discord's media proxy loads the picture; the bot never asks for it.
      expect(fetches.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input)).filter((url) => url.includes('wikimedia'))).toEqual([]);
    } finally {
      fetches.mockRestore();
    }
    const plain = await alice.slash('film', { title: 'holy-motors-2012' });
    expect(plain.v2!.thumbnails.map((thumbnail) => thumbnail.url)).toEqual(['attachment://no-poster.png']);
    expect(plain.v2!.description).toBe('A day in the life of Monsieur Oscar.');
    club.expectClean();
  });
});
