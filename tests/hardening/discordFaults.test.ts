/**
 * Discord misbehaving, as the real one does now and then, while the real bot serves members through the local
 * Discord: rate limits (per route and global) with `retry_after`, 5xx answers, slow REST, a gateway that drops
 * the connection or invalidates the session, a message or channel deleted just before the bot's request, and
 * Missing Permissions when creating a Scheduled Event or posting a reminder. The bot must keep serving, retry what
 * is safe to retry (discord.js's REST client waits out 429s and retries 5xx up to three times) and tell the member
 * or the host what it could not do. Each fault is injected by `discord.faults`; the suite records its figures.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelHandle, MemberHandle, Message, RequestLogEntry } from '../../src/local-discord/index.js';
import { FakeTime, HOUR, MINUTE } from '../parties/helpers.js';
import { partyNumber, startTestClub, type TestClub } from '../e2e/harness.js';
import { recordReliability, type ReliabilityRow } from './reliability.js';

let time: FakeTime;
let club: TestClub;
let alice: MemberHandle;
let bob: MemberHandle;
let host: MemberHandle;
let cinema: ChannelHandle;
let screenings: ChannelHandle;

const CALLBACK = '/interactions/:interaction/:token/callback';
const CHANNEL_MESSAGES = '/channels/:channel/messages';
const EVENTS = '/guilds/:guild/scheduled-events';
const WEBHOOK_MESSAGE = '/webhooks/:application/:token/messages/:message';

beforeAll(async () => {
  time = new FakeTime(new Date().toISOString());
  club = await startTestClub({ discord: { settleMs: 0 }, now: time.now, reminderTimers: { setTimer: time.setTimer, clearTimer: time.clearTimer } });
  alice = club.guild.addMember({ username: 'alice' });
  bob = club.guild.addMember({ username: 'bob' });
  host = club.guild.addMember({ username: 'host' });
  cinema = club.guild.createChannel({ name: 'Cinema', type: 'voice' });
  screenings = club.guild.createChannel({ name: 'screenings' });
  const mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  await mod.slash('config', { zone: 'Europe/Paris' }, { subcommand: 'timezone' });
});
afterAll(async () => club?.stop());

const party = (member: MemberHandle, subcommand: string, options: Record<string, string | number | boolean | { id: string }> = {}) =>
  member.slash('party', options, { subcommand });

/** The requests on one route since `from` (an index into the request log). */
function requestsOn(route: string, method: string, from: number): RequestLogEntry[] {
  return club.discord.requests.slice(from).filter((entry) => entry.route === `${method} ${route}`);
}

/** The private messages `member` was shown in a channel since `from` messages ago. */
function privateMessages(member: MemberHandle, channel: ChannelHandle = club.guild.defaultChannel): Message[] {
  return club.discord.messages(channel, { viewer: member }).filter((message) => message.ephemeral);
}

