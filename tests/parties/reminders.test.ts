import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leadText, reminderMessages, MESSAGE_MAX } from '../../src/parties/reminders.js';
import { MAX_TIMER_MS, ReminderScheduler, type ReminderDelivery, type SkippedReminder } from '../../src/parties/scheduler.js';
import { PartyService } from '../../src/parties/service.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, BOB, CAROL, CHANNEL, DAY, FakeTime, GUILD, HOST, MINUTE, MOD, VOICE, catalog, member } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-parties-'));
  dirs.push(dir);
  return dir;
}

/** One run of the bot: a store, the party service and the reminder scheduler wired together, on a fake clock. */
async function boot(options: { store: GuildStore; time: FakeTime; sent: ReminderDelivery[]; skipped?: SkippedReminder[]; send?: (delivery: ReminderDelivery) => Promise<void> }) {
  const films = catalog();
  const scheduler = new ReminderScheduler({
    store: options.store,
    films,
    now: options.time.now,
    setTimer: options.time.setTimer,
    clearTimer: options.time.clearTimer,
    send: options.send ?? (async (delivery) => void options.sent.push(delivery)),
    onSkipped: (skipped) => options.skipped?.push(skipped),
  });
  const service = new PartyService({ store: options.store, films, now: options.time.now, onChange: (guildId) => scheduler.refresh(guildId) });
  await scheduler.start();
  return { scheduler, service, store: options.store, time: options.time };
}

type Bot = Awaited<ReturnType<typeof boot>>;

async function shutdown(bot: Bot): Promise<void> {
  await bot.scheduler.stop();
  await bot.store.close();
}

/** A party on Friday 14 June 2024 at 21:00 Paris time (19:00Z), scheduled on Wednesday; Alice and Bob going, Carol maybe. */
async function scheduleParty(bot: Bot) {
  await bot.store.update(GUILD, (data) => {
    data.config.timezone = 'Europe/Paris';
  });
  const party = await bot.service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL, voiceChannelId: VOICE });
  await bot.service.rsvp(ALICE, party.id, 'going');
  await bot.service.rsvp(BOB, party.id, 'going');
  await bot.service.rsvp(CAROL, party.id, 'maybe');
  return party;
}

const WEDNESDAY = '2024-06-12T12:00:00Z';
const START = '2024-06-14T19:00:00.000Z';
const LEAD = '2024-06-14T18:00:00.000Z';

