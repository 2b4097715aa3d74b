import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { startTestClub, type TestClub } from './harness.js';

// A member's first evening and after, as found in a hands-on QA pass of the member flows: each test is a defect
// a member saw, asserting what they see now.
const NOW = new Date('2026-12-10T19:00:00Z');
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;

beforeAll(async () => {
  club = await startTestClub({ now: () => NOW });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
});
afterAll(async () => club?.stop());

describe('/seen', () => {
  it('says how many viewings, not a bare “×2” that reads as two dislikes', async () => {
    await alice.slash('watched', { film: 'vertigo-1958', date: '2024-01-01' });
    await alice.slash('watched', { film: 'vertigo-1958', date: '2025-12-25', rating: 2 });
    await alice.slash('dislike', { film: 'vertigo-1958' });
    await bob.slash('watched', { film: 'vertigo-1958', date: '2025-03-01' });
    const seen = await bob.slash('seen', { film: 'vertigo-1958' });
    expect(seen.embed!.description!.split('\n')).toEqual(['**alice** · last on 2025-12-25 · 2 viewings · ★★ 👎', '**bob** · last on 2025-03-01']);
    club.expectClean();
  });
});
