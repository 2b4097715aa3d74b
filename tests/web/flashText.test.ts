import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, HttpVisitor, startWebClub, type WebClub } from './helpers.js';

// What a moderator reads after a change on the website: the same sentences as in Discord, but on a web page, where
// Discord's markdown escapes (a backslash before * _ ~ ` |) would show as stray backslashes.
let club: WebClub;

beforeAll(async () => {
  club = await startWebClub();
  club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
});
afterAll(async () => club?.stop());

describe('the message after a change on the website', () => {
  it('shows names holding markdown characters as typed, without backslashes', async () => {
    const moderator = new HttpVisitor(club.web.url);
    await moderator.signIn('mod');
    const lists = await moderator.get(`/servers/${club.guild.id}/lists`);
    const created = await moderator.post(`/servers/${club.guild.id}/lists`, { _csrf: csrfOf(lists.text), name: 'best_of_*2024*', description: '', ranked: '1' });
    expect(created.text).toContain('Created “best_of_*2024*”.');
    const again = await moderator.post(`/servers/${club.guild.id}/lists`, { _csrf: csrfOf(created.text), name: 'BEST_of_*2024*', description: '', ranked: '1' });
    expect(again.text).toContain('There is already a list called “best_of_*2024*” (names are unique, ignoring case).');
    expect(again.text).not.toContain('\\_');

    // The import preview's reasons for the rows it cannot read, likewise.
    const preview = await moderator.post(`/servers/${club.guild.id}/lists/import`, { _csrf: csrfOf(again.text), name: 'Pasted', text: 'title,year\nStalker,1979\nSolaris,19_2\n' });
    expect(preview.text).toContain('line 3: “19_2” is not a release year');
    club.expectClean();
  });
});