describe('reminders', () => {
  it('sends one reminder an hour before and one at the start, mentioning exactly the Going members', async () => {
    const sent: ReminderDelivery[] = [];
    const bot = await boot({ store: createMemoryGuildStore(), time: new FakeTime(WEDNESDAY), sent });
    const party = await scheduleParty(bot);
    expect(bot.scheduler.armed).toBe(2);
    expect(party.reminders.map((r) => [r.kind, r.dueAt, r.state])).toEqual([
      ['lead', LEAD, 'pending'],
      ['start', START, 'pending'],
    ]);

    await bot.time.advanceTo('2024-06-14T17:59:59Z', bot.scheduler);
    expect(sent).toEqual([]);
    await bot.time.advanceTo(LEAD, bot.scheduler);
    expect(sent).toHaveLength(1);
    const lead = sent[0]!;
    expect(lead).toMatchObject({ kind: 'lead', late: false, channelId: CHANNEL, partyId: party.id });
    // The host answered Going by scheduling; Carol's "maybe" is not pinged.
    expect(lead.goingUserIds).toEqual([HOST.userId, ALICE.userId, BOB.userId]);
    expect(lead.messages).toHaveLength(1);
    expect(lead.messages[0]!.mentionUserIds).toEqual(lead.goingUserIds);
    expect(lead.messages[0]!.content).toContain(`**Stalker** (1979) starts <t:${Date.parse(START) / 1000}:R>`);
    expect(lead.messages[0]!.content).toContain(`<#${VOICE}>`);
    expect(lead.messages[0]!.content).not.toContain(CAROL.userId);
    expect(lead.messages[0]!.content).not.toMatch(/late/);

    await bot.time.advanceTo(START, bot.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);
    expect(sent[1]!.messages[0]!.content).toMatch(/Stalker\*\* \(1979\) is starting now/);
    await bot.time.advanceTo('2024-06-20T00:00:00Z', bot.scheduler);
    expect(sent).toHaveLength(2);
    const states = (await bot.service.show(GUILD, party.id)).reminders.map((r) => r.state);
    expect(states).toEqual(['sent', 'sent']);
    await shutdown(bot);
  });

  it('at the start of a party its host started early, says it has started rather than that it is starting now', async () => {
    const sent: ReminderDelivery[] = [];
    const bot = await boot({ store: createMemoryGuildStore(), time: new FakeTime(WEDNESDAY), sent });
    const party = await scheduleParty(bot);
    await bot.time.advanceTo('2024-06-14T18:30:00Z', bot.scheduler);
    await bot.service.start(HOST, party.id);
    await bot.time.advanceTo(START, bot.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);
    expect(sent[1]!.messages[0]!.content).toMatch(new RegExp(`^🎬 Watch party #${party.id}: \\*\\*Stalker\\*\\* \\(1979\\) has started in <#${VOICE}>!\n<@`));
    expect(sent[1]!.messages[0]!.mentionUserIds).toEqual([HOST.userId, ALICE.userId, BOB.userId]);
    await shutdown(bot);
  });

  it('across a restart (file store), each reminder is sent exactly once', async () => {
    const dataDir = await tempDir();
    const sent: ReminderDelivery[] = [];
    const first = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime(WEDNESDAY), sent });
    const party = await scheduleParty(first);
    await first.time.advanceTo('2024-06-14T18:10:00Z', first.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead']);
    await shutdown(first);

    // Restarted ten minutes later: the lead reminder is stored as sent, only the start one is re-planned.
    const second = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T18:20:00Z'), sent });
    expect(second.scheduler.armed).toBe(1);
    await second.time.advanceTo('2024-06-14T20:00:00Z', second.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);
    await shutdown(second);

    // And a third start after everything went out sends nothing.
    const third = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T20:05:00Z'), sent });
    expect(third.scheduler.armed).toBe(0);
    await third.time.advanceTo('2024-06-16T00:00:00Z', third.scheduler);
    expect(sent).toHaveLength(2);
    expect((await third.service.show(GUILD, party.id)).reminders.map((r) => r.state)).toEqual(['sent', 'sent']);
    await shutdown(third);
  });

  it('a reminder missed while the bot was down is sent late if the party has not started, and says so', async () => {
    const dataDir = await tempDir();
    const sent: ReminderDelivery[] = [];
    const first = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime(WEDNESDAY), sent });
    const party = await scheduleParty(first);
    await shutdown(first); // down from Wednesday until 30 minutes before the start: the lead reminder's time passes

    const second = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T18:30:00Z'), sent });
    await second.time.advance(0, second.scheduler);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'lead', late: true });
    expect(sent[0]!.messages[0]!.content).toContain('This reminder is late: Marquee was offline when it was due.');
    expect(sent[0]!.messages[0]!.content).toContain(`starts <t:${Date.parse(START) / 1000}:R>`);
    await second.time.advanceTo(START, second.scheduler);
    expect(sent.map((d) => [d.kind, d.late])).toEqual([
      ['lead', true],
      ['start', false],
    ]);
    const reminders = (await second.service.show(GUILD, party.id)).reminders;
    expect(reminders.map((r) => [r.kind, r.state, r.late])).toEqual([
      ['lead', 'sent', true],
      ['start', 'sent', false],
    ]);
    await shutdown(second);
  });

  it('a reminder missed until after the start is not sent; it is recorded as missed and reported', async () => {
    const dataDir = await tempDir();
    const sent: ReminderDelivery[] = [];
    const skipped: SkippedReminder[] = [];
    const first = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime(WEDNESDAY), sent });
    const party = await scheduleParty(first);
    await shutdown(first);

    const second = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T19:10:00Z'), sent, skipped });
    await second.time.advance(MINUTE, second.scheduler);
    expect(sent).toEqual([]);
    expect(skipped.map((s) => [s.kind, s.state])).toEqual([
      ['lead', 'missed'],
      ['start', 'missed'],
    ]);
    expect(skipped[0]!.note).toMatch(/offline when it was due, and the party had started/);
    const reminders = (await second.service.show(GUILD, party.id)).reminders;
    expect(reminders.map((r) => r.state)).toEqual(['missed', 'missed']);
    expect(reminders[1]!.note).toMatch(/offline at the start time/);
    await shutdown(second);
  });

  it('a timer that fires a minute late (a busy process) still counts as on time', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    await scheduleParty(bot);
    await time.advanceTo('2024-06-14T17:00:00Z', bot.scheduler);
    // Nothing fires while the event loop is blocked; the clock moves on.
    time.set('2024-06-14T19:01:00Z');
    await time.advance(0, bot.scheduler);
    // The lead one is now past the start (missed); the start one, a minute late, goes out normally.
    expect(sent.map((d) => [d.kind, d.late])).toEqual([['start', false]]);
    await shutdown(bot);
  });

  it('is at most once: a crash between marking "sending" and the post does not resend it after restart', async () => {
    const dataDir = await tempDir();
    const sent: ReminderDelivery[] = [];
    let attempted = 0;
    let posting!: () => void;
    const postStarted = new Promise<void>((resolve) => (posting = resolve));
    const first = await boot({
      store: await openFileGuildStore({ dataDir }),
      time: new FakeTime(WEDNESDAY),
      sent,
      // The process "dies" during the HTTP request: the post never completes.
      send: () => {
        attempted++;
        posting();
        return new Promise<never>(() => {});
      },
    });
    const party = await scheduleParty(first);
    first.time.set(LEAD);
    // Fire the lead timer without waiting for the (never-ending) send, then wait until the post has begun:
    // `send` is only called once the "sending" claim is written, however slow the machine is.
    await first.time.advanceTo(LEAD);
    await postStarted;
    expect(attempted).toBe(1);
    await first.store.close(); // the claim is on disk; the scheduler is abandoned mid-send

    const second = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T18:05:00Z'), sent });
    await second.time.advanceTo(START, second.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['start']);
    const reminders = (await second.service.show(GUILD, party.id)).reminders;
    expect(reminders.map((r) => [r.kind, r.state])).toEqual([
      ['lead', 'unconfirmed'],
      ['start', 'sent'],
    ]);
    expect(reminders[0]!.note).toMatch(/not resent, so nobody is pinged twice/);
    await shutdown(second);
  });

  it('a failed post is recorded and not retried, even after a restart', async () => {
    const dataDir = await tempDir();
    const sent: ReminderDelivery[] = [];
    let attempts = 0;
    const first = await boot({
      store: await openFileGuildStore({ dataDir }),
      time: new FakeTime(WEDNESDAY),
      sent,
      send: async () => {
        attempts++;
        throw new Error('Missing Access');
      },
    });
    const party = await scheduleParty(first);
    await first.time.advanceTo('2024-06-14T18:30:00Z', first.scheduler);
    expect(attempts).toBe(1);
    await shutdown(first);
    const second = await boot({ store: await openFileGuildStore({ dataDir }), time: new FakeTime('2024-06-14T18:31:00Z'), sent });
    await second.time.advanceTo(START, second.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['start']);
    const lead = (await second.service.show(GUILD, party.id)).reminders[0]!;
    expect([lead.state, lead.note]).toEqual(['failed', 'Error: Missing Access']);
    await shutdown(second);
  });

  it('duplicate refreshes and timers never produce a second message', async () => {
    const sent: ReminderDelivery[] = [];
    // A slow post, so the second claim happens while the first message is still going out.
    const send = async (delivery: ReminderDelivery) => {
      sent.push(delivery);
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent, send });
    await scheduleParty(bot);
    // A second scheduler on the same store (e.g. a stray instance) races the first one.
    const twin = new ReminderScheduler({ store: bot.store, films: catalog(), now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer, send });
    await Promise.all([bot.scheduler.refresh(GUILD), bot.scheduler.refresh(GUILD), twin.start()]);
    expect(time.pending).toBe(4);
    // Fire every due timer without waiting in between: both schedulers try to send at once.
    await time.advanceTo(LEAD);
    await Promise.all([bot.scheduler.idle(), twin.idle()]);
    await time.advanceTo(START);
    await Promise.all([bot.scheduler.idle(), twin.idle()]);
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);
    await twin.stop();
    await shutdown(bot);
  });

  it('moving a party re-plans its reminders; cancelling drops them', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    const party = await scheduleParty(bot);
    const moved = await bot.service.edit(HOST, party.id, { when: 'saturday 8pm' });
    expect(moved.changed).toEqual(['time']);
    expect(moved.party.reminders.map((r) => r.dueAt)).toEqual(['2024-06-15T17:00:00.000Z', '2024-06-15T18:00:00.000Z']);
    await time.advanceTo('2024-06-15T00:00:00Z', bot.scheduler);
    expect(sent).toEqual([]); // nothing at the old times
    await time.advanceTo('2024-06-15T17:00:00Z', bot.scheduler);
    expect(sent.map((d) => [d.kind, d.startsAt])).toEqual([['lead', '2024-06-15T18:00:00.000Z']]);

    await bot.service.cancel(MOD, party.id);
    expect(bot.scheduler.armed).toBe(0);
    await time.advanceTo('2024-06-16T00:00:00Z', bot.scheduler);
    expect(sent).toHaveLength(1);
    await shutdown(bot);
  });

  it('the lead time is configurable per server; 0 leaves only the reminder at the start', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    const party = await scheduleParty(bot);
    await expect(bot.service.setReminderLead(HOST, 30)).rejects.toThrow(/Only moderators/);
    await expect(bot.service.setReminderLead(MOD, 1.5)).rejects.toThrow(/whole minutes/);
    expect(await bot.service.setReminderLead(MOD, 24 * 60)).toBe(1440);
    expect((await bot.service.show(GUILD, party.id)).reminders[0]!.dueAt).toBe('2024-06-13T19:00:00.000Z');
    await time.advanceTo('2024-06-13T19:00:00Z', bot.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead']);
    // The lead one already went: changing the setting now does not send it again.
    await bot.service.setReminderLead(MOD, 30);
    await time.advanceTo(START, bot.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);

    await bot.service.setReminderLead(MOD, 0);
    const next = await bot.service.schedule(HOST, { when: 'saturday 9pm', channelId: CHANNEL });
    expect(next.reminders.map((r) => r.kind)).toEqual(['start']);
    await shutdown(bot);
  });

  it('a party planned less than the lead time ahead gets no lead reminder (the announcement just went out)', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    const party = await bot.service.schedule(HOST, { when: 'in 20 minutes', channelId: CHANNEL });
    expect(party.reminders.map((r) => [r.kind, r.state])).toEqual([
      ['lead', 'skipped'],
      ['start', 'pending'],
    ]);
    await time.advance(20 * MINUTE, bot.scheduler);
    expect(sent.map((d) => d.kind)).toEqual(['start']);
    expect(sent[0]!.messages[0]!.content).toContain('the film (still to be decided)');
    await shutdown(bot);
  });

  it('waits longer than setTimeout allows by chaining timers', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime('2024-01-02T12:00:00Z');
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    const party = await bot.service.schedule(HOST, { when: '2024-03-20 21:00', channelId: CHANNEL });
    expect(Math.max(...time.delays)).toBe(MAX_TIMER_MS);
    await time.advanceTo('2024-03-20T19:59:00Z', bot.scheduler);
    expect(sent).toEqual([]);
    await time.advanceTo(party.startsAt, bot.scheduler);
    expect(sent.map((d) => [d.kind, d.dueAt])).toEqual([
      ['lead', '2024-03-20T20:00:00.000Z'],
      ['start', '2024-03-20T21:00:00.000Z'],
    ]);
    await shutdown(bot);
  });

  it('ended parties send nothing more', async () => {
    const sent: ReminderDelivery[] = [];
    const time = new FakeTime(WEDNESDAY);
    const bot = await boot({ store: createMemoryGuildStore(), time, sent });
    const party = await scheduleParty(bot);
    await time.advanceTo('2024-06-14T18:30:00Z', bot.scheduler);
    await bot.service.start(HOST, party.id);
    await time.advanceTo(START, bot.scheduler);
    // Started early: the reminder at the start still pings the Going members.
    expect(sent.map((d) => d.kind)).toEqual(['lead', 'start']);
    await bot.service.end(HOST, party.id);
    await time.advance(DAY, bot.scheduler);
    expect(sent).toHaveLength(2);
    await shutdown(bot);
  });
});

