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
  it('shows a known poster as the thumbnail without the bot fetching it, and says when the synopsis is missing', async () => {
    const fetches = vi.spyOn(globalThis, 'fetch');
    try {
      const card = await alice.slash('film', { title: 'just-across-the-street-1952' });
      expect(card.embed!.raw.thumbnail).toEqual({ url: POSTER });
      expect(card.embed!.description).toBe(MISSING_SYNOPSIS);
      expect(card.embed!.field('Director')!.value).toBe('Joseph Pevney');
      // Discord's media proxy loads the picture; the bot never asks for it.
      expect(fetches.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input)).filter((url) => url.includes('wikimedia'))).toEqual([]);
    } finally {
      fetches.mockRestore();
    }
    const plain = await alice.slash('film', { title: 'holy-motors-2012' });
    expect(plain.embed!.raw.thumbnail).toBeUndefined();
    expect(plain.embed!.description).toBe('A day in the life of Monsieur Oscar.');
    club.expectClean();
  });
});