describe('rate limits', () => {
  it('a 429 on the interaction callback: discord.js waits retry_after, retries, and the member gets the card', async () => {
    const from = club.discord.requests.length;
    club.discord.faults.rateLimit({ method: 'POST', route: CALLBACK, retryAfter: 0.4 });
    const card = await alice.slash('film', { title: 'holy-motors-2012' });
    expect(card.v2!.title).toBe('Holy Motors (2012)');
    const attempts = requestsOn(CALLBACK, 'POST', from);
    expect(attempts.map((entry) => entry.status)).toEqual([429, 204]);
    // The retry came no sooner than Discord asked (a lower bound, not a timing test).
    expect(Date.parse(attempts[1]!.at) - Date.parse(attempts[0]!.at)).toBeGreaterThanOrEqual(390);
    expect(club.discord.faults.pending).toBe(0);
    club.expectClean();
  });

  it('a global 429 on a channel post holds every request for retry_after, then the announcement and the reply both arrive', async () => {
    const from = club.discord.requests.length;
    club.discord.faults.rateLimit({ method: 'POST', route: CHANNEL_MESSAGES, retryAfter: 0.5, global: true });
    const reply = await party(host, 'schedule', { film: 'irma-vep-1996', when: 'in 5 hours', channel: screenings, location: 'The Roxy' });
    expect(reply.content).toMatch(/^Watch party #\d+ \(\*\*Irma Vep\*\* \(1996\)\) is scheduled for .*, announced in <#\d+>\.$/);
    const posts = requestsOn(CHANNEL_MESSAGES, 'POST', from);
    expect(posts.map((entry) => entry.status)).toEqual([429, 200]);
    expect(Date.parse(posts[1]!.at) - Date.parse(posts[0]!.at)).toBeGreaterThanOrEqual(490);
    const announcements = club.discord.messages(screenings).filter((message) => /Irma Vep/.test(message.v2?.title ?? ''));
    expect(announcements).toHaveLength(1);
    club.expectClean();
  });
});

describe('server errors and slowness', () => {
  it('two 500s on a channel post are retried by discord.js: the announcement is posted once', async () => {
    const from = club.discord.requests.length;
    club.discord.faults.serverError(2, { method: 'POST', route: CHANNEL_MESSAGES });
    const reply = await party(host, 'schedule', { film: 'heat-1995', when: 'in 6 hours', channel: screenings, location: 'The Roxy' });
    expect(reply.content).toMatch(/announced in <#\d+>\.$/);
    expect(requestsOn(CHANNEL_MESSAGES, 'POST', from).map((entry) => entry.status)).toEqual([500, 500, 200]);
    expect(club.discord.messages(screenings).filter((message) => /Heat/.test(message.v2?.title ?? ''))).toHaveLength(1);
    club.expectClean();
  });

  it('a Scheduled Event that keeps failing with 500 (past the retries): the party stands and the host is told', async () => {
    club.discord.faults.serverError(4, { method: 'POST', route: EVENTS });
    const before = club.discord.scheduledEvents(club.guild).length;
    const announcement = await party(host, 'schedule', { film: 'metropolis-1927', when: 'in 7 hours', channel: cinema });
    expect(partyNumber(announcement)).toBeGreaterThan(0);
    const note = await announcement.waitForFollowUp();
    expect(note.ephemeral).toBe(true);
    expect(note.content).toMatch(/^I could not create the Discord event \(Internal Server Error\); the party itself is saved\.$/);
    expect(club.discord.scheduledEvents(club.guild)).toHaveLength(before);
    expect(club.discord.faults.pending).toBe(0);
    club.expectClean();
  });

  it('every REST answer 400 ms slow: commands and buttons are still answered within the deadline', async () => {
    club.discord.faults.slow(400);
    try {
      const card = await bob.slash('film', { title: 'heat-1995' });
      expect(card.v2!.title).toBe('Heat (1995)');
      const pressed = await bob.click(card, 'Watchlist');
      expect(pressed).toBeDefined();
      const acks = club.discord.acknowledgements().slice(-2);
      expect(acks.every((ack) => ack.type !== undefined && ack.afterMs! < club.discord.ackDeadlineMs)).toBe(true);
    } finally {
      club.discord.faults.clear();
    }
    club.expectClean();
  });
});

describe('the gateway', () => {
  it('drops the connection: the bot resumes, gets what happened meanwhile, and keeps answering', async () => {
    const resumes = club.discord.gatewayStats.resumes;
    const identifies = club.discord.gatewayStats.identifies;
    const dropped = club.discord.faults.dropGateway();
    // While the bot is away: a member joins the voice channel; the event waits in the session's replay buffer.
    club.guild.joinVoice(alice, cinema);
    await dropped;
    expect(club.discord.gatewayStats.resumes).toBe(resumes + 1);
    expect(club.discord.gatewayStats.identifies).toBe(identifies);
    await vi.waitFor(() => expect(club.bot.client.guilds.cache.get(club.guild.id)?.voiceStates.cache.get(alice.id)?.channelId).toBe(cinema.id));
    club.guild.leaveVoice(alice);
    const card = await alice.slash('film', { title: 'amelie-2001' });
    expect(card.v2!.title).toBe('Amélie (2001)');
    club.expectClean();
  });

  it('a command sent while the connection is down is replayed on resume and answered', async () => {
    const resumes = club.discord.gatewayStats.resumes;
    const dropped = club.discord.faults.dropGateway();
    const card = alice.slash('film', { title: 'stalker-1979' });
    await dropped;
    expect((await card).v2!.title).toBe('Stalker (1979)');
    expect(club.discord.gatewayStats.resumes).toBe(resumes + 1);
    club.expectClean();
  });

  it('invalidates the session: the bot identifies again and keeps answering', async () => {
    const identifies = club.discord.gatewayStats.identifies;
    await club.discord.faults.invalidateSession();
    expect(club.discord.gatewayStats.identifies).toBe(identifies + 1);
    await club.discord.waitForBotReady();
    const card = await bob.slash('film', { title: 'tar-2022' });
    expect(card.v2!.title).toBe('Tár (2022)');
    club.expectClean();
  });
});

describe('deleted before the bot gets to it', () => {
  it('the announcement is deleted between an RSVP press and its redraw: the RSVP is recorded and the member is told so', async () => {
    const announcement = await party(host, 'schedule', { film: 'holy-motors-2012', when: 'in 8 hours', channel: cinema });
    const id = partyNumber(announcement);
    club.discord.faults.beforeRequest({ method: 'PATCH', route: WEBHOOK_MESSAGE }, () => club.discord.deleteMessage(announcement));
    const seen = privateMessages(alice).length;
    // The press resolves with the pressed message, which is gone: the driver says so; the answer is a follow-up.
    await expect(alice.click(announcement, `party:rsvp:${id}:going`)).rejects.toThrow(/deleted the message/);
    const answer = await vi.waitFor(() => {
      const latest = privateMessages(alice).slice(seen).at(-1);
      expect(latest).toBeDefined();
      return latest!;
    });
    expect(answer.content).toMatch(new RegExp(`^You answered \\*\\*Going\\*\\* to watch party #${id}\\.`));
    expect(answer.content).toContain('I could not update the announcement’s counts: it may have been deleted.');
    expect(club.discord.message(announcement.id)).toBeUndefined();
    const shown = await party(alice, 'show', { party: id });
    expect(shown.v2!.field('Going (2)')!.value).toMatch(/alice/);
    expect(club.discord.requests.some((entry) => entry.route === `PATCH ${WEBHOOK_MESSAGE}` && entry.status === 404)).toBe(true);
    club.expectClean();
  });

  it('a film card is deleted between a Watchlist press and its redraw: the change is recorded and confirmed with its Undo', async () => {
    const card = await bob.slash('film', { title: 'stalker-1979' });
    club.discord.faults.beforeRequest({ method: 'PATCH', route: WEBHOOK_MESSAGE }, () => club.discord.deleteMessage(card));
    const seen = privateMessages(bob).length;
    await expect(bob.click(card, 'Watchlist')).rejects.toThrow(/deleted the message/);
    const answer = await vi.waitFor(() => {
      const latest = privateMessages(bob).slice(seen).at(-1);
      expect(latest).toBeDefined();
      return latest!;
    });
    expect(answer.content).toMatch(/watchlist/i);
    expect(answer.buttons().map((button) => button.label)).toContain('Undo');
    const data = await club.app.store.read(club.guild.id);
    expect(data.memberFilms[bob.id]?.['stalker-1979']?.watchlistSince).toBeDefined();
    club.expectClean();
  });

  it('the announcement channel is deleted just before the post: the party stands and the host is told', async () => {
    const doomed = club.guild.createChannel({ name: 'doomed' });
    club.discord.faults.beforeRequest({ method: 'POST', route: CHANNEL_MESSAGES, where: (request) => request.params.channel === doomed.id }, () =>
      club.discord.deleteChannel(doomed),
    );
    const reply = await party(host, 'schedule', { film: 'stalker-1979', when: 'in 9 hours', channel: doomed, location: 'Upstairs' });
    expect(reply.content).toMatch(/^Watch party #\d+ \(\*\*Stalker\*\* \(1979\)\) is scheduled for .*\.$/);
    const note = await reply.waitForFollowUp();
    expect(note.content).toContain(`I could not post the announcement in <#${doomed.id}>`);
    expect(club.discord.requests.some((entry) => entry.route === `POST ${CHANNEL_MESSAGES}` && entry.status === 404)).toBe(true);
    club.expectClean();
  });
});

describe('missing permissions', () => {
  it('creating the Scheduled Event is refused (50013): the announcement goes out and the host learns which permission is missing', async () => {
    club.discord.faults.refuse({ method: 'POST', route: EVENTS });
    const announcement = await party(host, 'schedule', { film: 'in-the-mood-for-love-2000', when: 'in 10 hours', channel: cinema });
    expect(announcement.ephemeral).toBe(false);
    const note = await announcement.waitForFollowUp();
    expect(note.ephemeral).toBe(true);
    expect(note.content).toBe('I could not create the Discord event: I need the **Create Events** and **Manage Events** permissions.');
    expect(club.discord.scheduledEvents(club.guild).filter((event) => /In the Mood/.test(event.name))).toEqual([]);
    club.expectClean();
  });

  it('a reminder post is refused (50013): it is logged and marked failed for the host, and the scheduler sends the next one', async () => {
    const announcement = await party(host, 'schedule', { film: 'amelie-2001', when: 'in 2 hours', channel: cinema });
    const id = partyNumber(announcement);
    const channel = club.guild.defaultChannel;
    club.discord.faults.refuse({ method: 'POST', route: CHANNEL_MESSAGES });
    await time.advance(60 * MINUTE + 1, club.bot.reminders);
    expect(club.discord.faults.pending).toBe(0);
    expect(club.discord.messages(channel).some((message) => message.content.startsWith(`⏰ Watch party #${id}:`))).toBe(false);
    expect(club.logs.some((line) => /sending a reminder failed/.test(line))).toBe(true);
    const shown = await party(host, 'show', { party: id });
    expect(shown.v2!.field('Reminders')!.value).toMatch(/^Before the start · <t:\d+:t> · failed \(DiscordAPIError\[50013\]: Missing Permissions\)\nAt the start · <t:\d+:t> · due$/);

    await time.advance(HOUR, club.bot.reminders);
    const start = await club.discord.waitForMessage(channel, (message) => message.content.startsWith(`🎬 Watch party #${id}:`));
    expect(start.mentions.users).toEqual([host.id]);
    expect(club.discord.violations).toEqual([]);
  });
});

describe('after every fault', () => {
  it('no interaction was left unanswered; the figures are recorded', async () => {
    const card = await bob.slash('film', { title: 'holy-motors-2012' });
    expect(card.v2!.title).toBe('Holy Motors (2012)');
    const acks = club.discord.acknowledgements();
    const unanswered = acks.filter((ack) => ack.type === undefined);
    expect(unanswered).toEqual([]);
    const injected = club.discord.faults.injected;
    const count = (kinds: string[]) => injected.filter((fault) => kinds.includes(fault.kind)).length;
    const row = (what: string, kinds: string[], note?: string): ReliabilityRow => ({ area: 'Discord faults', what, tried: count(kinds), refused: 0, lost: 0, ...(note && { note }) });
    recordReliability('discord-faults', [
      row('429 with retry_after, per route and global', ['rate-limit'], 'retried after retry_after; the member got the answer'),
      row('5xx answers', ['server-error'], 'retried up to 3 times; past that the host is told'),
      row('slow REST (400 ms per request)', ['slow'], 'every interaction answered within the 3 s deadline'),
      row('gateway dropped (resume) or session invalidated (re-identify)', ['gateway-drop', 'session-invalidated']),
      row('message or channel deleted before the bot’s request', ['before-request'], 'the member or host told; the change stands'),
      row('Missing Permissions on a Scheduled Event or a reminder', ['refuse'], 'the host told; the reminder marked failed, the next one sent'),
      { area: 'Discord faults', what: 'interactions during the faults', tried: acks.length, refused: 0, lost: unanswered.length, note: 'lost = left unanswered' },
    ]);
    expect(injected.length).toBeGreaterThanOrEqual(10);
  });
});