describe('reminder messages', () => {
  it('split mentions over several messages under 2000 characters, each member mentioned exactly once', () => {
    const going = Array.from({ length: 230 }, (_, i) => member(100 + i).userId);
    const messages = reminderMessages({ partyId: 4, kind: 'lead', late: false, startsAt: START, goingUserIds: going, film: { filmId: 'x-2000', title: 'A *bold* _title_', year: 2000 } });
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(message.content.length).toBeLessThanOrEqual(MESSAGE_MAX);
      const mentioned = [...message.content.matchAll(/<@(\d+)>/g)].map((match) => match[1]);
      expect(mentioned).toEqual(message.mentionUserIds);
    }
    expect(messages.flatMap((message) => message.mentionUserIds)).toEqual(going);
    expect(messages[0]!.content).toContain('**A \\*bold\\* \\_title\\_** (2000)');
  });

  it('keep a link in the location whole (a stream link with _ in it still opens), escaping the words around it', () => {
    const [message] = reminderMessages({ partyId: 2, kind: 'lead', late: false, startsAt: START, goingUserIds: [], location: '*our* stream: https://twitch.tv/film_club_live' });
    expect(message!.content).toContain(' at \\*our\\* stream: https://twitch.tv/film_club_live.');
  });

  it('say when nobody is going, and ping nobody', () => {
    const [message] = reminderMessages({ partyId: 1, kind: 'start', late: false, startsAt: START, goingUserIds: [], location: 'Alice’s place' });
    expect(message!.mentionUserIds).toEqual([]);
    expect(message!.content).toBe('🎬 Watch party #1: the film (still to be decided) is starting now at Alice’s place!\nNobody has answered Going yet.');
  });
});



describe('leadText', () => {
  it('says a lead time in days, hours and minutes, singular for one', () => {
    expect(leadText(1440)).toBe('1 day');
    expect(leadText(90)).toBe('1 hour 30 minutes');
    expect(leadText(45)).toBe('45 minutes');
    expect(leadText(1)).toBe('1 minute');
    expect(leadText(10_080)).toBe('7 days');
    expect(leadText(1501)).toBe('1 day 1 hour 1 minute');
    expect(leadText(0)).toBe('0 minutes');
  });
});
