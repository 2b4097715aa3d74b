import { describe, expect, it } from 'vitest';
import { ClubDiary } from '../../src/club/diary.js';
import { setModeratorRole } from '../../src/club/settings.js';
import { UserError } from '../../src/errors.js';
import { PartyService } from '../../src/parties/service.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { emptyGuildData, GuildData } from '../../src/store/schema.js';
import { ALICE, BOB, CAROL, CHANNEL, FakeTime, GUILD, HOST, MOD, VOICE, catalog, member } from './helpers.js';

async function setup(options: { zone?: string; start?: string } = {}) {
  const store: GuildStore = createMemoryGuildStore();
  const time = new FakeTime(options.start ?? '2024-06-12T12:00:00Z'); // a Wednesday
  const films = catalog();
  const changes: string[] = [];
  const service = new PartyService({ store, films, now: time.now, onChange: (guildId) => void changes.push(guildId) });
  const diary = new ClubDiary({ store, films, now: time.now });
  if (options.zone) {
    await store.update(GUILD, (data) => {
      data.config.timezone = options.zone;
    });
  }
  return { store, time, service, diary, changes };
}

describe('scheduling', () => {
  it('stores a party read in the server zone and echoes the time back', async () => {
    const { service, changes } = await setup({ zone: 'Europe/Paris' });
    const party = await service.schedule(HOST, {
      filmId: 'holy-motors-2012',
      when: 'friday 9pm',
      channelId: CHANNEL,
      voiceChannelId: VOICE,
      description: '  Bring snacks.  ',
    });
    expect(party).toMatchObject({
      id: 1,
      status: 'scheduled',
      film: { filmId: 'holy-motors-2012', title: 'Holy Motors', year: 2012 },
      host: { userId: HOST.userId, name: 'Hana' },
      startsAt: '2024-06-14T19:00:00.000Z',
      startsAtUnix: Date.parse('2024-06-14T19:00:00Z') / 1000,
      startsAtText: 'Friday 14 June 2024, 21:00 CEST',
      zone: 'Europe/Paris',
      channelId: CHANNEL,
      voiceChannelId: VOICE,
      description: 'Bring snacks.',
      // 115 min runtime + 15 min, rounded to 5 minutes.
      expectedEndAt: '2024-06-14T21:10:00.000Z',
    });
    // The host is going to their own party.
    expect(party.rsvp.counts).toEqual({ going: 1, maybe: 0, notGoing: 0 });
    expect(changes).toEqual([GUILD]);
    expect((await service.previewTime(GUILD, 'tomorrow 20:30')).startsAtText).toBe('Thursday 13 June 2024, 20:30 CEST');
  });

  it('numbers parties per server and lists upcoming soonest first, past most recent first', async () => {
    const { service, time } = await setup();
    await service.schedule(HOST, { filmId: 'stalker-1979', when: 'saturday 9pm', channelId: CHANNEL });
    await service.schedule(HOST, { filmId: 'alien-1979', when: 'friday 9pm', channelId: CHANNEL, location: 'Alice’s place' });
    await service.schedule(HOST, { when: 'sunday 6pm', channelId: CHANNEL });
    const upcoming = await service.list(GUILD);
    expect(upcoming.items.map((p) => [p.id, p.film?.title ?? '(vote)'])).toEqual([
      [2, 'Alien'],
      [1, 'Stalker'],
      [3, '(vote)'],
    ]);
    await service.cancel(HOST, 1);
    time.set('2024-06-14T21:30:00Z');
    await service.end(HOST, 2);
    expect((await service.list(GUILD, { scope: 'past' })).items.map((p) => [p.id, p.status])).toEqual([
      [1, 'cancelled'],
      [2, 'ended'],
    ]);
    expect((await service.list(GUILD)).items.map((p) => p.id)).toEqual([3]);
  });

  it('refuses bad input with messages for the member', async () => {
    const { service } = await setup();
    await expect(service.schedule(HOST, { filmId: 'nope-2000', when: 'friday 9pm', channelId: CHANNEL })).rejects.toThrow(/don't know a film/);
    await expect(service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL, voiceChannelId: VOICE, location: 'Cinema' })).rejects.toThrow(
      /voice channel or a location, not both/,
    );
    await expect(service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL, description: 'x'.repeat(1001) })).rejects.toThrow(
      /description under 1000 characters/,
    );
    await expect(service.schedule(HOST, { when: 'last tuesday 9pm', channelId: CHANNEL })).rejects.toThrow(/already passed/);
    await expect(service.show(GUILD, 42)).rejects.toThrow(/There is no party #42/);
    await expect(service.show(GUILD, -1)).rejects.toThrow(/not a party number/);
  });

  it('caps upcoming parties at 25', async () => {
    const { service } = await setup();
    for (let day = 1; day <= 25; day++) await service.schedule(HOST, { when: `2024-07-${String(day).padStart(2, '0')} 21:00`, channelId: CHANNEL });
    await expect(service.schedule(HOST, { when: '2024-07-26 21:00', channelId: CHANNEL })).rejects.toThrow(/already has 25 upcoming parties/);
  });

  it('old guild files without a parties section load with the defaults', () => {
    const legacy = JSON.parse(JSON.stringify(emptyGuildData())) as Record<string, unknown>;
    delete legacy['parties'];
    const data = GuildData.parse(legacy);
    expect(data.parties).toEqual({ nextId: 1, reminderLeadMinutes: 60, list: [] });
  });
});

