import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { V2View, type ChannelHandle, type MemberHandle, type Message } from '../../src/local-discord/index.js';
import { dayIn, TIE_BREAK_RULE } from '../../src/parties/index.js';
import { FakeTime, HOUR, MINUTE } from '../parties/helpers.js';
import { partyNumber, startTestClub, type TestClub } from './harness.js';

// Time is under the test's control: the app's clock and the reminder timers both come from FakeTime, which starts
// at the real present (the local Discord refuses Scheduled Events in its own past) and only moves forward.
let time: FakeTime;
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let carol: MemberHandle;
let dave: MemberHandle;
let mod: MemberHandle;
let cinema: ChannelHandle;
let screenings: ChannelHandle;

beforeAll(async () => {
  time = new FakeTime(new Date().toISOString());
  club = await startTestClub({ discord: { settleMs: 0 }, now: time.now, reminderTimers: { setTimer: time.setTimer, clearTimer: time.clearTimer } });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob', nick: 'Bob @everyone' });
  carol = club.guild.addMember({ username: 'carol' });
  dave = club.guild.addMember({ username: 'dave' });
  mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  cinema = club.guild.createChannel({ name: 'Cinema', type: 'voice' });
  screenings = club.guild.createChannel({ name: 'screenings' });
  await mod.slash('config', { zone: 'Europe/Paris' }, { subcommand: 'timezone' });
});
afterAll(async () => club?.stop());

const party = (member: MemberHandle, subcommand: string, options: Record<string, string | number | boolean | { id: string }> = {}) =>
  member.slash('party', options, { subcommand });

/** The announcement's containers, read one by one: the party's, then the film card's. */
function containers(message: Message): V2View[] {
  return message.components.filter((component) => component.type === 17).map((component) => new V2View([component]));
}

function unixIn(ms: number): number {
  return Math.floor((time.now().getTime() + ms) / 1000);
}

function eventOf(name: string) {
  return club.discord.scheduledEvents(club.guild).filter((event) => event.name === name);
}

/** The latest private message the bot sent `member` in a channel. */
function lastPrivate(member: MemberHandle, channel: ChannelHandle = club.guild.defaultChannel): Message | undefined {
  return club.discord.messages(channel, { viewer: member }).filter((message) => message.ephemeral).at(-1);
}

/**
 * The private answer to a button press or menu pick. Those are acknowledged by updating the message first; the
 * private confirmation follows as a follow-up, which may come after the press resolves: wait for it.
 */
async function privateAnswer(result: Message): Promise<Message> {
  const answer = await result.waitForFollowUp();
  expect(answer.ephemeral).toBe(true);
  return answer;
}

/** Waits until the bot's voice-state cache has caught up with the local Discord. */
async function botSeesVoice(member: MemberHandle, channelId: string | null): Promise<void> {
  await vi.waitFor(() => {
    const state = club.bot.client.guilds.cache.get(club.guild.id)?.voiceStates.cache.get(member.id);
    expect(state?.channelId ?? null).toBe(channelId);
  });
}

