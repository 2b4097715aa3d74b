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

describe('/film through the local Discord', () => {
  it('autocompletes as the member types, then shows the picked card, then the full cast', async () => {
    const choices = await alice.autocomplete('film', 'title', 'holy mot');
    expect(choices[0]).toEqual({ name: 'Holy Motors (2012) — Leos Carax', value: 'holy-motors-2012' });
    expect(choices.length).toBeLessThanOrEqual(25);

    const card = await alice.slash('film', { title: choices[0]!.value });
    expect(card.ephemeral).toBe(false);
    expect(card.componentsV2).toBe(true);
    expect(card.embeds).toEqual([]);
    expect(card.content).toBe('');
    const v2 = card.v2!;
    expect(v2.title).toBe('Holy Motors (2012)');
    expect(v2.text).toContain('Directed by **Leos Carax** · 1h 55m');
    expect(v2.block('Cast')).toMatch(/^Denis Lavant/);
    expect(v2.text).toContain('Oscar');
    // The catalog knows no poster for it: the placeholder, attached, stands beside the title.
    expect(v2.thumbnails).toEqual([{ url: 'attachment://no-poster.png', description: 'No poster is known for Holy Motors (2012)' }]);
    expect(card.attachments.map((attachment) => [attachment.filename, attachment.contentType])).toEqual([['no-poster.png', 'image/png']]);
    expect(card.attachments[0]!.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(v2.smallPrint).toEqual(['holy-motors-2012']);
    expect(v2.text).toContain('[Letterboxd](https://letterboxd.com/film/holy-motors/)');
    expect(card.allowedMentions).toEqual({ parse: [] });
    expect(card.buttons().map((button) => button.label)).toEqual(['Full cast', 'Watched', 'Favorite', 'Dislike', 'Watchlist', 'Review']);

    const fullCast = await bob.click(card, 'Full cast');
    expect(fullCast.ephemeral).toBe(true);
    expect(fullCast.embed!.title).toBe('Full cast — Holy Motors (2012)');
    expect(fullCast.embed!.description).toMatch(/^1\. Denis Lavant/);
    expect(fullCast.embed!.description).toContain('7. Michel Piccoli');
    club.expectClean();
  });

  it('suggests a spread of the catalog before anything is typed', async () => {
    const choices = await alice.autocomplete('film', 'title', '');
    expect(choices).toHaveLength(25);
    const decades = new Set(choices.map((choice) => Math.floor(Number(/\((\d{4})\)/.exec(choice.name)![1]) / 10)));
    expect(decades.size).toBeGreaterThanOrEqual(8);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('shows the best match for free text and offers the remakes in a menu', async () => {
    const card = await alice.slash('film', { title: 'heat' });
    expect(card.v2!.title).toMatch(/^Heat \(\d{4}\)$/);
    const menu = card.selects()[0]!;
    expect(menu.options.map((option) => option.value).sort()).toEqual(['heat-1972', 'heat-1986', 'heat-1995']);

    const shownId = (message: typeof card) => message.v2!.smallPrint[0]!.split(' ')[0];
    const other = menu.options.find((option) => option.value !== shownId(card))!.value;
    const switched = await alice.select(card, [other]);
    expect(switched.id).toBe(card.id);
    expect(shownId(switched)).toBe(other);
    // The menu under the card survives the switch; the card is redrawn around it.
    expect(switched.selects()).toHaveLength(1);
    expect(switched.componentsV2).toBe(true);

    const copy = await bob.select(switched, ['heat-1995']);
    expect(copy.ephemeral).toBe(true);
    expect(copy.v2!.title).toBe('Heat (1995)');
    expect(shownId(club.discord.message(card.id)!)).toBe(other);
    club.expectClean();
  });

  it('puts that year’s film first for "title year"', async () => {
    const card = await alice.slash('film', { title: 'heat 1995' });
    expect(card.v2!.title).toBe('Heat (1995)');
  });

  it('answers an unknown title privately with the closest suggestions', async () => {
    const reply = await alice.slash('film', { title: 'zzqx wobblefrotz' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^No film matches “zzqx wobblefrotz”\./);
    club.expectClean();
  });

  it('never lets typed text ping anyone', async () => {
    const reply = await alice.slash('film', { title: '@everyone <@&123456789012345678>' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.allowedMentions).toEqual({ parse: [] });
    expect(reply.mentions).toEqual({ users: [], roles: [], everyone: false });
    club.expectClean();
  });
});

describe('/search through the local Discord', () => {
  it('lists a director’s films, pages through results, and opens a card from the menu', async () => {
    const results = await alice.slash('search', { director: 'carax' });
    expect(results.embed!.description).toContain('Holy Motors (2012)');
    const opened = await alice.select(results, ['holy-motors-2012']);
    expect(opened.v2!.title).toBe('Holy Motors (2012)');

    const drama = await alice.slash('search', { genre: 'Drama' });
    expect(drama.embed!.footer!.text).toMatch(/^Page 1 of \d+/);
    const next = await bob.click(drama, 'Next');
    expect(next.id).toBe(drama.id);
    expect(next.embed!.footer!.text).toMatch(/^Page 2 of/);
    expect(next.embed!.description).toMatch(/^\*\*11\.\*\*/);
    club.expectClean();
  });

  it('says why each result matched, and matches names by whole words (first-evening)', async () => {
    const heat = await alice.slash('search', { query: 'heat', year_from: 1990 });
    const lines = heat.embed!.description!.split('\n');
    expect(lines).toEqual(['**1.** Heat (1995) — Michael Mann · title']);
    expect(heat.embed!.description).not.toContain('Blair Witch');
    expect(heat.embed!.footer!.text).toBe('Page 1 of 1 · 1 film');

    const heather = await alice.slash('search', { query: 'heather' });
    expect(heather.embed!.description).toContain('The Blair Witch Project (1999) — Daniel Myrick, Eduardo Sánchez · cast “Heather Donahue”');
    const redemption = await alice.slash('search', { query: 'redemption' });
    expect(redemption.embed!.description).toContain('The Raid (2011) — Gareth Evans · other title “The Raid: Redemption”');
    const mann = await alice.slash('search', { query: 'michael mann' });
    expect(mann.embed!.description).toContain('Heat (1995) — Michael Mann · director “Michael Mann”');
  });

  it('autocompletes directors and refuses an empty search', async () => {
    const names = await alice.autocomplete('search', 'director', 'kubr');
    expect(names[0]!.value).toBe('Stanley Kubrick');
    const empty = await alice.slash('search', {});
    expect(empty.ephemeral).toBe(true);
    expect(empty.content).toMatch(/query or at least one filter/);
    const backwards = await alice.slash('search', { year_from: 2000, year_to: 1990 });
    expect(backwards.content).toMatch(/year_from/);
  });
});