describe('RSVP', () => {
  it('counts each member once with their latest answer', async () => {
    const { service } = await setup();
    const { id } = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
    await service.rsvp(ALICE, id, 'going');
    await service.rsvp(BOB, id, 'maybe');
    let result = await service.rsvp(CAROL, id, 'not-going');
    expect(result.party.rsvp.counts).toEqual({ going: 2, maybe: 1, notGoing: 1 });
    result = await service.rsvp(BOB, id, 'going');
    expect([result.previous, result.changed]).toEqual(['maybe', true]);
    expect(result.party.rsvp.going.map((p) => p.name)).toEqual(['Hana', 'Alice', 'Bob']);
    expect(result.party.rsvp.counts).toEqual({ going: 3, maybe: 0, notGoing: 1 });
    result = await service.rsvp(BOB, id, 'going');
    expect(result.changed).toBe(false);
    expect(result.party.rsvp.counts.going).toBe(3);
  });

  it('closes RSVPs once the party is over', async () => {
    const { service } = await setup();
    const { id } = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
    await service.cancel(HOST, id);
    await expect(service.rsvp(ALICE, id, 'going')).rejects.toThrow(/has been cancelled; RSVPs are closed/);
  });
});

describe('permissions', () => {
  it('only the host or a moderator may edit, cancel, start or end a party', async () => {
    const { service, time, store } = await setup();
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    for (const attempt of [
      () => service.edit(ALICE, id, { description: 'mine now' }),
      () => service.cancel(ALICE, id),
      () => service.start(ALICE, id),
      () => service.end(ALICE, id),
      () => service.edit({ ...ALICE, access: { permissions: String(1n << 11n), roleIds: ['120000000000000009'] } }, id, { description: 'x' }),
    ]) {
      await expect(attempt()).rejects.toThrow(/Only Hana \(the host\) or a moderator can change party #1/);
    }
    const edited = await service.edit(MOD, id, { description: 'Moderated.' });
    expect(edited.changed).toEqual(['description']);
    // The server's moderator role counts too, as set at the moment of the change.
    const withRole = { ...BOB, access: { permissions: '0', roleIds: ['120000000000000009'] } };
    await expect(service.edit(withRole, id, { description: 'Bob was here.' })).rejects.toThrow(/Only Hana/);
    await setModeratorRole(store, GUILD, '120000000000000009');
    expect((await service.edit(withRole, id, { description: 'Bob was here.' })).changed).toEqual(['description']);
    time.set('2024-06-14T21:00:00Z');
    expect((await service.start(HOST, id)).status).toBe('started');
  });
});

describe('editing', () => {
  it('changes only what is given, clears with null, and refuses no-op edits', async () => {
    const { service } = await setup({ zone: 'America/New_York' });
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL, voiceChannelId: VOICE });
    const moved = await service.edit(HOST, id, { filmId: 'solaris-1972', when: 'saturday 8pm', voiceChannelId: null, location: 'The Roxy' });
    expect(moved.changed).toEqual(['film', 'time', 'voice channel', 'location']);
    expect(moved.party).toMatchObject({ film: { title: 'Solaris' }, startsAt: '2024-06-16T00:00:00.000Z', location: 'The Roxy' });
    expect(moved.party.voiceChannelId).toBeUndefined();
    await expect(service.edit(HOST, id, { location: 'The Roxy' })).rejects.toThrow(/changes nothing/);
    await expect(service.edit(HOST, id, { voiceChannelId: VOICE })).rejects.toThrow(/not both/);
  });

  it('refuses to change the film while its vote is open, and to edit a started party', async () => {
    const { service, time } = await setup();
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    await service.nominate(ALICE, id, 'alien-1979');
    await service.openVote(HOST, id);
    await expect(service.edit(HOST, id, { filmId: 'solaris-1972' })).rejects.toThrow(/vote is still open/);
    await service.vote(ALICE, id, 'alien-1979');
    await service.closeVote(HOST, id);
    time.set('2024-06-14T21:00:00Z');
    await service.start(HOST, id);
    await expect(service.edit(HOST, id, { description: 'late' })).rejects.toThrow(/has started; it can no longer be edited/);
    await expect(service.cancel(HOST, id)).rejects.toThrow(/already started; end it instead/);
  });
});