describe('scheduling a watch party', () => {
  it('reads the time in the server zone, creates a voice Scheduled Event, and announces it with the film card and RSVP buttons', async () => {
    const announcement = await party(alice, 'schedule', { film: 'holy-motors-2012', when: 'in 3 hours', channel: cinema, description: 'Bring snacks, @everyone.' });
    expect(announcement.ephemeral).toBe(false);
    const unix = unixIn(3 * HOUR);
    const [head, card] = containers(announcement);
    expect(head!.title).toMatch(/^🎬 Watch party #\d+ · Holy Motors \(2012\)$/);
    expect(head!.description).toContain(`**When:** <t:${unix}:F> (<t:${unix}:R>)`);
    expect(head!.description).toContain(`<#${cinema.id}>`);
    expect(head!.description).toContain('**Host:** alice');
    expect(head!.description).toContain('Bring snacks, @everyone.');
    expect(head!.footer!.text).toMatch(/^Server time: \w+day \d+ \w+ \d{4}, \d\d:\d\d (CET|CEST|GMT\+1|GMT\+2)$/);
    expect(card!.title).toBe('Holy Motors (2012)');
    expect(card!.thumbnails[0]!.url).toBe('attachment://no-poster.png');
    expect(head!.field('Going (1)')!.value).toBe('alice');
    expect(announcement.buttons().map((button) => button.label)).toEqual(['Going (1)', 'Maybe (0)', 'Not going (0)']);
    expect(announcement.mentions).toEqual({ users: [], roles: [], everyone: false });

    const [event, ...others] = eventOf('Watch party: Holy Motors (2012)');
    expect(others).toEqual([]);
    expect(event).toMatchObject({ entity_type: 2, channel_id: cinema.id, status: 1, entity_metadata: null });
    expect(Math.floor(Date.parse(event!.scheduled_start_time) / 1000)).toBe(unix);
    expect(event!.description).toContain('Bring snacks');
    club.expectClean();
  });

  it('without a voice channel creates an external event with a location and an end, and can announce in another channel', async () => {
    const reply = await party(bob, 'schedule', { film: 'irma-vep-1996', when: 'tomorrow 20:30', channel: screenings, location: 'The Roxy, 5 rue X' });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^Watch party #\d+ \(\*\*Irma Vep\*\* \(1996\)\) is scheduled for <t:\d+:F> \(<t:\d+:R>\), announced in <#\d+>\.$/);
    const announcement = club.discord.messages(screenings).at(-1)!;
    expect(containers(announcement)[0]!.title).toMatch(/Irma Vep \(1996\)$/);
    expect(containers(announcement)[0]!.description).toContain('📍 The Roxy, 5 rue X');

    const [event] = eventOf('Watch party: Irma Vep (1996)');
    expect(event).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: 'The Roxy, 5 rue X' } });
    const tomorrow = dayIn(new Date(time.now().getTime() + 24 * HOUR), 'Europe/Paris');
    expect(dayIn(new Date(event!.scheduled_start_time), 'Europe/Paris')).toBe(tomorrow);
    expect(new Date(event!.scheduled_start_time).toLocaleTimeString('en-GB', { timeZone: 'Europe/Paris' })).toBe('20:30:00');
    expect(Date.parse(event!.scheduled_end_time!)).toBeGreaterThan(Date.parse(event!.scheduled_start_time));
    club.expectClean();
  });

  it('autocompletes films, upcoming parties and shows how a time will be read while typing', async () => {
    const films = await alice.autocomplete('party', 'film', 'holy mot', { subcommand: 'schedule' });
    expect(films[0]).toEqual({ name: 'Holy Motors (2012) — Leos Carax', value: 'holy-motors-2012' });
    const when = await alice.autocomplete('party', 'when', 'friday 9pm', { subcommand: 'schedule' });
    expect(when).toEqual([{ name: expect.stringMatching(/^friday 9pm → Friday \d+ \w+ \d{4}, 21:00 CES?T$/), value: 'friday 9pm' }]);
    const nonsense = await alice.autocomplete('party', 'when', 'blorp', { subcommand: 'schedule' });
    expect(nonsense[0]!.name).toMatch(/^⚠ I couldn't read “blorp” as a time/);
    const parties = await alice.autocomplete('party', 'party', '', { subcommand: 'show' });
    expect(parties.map((choice) => choice.name)).toEqual([expect.stringMatching(/^#\d+ · Holy Motors \(2012\) · /), expect.stringMatching(/^#\d+ · Irma Vep \(1996\) · /)]);
    const filtered = await alice.autocomplete('party', 'party', 'irma', { subcommand: 'show' });
    expect(filtered).toHaveLength(1);
    club.expectClean();
  });

  it('refuses a past time, nonsense, and an unknown film, privately and without creating anything', async () => {
    const before = club.discord.scheduledEvents(club.guild).length;
    const past = await party(alice, 'schedule', { film: 'heat-1995', when: 'yesterday 9pm' });
    expect(past.ephemeral).toBe(true);
    expect(past.content).toMatch(/has already passed; give a time in the future/);
    const nonsense = await party(alice, 'schedule', { film: 'heat-1995', when: 'when pigs fly' });
    expect(nonsense.ephemeral).toBe(true);
    expect(nonsense.content).toMatch(/couldn't read “when pigs fly” as a time/);
    const unknown = await party(alice, 'schedule', { film: 'zzqx-nonexistent-9999', when: 'friday 9pm' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toMatch(/^No film matches/);
    expect(club.discord.scheduledEvents(club.guild)).toHaveLength(before);
    const list = await party(alice, 'list');
    expect(list.embed!.footer!.text).toMatch(/^2 parties/);
    club.expectClean();
  });
});

describe('RSVP', () => {
  it('each button press updates the live counts; a member answers once, and can change their answer', async () => {
    const announcement = await party(alice, 'schedule', { film: 'vertigo-1958', when: 'in 5 hours' });
    const id = partyNumber(announcement);
    const going = `party:rsvp:${id}:going`;
    const afterBob = await bob.click(announcement, going);
    expect(afterBob.id).toBe(announcement.id);
    expect(afterBob.buttons().map((button) => button.label)).toEqual(['Going (2)', 'Maybe (0)', 'Not going (0)']);
    expect(containers(afterBob)[0]!.field('Going (2)')!.value).toBe('alice, Bob @everyone');
    expect(afterBob.mentions.everyone).toBe(false);
    expect((await privateAnswer(afterBob)).content).toMatch(/^You answered \*\*Going\*\* to watch party #\d+\. Marquee will mention you in its reminders\.$/);

    await carol.click(announcement, `party:rsvp:${id}:maybe`);
    await dave.click(announcement, `party:rsvp:${id}:not-going`);
    const again = await bob.click(announcement, going);
    expect((await privateAnswer(again)).content).toMatch(/^You had already answered \*\*Going\*\*/);
    const changed = await carol.click(announcement, going);
    expect(changed.buttons().map((button) => button.label)).toEqual(['Going (3)', 'Maybe (0)', 'Not going (1)']);
    expect(containers(changed)[0]!.field('Not going (1)')!.value).toBe('dave');
    club.expectClean();
  });
});

describe('nominations and the vote', () => {
  it('nominations merge, votes are one per member and changeable with live counts, and the winner becomes the film', async () => {
    const announcement = await party(alice, 'schedule', { film: 'heat-1995', when: 'in 6 hours', channel: cinema });
    const id = partyNumber(announcement);
    const first = await party(bob, 'nominate', { film: 'irma-vep-1996', party: id });
    expect(first.content).toMatch(/^Bob @everyone nominated \*\*Irma Vep\*\* \(1996\) for watch party #\d+\.\n2 films nominated\./);
    const merged = await party(carol, 'nominate', { film: 'irma-vep-1996', party: id });
    expect(merged.content).toMatch(/was already nominated .*; carol seconds it \(nominated by Bob @everyone, carol\)\.\n2 films nominated\./);
    await party(dave, 'nominate', { film: 'vertigo-1958', party: id });

    const refused = await party(bob, 'vote', { party: id });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/^Only alice \(the host\) or a moderator can change party #\d+\./);

    const ballot = await party(alice, 'vote', { party: id });
    expect(ballot.v2!.title).toBe(`🗳 Vote: the film for watch party #${id}`);
    expect(ballot.v2!.field('Ties')!.value).toBe(TIE_BREAK_RULE);
    // The votes as a chart: attached, shown in the gallery, its figures in the alt text.
    expect(ballot.v2!.gallery).toEqual([{ url: `attachment://ballot-${id}.png`, description: `Votes for watch party #${id}: Heat (1995) 0 votes, Irma Vep (1996) 0 votes, Vertigo (1958) 0 votes.` }]);
    expect(ballot.attachments.map((attachment) => attachment.contentType)).toEqual(['image/png']);
    expect(ballot.selects()[0]!.options.map((option) => option.label)).toEqual(['Heat (1995)', 'Irma Vep (1996)', 'Vertigo (1958)']);

    await bob.select(ballot, ['irma-vep-1996']);
    await carol.select(ballot, ['vertigo-1958']);
    const moved = await carol.select(ballot, ['irma-vep-1996']);
    expect((await privateAnswer(moved)).content).toBe('Your vote moved from **Vertigo** (1958) to **Irma Vep** (1996).');
    expect(moved.selects()[0]!.options.map((option) => option.description)).toEqual(['0 votes', '2 votes', '0 votes']);
    await dave.select(ballot, ['vertigo-1958']);
    const counted = await alice.select(ballot, ['heat-1995']);
    expect(counted.v2!.description).toMatch(/\*\*2\.\*\* \*\*Irma Vep\*\* \(1996\) — 2 votes/);
    expect(counted.v2!.footer!.text).toBe('4 votes');

    const notHost = await bob.click(ballot, `party:close:${id}`);
    expect((await privateAnswer(notHost)).content).toMatch(/^Only alice \(the host\) or a moderator/);
    expect(notHost.selects()).toHaveLength(1);

    const closed = await party(alice, 'close-vote', { party: id });
    expect(closed.content).toBe(`🏆 The vote for watch party #${id} is closed: **Irma Vep** (1996) wins with 2 of 4 votes.`);
    const finalBallot = club.discord.message(ballot.id)!;
    expect(finalBallot.buttons()).toEqual([]);
    expect(finalBallot.selects()).toEqual([]);
    expect(finalBallot.v2!.description).toMatch(/^The vote is closed\. The film is \*\*Irma Vep\*\* \(1996\)\./);
    const refreshed = club.discord.message(announcement.id)!;
    expect(containers(refreshed)[0]!.title).toBe(`🎬 Watch party #${id} · Irma Vep (1996)`);
    expect(containers(refreshed)[1]!.title).toBe('Irma Vep (1996)');
    expect(club.discord.scheduledEvents(club.guild).some((event) => event.name === 'Watch party: Heat (1995)')).toBe(false);
    club.expectClean();
  });

  it('a tie goes to the film nominated first, and the result says so', async () => {
    const announcement = await party(mod, 'schedule', { film: 'parasite-2019', when: 'in 7 hours' });
    const id = partyNumber(announcement);
    await party(bob, 'nominate', { film: 'vertigo-1958', party: id });
    const ballot = await party(mod, 'vote', { party: id });
    await bob.select(ballot, ['vertigo-1958']);
    await mod.select(ballot, ['parasite-2019']);
    const closed = await mod.click(ballot, 'Close the vote');
    expect(closed.buttons()).toEqual([]);
    expect(closed.selects()).toEqual([]);
    // The ballot is updated first; the result follows in the channel as the press's follow-up.
    const result = await closed.waitForFollowUp();
    expect(result.ephemeral).toBe(false);
    expect(result.content).toBe(
      `🏆 The vote for watch party #${id} is closed: **Parasite** (2019) wins with 1 of 2 votes.\nIt tied with **Vertigo** (1958): a tie goes to the film nominated first.`,
    );
    club.expectClean();
  });
});

describe('reminders', () => {
  it('go out before and at the start in the party channel, mentioning exactly the Going members', async () => {
    const announcement = await party(alice, 'schedule', { film: 'amelie-2001', when: 'in 2 hours', channel: cinema });
    const id = partyNumber(announcement);
    await bob.click(announcement, `party:rsvp:${id}:going`);
    await carol.click(announcement, `party:rsvp:${id}:maybe`);
    await dave.click(announcement, `party:rsvp:${id}:not-going`);
    const channel = club.guild.defaultChannel;
    const isLead = (message: Message) => message.content.startsWith(`⏰ Watch party #${id}:`);
    expect(club.discord.messages(channel).some(isLead)).toBe(false);

    await time.advance(60 * MINUTE + 1, club.bot.reminders);
    const lead = await club.discord.waitForMessage(channel, isLead);
    expect(lead.content).toContain('**Amélie** (2001) starts <t:');
    expect(lead.content).toContain(`in <#${cinema.id}>`);
    expect(lead.content.endsWith(`${alice.mention} ${bob.mention}`)).toBe(true);
    expect([...lead.mentions.users].sort()).toEqual([alice.id, bob.id].sort());
    expect(lead.mentions).toMatchObject({ roles: [], everyone: false });
    expect([...(lead.allowedMentions?.users ?? [])].sort()).toEqual([alice.id, bob.id].sort());

    await time.advance(HOUR, club.bot.reminders);
    const start = await club.discord.waitForMessage(channel, (message) => message.content.startsWith(`🎬 Watch party #${id}:`));
    expect(start.content).toContain('is starting now');
    expect([...start.mentions.users].sort()).toEqual([alice.id, bob.id].sort());
    expect(club.discord.messages(channel).filter(isLead)).toHaveLength(1);

    const shown = await party(alice, 'show', { party: id });
    expect(shown.v2!.field('Reminders')!.value).toMatch(/^Before the start · <t:\d+:t> · sent\nAt the start · <t:\d+:t> · sent$/);
    club.expectClean();
  });
});

describe('reminders missed while Marquee was offline', () => {
  it('the one before the start goes out late while the party has not started; the one at the start is not sent, and the channel is told', async () => {
    const announcement = await party(alice, 'schedule', { film: 'metropolis-1927', when: 'in 2 hours' });
    const id = partyNumber(announcement);
    const channel = club.guild.defaultChannel;
    // No timer fires while the clock jumps past a due time, as if the bot had been down; then it fires at once.
    const scheduledAt = time.now().getTime();
    time.set(new Date(scheduledAt + 90 * MINUTE).toISOString());
    await time.advance(0, club.bot.reminders);
    const lead = await club.discord.waitForMessage(channel, (message) => message.content.startsWith(`⏰ Watch party #${id}:`));
    expect(lead.content).toContain('_This reminder is late: Marquee was offline when it was due._');
    expect(lead.mentions.users).toEqual([alice.id]);
    time.set(new Date(scheduledAt + 2 * HOUR + 10 * MINUTE).toISOString());
    await time.advance(0, club.bot.reminders);
    const notice = await club.discord.waitForMessage(channel, (message) => message.content.startsWith('⚠️') && message.content.includes(`#${id}`));
    expect(notice.content).toBe(`⚠️ The reminder at the start of watch party #${id} (**Metropolis** (1927)) was not sent: Marquee was offline at the start time.`);
    expect(notice.mentions.users).toEqual([]);
    expect(club.discord.messages(channel).some((message) => message.content.startsWith(`🎬 Watch party #${id}:`))).toBe(false);
    const shown = await party(alice, 'show', { party: id });
    expect(shown.v2!.field('Reminders')!.value).toMatch(/^Before the start · <t:\d+:t> · sent \(late\)\nAt the start · <t:\d+:t> · missed$/);
    await alice.click(await party(alice, 'cancel', { party: id }), 'Cancel the party');
    club.expectClean();
  });
});

describe('a party with an end time', () => {
  it('refuses an end before the start, and shows the end in the announcement and /party show', async () => {
    const refused = await party(alice, 'schedule', { film: 'ida-2013', when: 'tuesday 9pm to 8pm' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/^In “tuesday 9pm to 8pm” the party would end \(20:00\) before it starts \(21:00\)\. Give an end after the start/);
    expect(eventOf('Watch party: Ida (2013)')).toEqual([]);

    const announcement = await party(alice, 'schedule', { film: 'ida-2013', when: 'tomorrow 9pm to 11:30pm' });
    const id = partyNumber(announcement);
    const when = /\*\*When:\*\* <t:(\d+):F> – <t:(\d+):t> \(<t:\1:R>\)/.exec(containers(announcement)[0]!.description!);
    expect(when).not.toBeNull();
    expect(Number(when![2]) - Number(when![1])).toBe(2.5 * 3600);
    expect(containers(announcement)[0]!.footer!.text).toMatch(/^Server time: \w+ \d+ \w+ \d{4}, 21:00 CES?T – 23:30$/);
    const shown = await party(bob, 'show', { party: id });
    expect(shown.v2!.description).toContain(when![0]);

    const badEdit = await party(alice, 'edit', { party: id, when: 'tomorrow 9pm to 8:30pm' });
    expect(badEdit.ephemeral).toBe(true);
    expect(badEdit.content).toMatch(/would end \(20:30\) before it starts \(21:00\)/);
    expect((await party(bob, 'show', { party: id })).v2!.description).toContain(when![0]);
    await alice.click(await party(alice, 'cancel', { party: id }), 'Cancel the party');
    club.expectClean();
  });
});

describe('start and end', () => {
  it('ending logs the film in the diary of every attendee (Going + in the voice channel) and lets them rate it', async () => {
    const announcement = await party(alice, 'schedule', { film: 'stalker-1979', when: 'in 1 hour', channel: cinema });
    const id = partyNumber(announcement);
    await bob.click(announcement, `party:rsvp:${id}:going`);
    await carol.click(announcement, `party:rsvp:${id}:maybe`);

    const started = await party(alice, 'start', { party: id });
    expect(started.content).toBe(`🎬 Watch party #${id} has started: **Stalker** (1979)! Join 🔊 <#${cinema.id}>.`);
    const [event] = eventOf('Watch party: Stalker (1979)');
    expect(event!.status).toBe(2);

    club.guild.joinVoice(dave, cinema);
    club.guild.joinVoice(bob, cinema);
    await botSeesVoice(dave, cinema.id);
    await botSeesVoice(bob, cinema.id);

    const ended = await party(alice, 'end', { party: id });
    const day = dayIn(time.now(), 'Europe/Paris');
    expect(ended.v2!.title).toBe(`🎞 Watch party #${id} has ended · Stalker (1979)`);
    expect(ended.v2!.description).toContain(`Logged in the diary of 3 attendees dated ${day}.`);
    const attendees = ended.v2!.field('Attendees (3)')!.value.split('\n');
    expect(attendees).toEqual(['alice — answered Going', 'Bob @everyone — answered Going, in the voice channel', 'dave — in the voice channel']);
    expect(ended.buttons().map((button) => button.label)).toEqual(['Rate it']);
    expect(eventOf('Watch party: Stalker (1979)')[0]!.status).toBe(3);
    expect(club.discord.message(announcement.id)!.buttons()).toEqual([]);

    for (const member of [alice, bob, dave]) {
      const diary = await member.slash('diary', {});
      expect(diary.v2!.description).toContain(`\`${day}\` **Stalker** (1979)`);
    }
    expect((await carol.slash('diary', {})).v2!.description ?? '').not.toContain('Stalker');

    const modal = await dave.clickModal(ended, 'Rate it');
    expect(modal.fields.map((field) => field.customId)).toEqual(['stars', 'text', 'spoiler']);
    const rated = await dave.submitModal(modal, { stars: '4.5', text: 'The Zone, in our voice channel.', spoiler: 'no' });
    expect(rated.id).toBe(ended.id);
    expect(rated.v2!.field('Attendees (3)')!.value).toContain('dave ★★★★½ ✍ — in the voice channel');
    // The confirmation follows the form's update: wait for it rather than race it.
    await vi.waitFor(() => expect(lastPrivate(dave)!.content).toMatch(/^Saved your review of \*\*Stalker \(1979\)\*\* from watch party #\d+ — ★★★★½\.$/), { timeout: 10_000 });
    const daveDiary = await dave.slash('diary', {});
    expect(daveDiary.v2!.description).toMatch(new RegExp(`\`${day}\` \\*\\*Stalker\\*\\* \\(1979\\) ★★★★½ ✍`));
    expect(daveDiary.v2!.footer!.text).toMatch(/^1 entry/);

    // A review without stars keeps the rating the member gave, and the confirmation says so.
    await bob.slash('rate', { film: 'stalker-1979', stars: 3 });
    await bob.submitModal(await bob.clickModal(ended, 'Rate it'), { stars: '', text: 'Long, and worth it.', spoiler: 'no' });
    await vi.waitFor(() => expect(lastPrivate(bob)!.content).toMatch(/^Saved your review of \*\*Stalker \(1979\)\*\* from watch party #\d+ — ★★★, the rating you had given\.$/), { timeout: 10_000 });

    const notThere = await carol.click(ended, 'Rate it');
    expect(notThere.ephemeral).toBe(true);
    expect(notThere.content).toMatch(/^\*\*Rate it\*\* is for the members who attended watch party #\d+\. To review the film anyway, use `\/review`\.$/);

    const shown = await party(bob, 'show', { party: id });
    expect(shown.v2!.field('Attended (3)')!.value).toContain('dave ★★★★½ ✍');
    club.guild.leaveVoice(dave);
    club.guild.leaveVoice(bob);
    await botSeesVoice(dave, null);
    club.expectClean();
  });
});

describe('changing a party', () => {
  it('only the host or a moderator may edit or cancel; cancelling removes the Scheduled Event', async () => {
    const announcement = await party(alice, 'schedule', { film: 'casablanca-1942', when: 'in 8 hours', channel: cinema });
    const id = partyNumber(announcement);
    const name = 'Watch party: Casablanca (1942)';
    expect(eventOf(name)).toHaveLength(1);

    const refused = await party(bob, 'cancel', { party: id });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(`Only alice (the host) or a moderator can change party #${id}.`);
    const refusedEdit = await party(bob, 'edit', { party: id, description: 'mine now' });
    expect(refusedEdit.content).toMatch(/^Only alice \(the host\) or a moderator/);
    expect(eventOf(name)).toHaveLength(1);

    const edited = await party(mod, 'edit', { party: id, when: 'in 9 hours', location: 'The garden' });
    const unix = unixIn(9 * HOUR);
    expect(edited.content).toBe(`✏️ Watch party #${id} updated (time, voice channel, location): **Casablanca** (1942) · <t:${unix}:F> (<t:${unix}:R>) · 📍 The garden`);
    const [moved] = eventOf(name);
    expect(moved).toMatchObject({ entity_type: 3, channel_id: null, entity_metadata: { location: 'The garden' } });
    expect(Math.floor(Date.parse(moved!.scheduled_start_time) / 1000)).toBe(unix);
    expect(containers(club.discord.message(announcement.id)!)[0]!.description).toContain('📍 The garden');

    const nothing = await party(alice, 'edit', { party: id });
    expect(nothing.content).toBe('Say what to change: film, when, channel, location or description.');
    const badTime = await party(alice, 'edit', { party: id, when: 'last tuesday 9pm' });
    expect(badTime.ephemeral).toBe(true);
    expect(badTime.content).toMatch(/has already passed/);

    // Cancelling asks first, privately; keeping it changes nothing.
    const asked = await party(alice, 'cancel', { party: id });
    expect(asked.ephemeral).toBe(true);
    expect(asked.content).toBe(
      `Cancel watch party #${id} (**Casablanca** (1942), <t:${unix}:F> (<t:${unix}:R>))? 1 member has answered Going; the announcement will say it is cancelled and the Discord event goes. This cannot be undone.`,
    );
    expect(asked.buttons().map((button) => button.label)).toEqual(['Cancel the party', 'Keep it']);
    const kept = await alice.click(asked, 'Keep it');
    expect(kept.content).toBe('Kept: the party is not cancelled.');
    expect(eventOf(name)).toHaveLength(1);

    const confirmed = await alice.click(await party(alice, 'cancel', { party: id }), 'Cancel the party');
    expect(confirmed.content).toBe(`Cancelled watch party #${id}.`);
    const cancelled = await confirmed.waitForFollowUp();
    expect(cancelled.ephemeral).toBe(false);
    expect(cancelled.content).toBe(`❌ Watch party #${id} (**Casablanca** (1942), <t:${unix}:F>) is cancelled.`);
    // The event and the announcement are updated right after the channel is told.
    await vi.waitFor(() => expect(containers(club.discord.message(announcement.id)!)[0]!.description).toMatch(/^\*\*❌ Cancelled\*\*/), { timeout: 10_000 });
    expect(eventOf(name)).toEqual([]);
    const after = club.discord.message(announcement.id)!;
    expect(after.buttons()).toEqual([]);
    const late = await party(bob, 'show', { party: id });
    expect(late.v2!.description).toContain('Cancelled');

    const upcoming = await party(alice, 'list');
    expect(upcoming.embed!.description).not.toContain('Casablanca');
    const past = await party(alice, 'list', { past: true });
    expect(past.embed!.description).toContain(`**#${id}** **Casablanca** (1942)`);
    club.expectClean();
  });
});

describe('group suggestions', () => {
  it('ranks films none of the named members has seen', async () => {
    const reply = await party(carol, 'suggest', { members: `${alice.mention} ${dave.mention}` });
    expect(reply.embed!.title).toBe('Films for alice, dave');
    const picks = [...reply.embed!.description!.matchAll(/^\*\*\d+\.\*\* \*\*(.+?)\*\*/gm)].map((match) => match[1]);
    expect(picks.length).toBeGreaterThan(0);
    // alice and dave both logged Stalker at the party: it may explain a pick, never be one.
    expect(picks).not.toContain('Stalker');
    expect(reply.mentions.users).toEqual([]);
    const bad = await party(carol, 'suggest', { members: 'everyone here' });
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toMatch(/^Mention the members/);
    club.expectClean();
  });
});

describe('the reminder lead setting', () => {
  // Last in this file: the parties above were planned with the default lead.
  it('says the lead time in days, hours and minutes, as it was set', async () => {
    const shown = await mod.slash('config', {}, { subcommand: 'show' });
    expect(shown.embed!.description).toContain('Watch party reminders: 1 hour before, and at the start');
    const day = await mod.slash('config', { minutes: 1440 }, { subcommand: 'reminder-lead' });
    expect(day.embed!.description).toContain('Watch party reminders: 1 day before, and at the start');
    const mixed = await mod.slash('config', { minutes: 90 }, { subcommand: 'reminder-lead' });
    expect(mixed.embed!.description).toContain('Watch party reminders: 1 hour 30 minutes before, and at the start');
    club.expectClean();
  });
});
