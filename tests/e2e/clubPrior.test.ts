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

describe('search learns from the club (issue #21 item 6)', () => {
  it('suggests for "star" the film this server picks and logs, not only the best known one', async () => {
    const before = await alice.autocomplete('watched', 'film', 'star');
    expect(before[0]!.value).toBe('star-wars-1977');
    const remake = before.findIndex((choice) => choice.value === 'a-star-is-born-1954');
    expect(remake).toBeGreaterThan(0);

    // Bob picks the 1954 A Star Is Born from autocomplete (its id is what the option carries) and logs it.
    const logged = await bob.slash('watched', { film: 'a-star-is-born-1954' });
    expect(logged.content ?? logged.embed?.title ?? '').toMatch(/A Star Is Born/);

    const after = await alice.autocomplete('watched', 'film', 'star');
    expect(after[0]!.value).toBe('a-star-is-born-1954');
    // The boost only reorders what the text cannot tell apart: every suggestion still begins with "star".
    expect(after.map((choice) => choice.value).sort()).toEqual(before.map((choice) => choice.value).sort());
    club.expectClean();
  });

  it('ranks every film option with the same club prior: /film, /list, /party, /activity, /catalog, /seen', async () => {
    // After the test above, this club means the 1954 A Star Is Born by "star" (Bob logged it).
    const asked: [string, string, { subcommand?: string }][] = [
      ['film', 'title', {}],
      ['list', 'film', { subcommand: 'add' }],
      ['list', 'film', { subcommand: 'remove' }],
      ['party', 'film', { subcommand: 'schedule' }],
      ['activity', 'film', {}],
      ['catalog', 'film', { subcommand: 'edit' }],
      ['seen', 'film', {}],
    ];
    for (const [command, option, call] of asked) {
      const choices = await alice.autocomplete(command, option, 'star', call);
      expect(choices[0]?.value, `/${command} ${call.subcommand ?? ''} ${option}`).toBe('a-star-is-born-1954');
    }
    club.expectClean();
  });
});