describe('ending a party: attendance becomes diary entries', () => {
  it('logs the film for Going members plus those in the voice channel, dated the party day in the server zone', async () => {
    // 23:30 in Paris on Friday 14 June is 21:30Z; it ends after midnight, on the 15th.
    const { service, diary, store, time } = await setup({ zone: 'Europe/Paris' });
    const { id } = await service.schedule(HOST, { filmId: 'holy-motors-2012', when: 'friday 23:30', channelId: CHANNEL, voiceChannelId: VOICE });
    await service.rsvp(ALICE, id, 'going');
    await service.rsvp(BOB, id, 'maybe');
    await service.rsvp(CAROL, id, 'not-going');
    await diary.addToWatchlist(ALICE, 'holy-motors-2012');
    time.set('2024-06-14T21:31:00Z');
    await service.start(HOST, id);
    time.set('2024-06-14T23:40:00Z');
    const ended = await service.end(HOST, id, {
      present: [
        { userId: ALICE.userId, name: 'Alice' },
        { userId: BOB.userId, name: 'Bob' },
        { userId: member(7).userId, name: 'Guest Seven' },
      ],
    });
    expect(ended.watchedOn).toBe('2024-06-14');
    expect(ended.wasStarted).toBe(true);
    expect(ended.attendees.map((a) => [a.name, a.via, a.alreadyLogged])).toEqual([
      ['Hana', 'going', false],
      ['Alice', 'going+voice', false],
      ['Bob', 'voice', false],
      ['Guest Seven', 'voice', false],
    ]);
    // Carol answered Not going and was not in the channel: no entry.
    expect(ended.attendees.some((a) => a.userId === CAROL.userId)).toBe(false);
    expect(ended.attendees.find((a) => a.userId === ALICE.userId)?.removedFromWatchlist).toBe(true);

    for (const attendee of [HOST, ALICE, BOB, member(7)]) {
      const page = await diary.diary(GUILD, attendee.userId);
      expect(page.items.map((item) => [item.film.filmId, item.watchedOn])).toEqual([['holy-motors-2012', '2024-06-14']]);
    }
    const activity = await diary.activity(GUILD, { filmId: 'holy-motors-2012' });
    expect(activity.items.filter((item) => item.kind === 'watched')).toHaveLength(4);
    expect((await store.read(GUILD)).members[member(7).userId]).toBe('Guest Seven');
    expect(ended.party.status).toBe('ended');
    expect(ended.party.attendees.map((a) => a.name)).toEqual(['Hana', 'Alice', 'Bob', 'Guest Seven']);

    // Each attendee can take their entry back with the diary's own undo.
    await diary.undo(BOB, ended.attendees.find((a) => a.userId === BOB.userId)!.undoToken!);
    expect((await diary.diary(GUILD, BOB.userId)).total).toBe(0);
  });

  it('uses the day in the zone, not UTC: a party at 01:00 in Tokyo is dated that Tokyo day', async () => {
    const { service, diary, time } = await setup({ zone: 'Asia/Tokyo' });
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'saturday 1:00am', channelId: CHANNEL });
    time.set('2024-06-14T19:00:00Z');
    const ended = await service.end(HOST, id);
    expect(ended.wasStarted).toBe(false);
    expect(ended.watchedOn).toBe('2024-06-15');
    expect((await diary.diary(GUILD, HOST.userId)).items[0]!.watchedOn).toBe('2024-06-15');
  });

  it('does not duplicate an entry a member logged themselves that day, and shows attendees with their ratings', async () => {
    const { service, diary, time } = await setup();
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 8pm', channelId: CHANNEL });
    await service.rsvp(ALICE, id, 'going');
    time.set('2024-06-14T21:00:00Z');
    await diary.watch(ALICE, 'stalker-1979', { stars: 4.5 });
    time.set('2024-06-14T22:50:00Z');
    const ended = await service.end(HOST, id);
    expect(ended.attendees.map((a) => [a.name, a.alreadyLogged, a.entry === undefined])).toEqual([
      ['Hana', false, false],
      ['Alice', true, true],
    ]);
    expect((await diary.diary(GUILD, ALICE.userId)).total).toBe(1);

    await diary.review(HOST, 'stalker-1979', { text: 'The zone is a state of mind.', stars: 5 });
    const shown = await service.show(GUILD, id);
    expect(shown.attendees.map((a) => [a.name, a.stars, a.reviewed])).toEqual([
      ['Hana', 5, true],
      ['Alice', 4.5, false],
    ]);
  });

  it('refuses to end before the start, twice, without a film, or with the vote still open', async () => {
    const { service, time } = await setup();
    const { id } = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
    await expect(service.end(HOST, id)).rejects.toThrow(/has not started yet \(it starts Friday 14 June 2024, 21:00 UTC\)/);
    time.set('2024-06-14T23:00:00Z');
    await expect(service.end(HOST, id)).rejects.toThrow(/has no film/);
    await expect(service.start(HOST, id)).rejects.toThrow(/has no film yet/);
    await service.nominate(ALICE, id, 'alien-1979');
    await service.nominate(BOB, id, 'solaris-1972');
    await service.openVote(HOST, id);
    await expect(service.end(HOST, id)).rejects.toThrow(/vote for party #1 is still open/);
    await service.vote(BOB, id, 'solaris-1972');
    await service.closeVote(HOST, id);
    const ended = await service.end(MOD, id);
    expect(ended.party.film?.title).toBe('Solaris');
    await expect(service.end(HOST, id)).rejects.toBeInstanceOf(UserError);
  });
});

describe('records from the Discord layer', () => {
  it('keeps the Scheduled Event id and the announcement and ballot messages', async () => {
    const { service } = await setup();
    const { id } = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    await service.recordEvent(GUILD, id, '130000000000000001');
    await service.recordAnnouncement(GUILD, id, { channelId: CHANNEL, messageId: '130000000000000002' });
    await service.nominate(ALICE, id, 'alien-1979');
    await service.openVote(HOST, id);
    await service.recordBallotMessage(GUILD, id, { channelId: CHANNEL, messageId: '130000000000000003' });
    const shown = await service.show(GUILD, id);
    expect(shown.eventId).toBe('130000000000000001');
    expect(shown.announcement).toEqual({ channelId: CHANNEL, messageId: '130000000000000002' });
    expect(shown.ballot?.message?.messageId).toBe('130000000000000003');
    const cancelled = await service.cancel(HOST, id);
    expect(cancelled.eventId).toBe('130000000000000001');
    await service.recordEvent(GUILD, id, null);
    expect((await service.show(GUILD, id)).eventId).toBeUndefined();
  });
});


