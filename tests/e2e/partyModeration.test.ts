import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MemberHandle } from '../../src/local-discord/index.js';
import { FakeTime, HOUR, MINUTE } from '../parties/helpers.js';
import { partyNumber, startTestClub, type TestClub } from './harness.js';

// A host's and a moderator's path through a party's vote, start, cancel and end, as the members see it.
let time: FakeTime;
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let mod: MemberHandle;

beforeAll(async () => {
  time = new FakeTime(new Date().toISOString());
  club = await startTestClub({ discord: { settleMs: 0 }, now: time.now, reminderTimers: { setTimer: time.setTimer, clearTimer: time.clearTimer } });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
});
afterAll(async () => club?.stop());

const party = (member: MemberHandle, subcommand: string, options: Record<string, string | number | boolean> = {}) => member.slash('party', options, { subcommand });

describe('a party whose vote is still open', () => {
  it('cannot be started (it could then never be ended): the host is told to close the vote first', async () => {
    const id = partyNumber(await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 2 hours' }));
    await party(bob, 'nominate', { film: 'alien-1979', party: id });
    const ballot = await party(alice, 'vote', { party: id });
    await bob.select(ballot, ['alien-1979']);

    const started = await party(alice, 'start', { party: id });
    expect(started.ephemeral).toBe(true);
    expect(started.content).toBe(`The vote for party #${id} is still open; close it first so the film is settled.`);

    // Closing the vote, then starting and ending, works.
    const closed = await party(alice, 'close-vote', { party: id });
    expect(closed.content).toBe(`🏆 The vote for watch party #${id} is closed: **Alien** (1979) wins with 1 of 1 vote.`);
    expect((await party(alice, 'start', { party: id })).content).toMatch(/^🎬 Watch party #\d+ has started/);
    expect((await party(alice, 'end', { party: id })).v2!.title).toMatch(/^🎞 Watch party #\d+ has ended/);
    club.expectClean();
  });

  it('once cancelled, no longer shows its vote as open (/party show, /party list, the announcement)', async () => {
    const announcement = await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 3 hours' });
    const id = partyNumber(announcement);
    await party(bob, 'nominate', { film: 'alien-1979', party: id });
    await party(alice, 'vote', { party: id });
    const confirm = await party(mod, 'cancel', { party: id });
    await (await mod.click(confirm, 'Cancel the party')).waitForFollowUp();

    const shown = await party(bob, 'show', { party: id });
    expect(shown.v2!.description).not.toContain('being chosen by vote');
    expect(shown.v2!.field('Vote')!.value).toMatch(/^Closed · no winner · 0 votes/);
    const past = await party(bob, 'list', { past: true });
    expect(past.embed!.description).toMatch(new RegExp(`\\*\\*#${id}\\*\\* .* · cancelled$`, 'm'));
    expect(past.embed!.description).not.toContain('voting');
    club.expectClean();
  });
});

describe('a typed title several films share (“heat”)', () => {
  it('is asked about only once the rest of the command can succeed: a bad time, a party one may not edit, closed nominations are said at once', async () => {
    const badTime = await party(alice, 'schedule', { film: 'heat', when: 'blah' });
    expect(badTime.ephemeral).toBe(true);
    expect(badTime.content).toMatch(/^I couldn't read “blah” as a time\./);
    expect(badTime.selects()).toEqual([]);

    const id = partyNumber(await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 5 hours' }));
    const notHost = await party(bob, 'edit', { party: id, film: 'heat' });
    expect(notHost.content).toBe(`Only alice (the host) or a moderator can change party #${id}.`);
    expect(notHost.selects()).toEqual([]);
    const editBadTime = await party(alice, 'edit', { party: id, film: 'heat', when: 'blah' });
    expect(editBadTime.content).toMatch(/^I couldn't read “blah” as a time\./);
    expect(editBadTime.selects()).toEqual([]);

    await party(bob, 'nominate', { film: 'alien-1979', party: id });
    await party(alice, 'vote', { party: id });
    const closed = await party(bob, 'nominate', { film: 'heat', party: id });
    expect(closed.content).toBe(`The vote for party #${id} is open; nominations closed when it opened.`);
    expect(closed.selects()).toEqual([]);

    // When all is well, the member is asked which film, and the pick does what was asked.
    const asked = await party(alice, 'schedule', { film: 'heat', when: 'in 6 hours' });
    expect(asked.content).toMatch(/Did you mean…\?/);
    const picked = await alice.select(asked, ['heat-1995']);
    const announced = await picked.waitForFollowUp();
    expect(partyNumber(announced)).toBeGreaterThan(id);
    club.expectClean();
  });
});

describe('a host whose name holds markdown', () => {
  it('is named as typed when another member is refused, not formatted', async () => {
    const host = club.guild.addMember({ username: 'host', nick: '**Big** _Host_' });
    const id = partyNumber(await party(host, 'schedule', { film: 'jaws-1975', when: 'in 7 hours' }));
    const refused = await party(bob, 'cancel', { party: id });
    expect(refused.content).toBe(`Only \\*\\*Big\\*\\* \\_Host\\_ (the host) or a moderator can change party #${id}.`);
    club.expectClean();
  });
});

describe('a ballot posted again (/party vote once it is open)', () => {
  it('stays in step with the first one: votes and the close on either show on the latest ballot', async () => {
    const id = partyNumber(await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 8 hours' }));
    await party(bob, 'nominate', { film: 'alien-1979', party: id });
    const first = await party(alice, 'vote', { party: id });
    const again = await party(bob, 'vote', { party: id });
    expect(again.id).not.toBe(first.id);

    await bob.select(first, ['alien-1979']);
    const latest = () => club.discord.message(again.id)!;
    await vi.waitFor(() => expect(latest().v2!.footer!.text).toBe('1 vote'));
    expect(latest().selects()[0]!.options.map((option) => option.description)).toEqual(['0 votes', '1 vote']);

    const closed = await alice.click(first, 'Close the vote');
    await closed.waitForFollowUp();
    await vi.waitFor(() => expect(latest().selects()).toEqual([]));
    expect(latest().v2!.description).toMatch(/^The vote is closed\. The film is \*\*Alien\*\* \(1979\)\./);
    club.expectClean();
  });
});

describe('scheduling before the server has a time zone', () => {
  it('warns that a clock time was read in UTC, but not for “in 2 hours”, which means the same in every zone', async () => {
    const notes = () => club.discord.messages(club.guild.defaultChannel, { viewer: alice }).filter((message) => message.ephemeral && message.content.startsWith('I read “'));
    await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 10 hours' });
    await party(alice, 'schedule', { film: 'alien-1979', when: 'tomorrow 9pm' });
    await vi.waitFor(() => expect(notes().map((note) => note.content)).toContainEqual(expect.stringMatching(/^I read “tomorrow 9pm” in UTC because this server has no time zone yet/)));
    expect(notes().filter((note) => note.content.includes('in 10 hours'))).toEqual([]);
    club.expectClean();
  });
});

describe('the `when` suggestion while typing a range', () => {
  it('shows the end it will be read with, not only the start', async () => {
    const when = await alice.autocomplete('party', 'when', 'friday 9pm to 1am', { subcommand: 'schedule' });
    expect(when).toEqual([{ name: expect.stringMatching(/^friday 9pm to 1am → Friday \d+ \w+ \d{4}, 21:00 UTC – 01:00 \(next day\)$/), value: 'friday 9pm to 1am' }]);
    const plain = await alice.autocomplete('party', 'when', 'friday 9pm to 11pm', { subcommand: 'schedule' });
    expect(plain[0]!.name).toMatch(/^friday 9pm to 11pm → Friday \d+ \w+ \d{4}, 21:00 UTC – 23:00$/);
    club.expectClean();
  });
});

describe('answering Going once no reminder is left', () => {
  it('does not promise a mention in reminders that will not come (the one at the start went out)', async () => {
    const announcement = await party(alice, 'schedule', { film: 'jaws-1975', when: 'in 1 hour' });
    const id = partyNumber(announcement);
    const early = await bob.click(announcement, `party:rsvp:${id}:going`);
    expect((await early.waitForFollowUp()).content).toBe(`You answered **Going** to watch party #${id}. Marquee will mention you in its reminders.`);
    await time.advance(HOUR + MINUTE, club.bot.reminders);
    await club.discord.waitForMessage(club.guild.defaultChannel, (message) => message.content.startsWith(`🎬 Watch party #${id}:`));
    const late = await mod.click(announcement, `party:rsvp:${id}:going`);
    expect((await late.waitForFollowUp()).content).toBe(`You answered **Going** to watch party #${id}.`);
    const changed = await bob.click(announcement, `party:rsvp:${id}:maybe`);
    expect((await changed.waitForFollowUp()).content).toBe(`You answered **Maybe** to watch party #${id}.`);
    club.expectClean();
  });
});
