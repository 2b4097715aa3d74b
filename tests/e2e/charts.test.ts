import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  club = await startTestClub();
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => club?.stop());

const PNG = '89504e470d0a1a0a';

describe('charts through the local Discord', () => {
  it('/profile attaches its charts in a gallery, each with its figures as alt text', async () => {
    await alice.slash('watched', { film: 'holy-motors-2012', rating: '4.5' });
    await alice.slash('watched', { film: 'stalker-1979', rating: '4' });
    const profile = await alice.slash('profile', {});
    expect(profile.componentsV2).toBe(true);
    expect(profile.v2!.title).toBe('alice — film profile');
    expect(profile.v2!.gallery.map((item) => item.url)).toEqual(['attachment://ratings.png', 'attachment://decades.png', 'attachment://genres.png']);
    // Read out by screen readers: "1 film", not "1 films".
    expect(profile.v2!.gallery[1]!.description).toBe('Films per decade: 1970s 1 film, 2010s 1 film.');
    expect(profile.v2!.field('Films per decade')!.value).toBe('1970s (1) · 2010s (1)');
    for (const attachment of profile.attachments) expect(attachment.bytes.subarray(0, 8).toString('hex')).toBe(PNG);
    club.expectClean();
  });

  it('/stats shows the server in charts and the same figures in text', async () => {
    await bob.slash('watched', { film: 'holy-motors-2012' });
    await bob.slash('favorite', { film: 'holy-motors-2012' });
    const stats = await bob.slash('stats', {});
    expect(stats.ephemeral).toBe(false);
    expect(stats.v2!.description).toBe('2 members logged 2 films in 3 dated viewings.');
    expect(stats.v2!.field('Most watched')!.value).toBe('1. Holy Motors (2012) — 2 members\n2. Stalker (1979) — 1 member');
    expect(stats.v2!.field('Most favorited')!.value).toBe('1. Holy Motors (2012) — 1 favorite');
    expect(stats.v2!.field('Busiest members (12 months)')!.value).toBe('1. alice — 2 viewings\n2. bob — 1 viewing');
    expect(stats.v2!.gallery.map((item) => item.url)).toEqual(['attachment://most-watched.png', 'attachment://most-favorited.png', 'attachment://busiest.png', 'attachment://activity.png']);
    expect(stats.v2!.gallery[3]!.description).toMatch(/^Viewings per month: .* 3 viewings\.$/);
    expect(stats.attachments).toHaveLength(4);
    club.expectClean();
  });
});
