import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReminderScheduler, type ReminderDelivery } from '../../src/parties/scheduler.js';
import { PartyService } from '../../src/parties/service.js';
import { openFileGuildStore } from '../../src/store/fileStore.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { ALICE, CHANNEL, FakeTime, GUILD, HOST, VOICE, catalog } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const QUIET = ['110000000000000002', '110000000000000003'];
const ENDED = '110000000000000004';
const WEDNESDAY = '2024-06-12T12:00:00Z';

/** The store as the scheduler sees it, recording which servers it loaded whole (read) and which it only peeked at. */
function watched(store: GuildStore) {
  const loaded: string[] = [];
  const peeked: string[] = [];
  const proxy = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'read') return (guildId: string) => (loaded.push(guildId), target.read(guildId));
      if (property === 'readValue') return (guildId: string, field: string) => (peeked.push(guildId), target.readValue!(guildId, field));
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store: proxy, loaded, peeked };
}

function scheduler(store: GuildStore, time: FakeTime, sent: ReminderDelivery[]) {
  return new ReminderScheduler({ store, films: catalog(), now: time.now, setTimer: time.setTimer, clearTimer: time.clearTimer, send: async (delivery) => void sent.push(delivery) });
}

describe('reminders at start-up on the embedded store', () => {
  it('loads only the servers that have reminders to come, and still sends those', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-reminder-start-'));
    dirs.push(dataDir);
    const time = new FakeTime(WEDNESDAY);
    const sent: ReminderDelivery[] = [];

    const first = await openFileGuildStore({ dataDir });
    const films = catalog();
    const firstScheduler = scheduler(first, time, sent);
    const service = new PartyService({ store: first, films, now: time.now, onChange: (guildId) => firstScheduler.refresh(guildId) });
    await firstScheduler.start();
    await first.update(GUILD, (data) => void (data.config.timezone = 'Europe/Paris'));
    const party = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL, voiceChannelId: VOICE });
    await service.rsvp(ALICE, party.id, 'going');
    // Servers with diaries but no party, and one whose only party was cancelled: nothing to plan there.
    for (const guildId of QUIET) await first.update(guildId, (data) => void (data.members[ALICE.userId] = 'Alice'));
    const ended = await service.schedule({ ...HOST, guildId: ENDED }, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    await service.cancel({ ...HOST, guildId: ENDED }, ended.id);
    await firstScheduler.stop();
    await first.close();

    const second = watched(await openFileGuildStore({ dataDir }));
    const restarted = scheduler(second.store, time, sent);
    await restarted.start();
    expect(second.peeked.sort()).toEqual([GUILD, ...QUIET, ENDED].sort());
    expect([...new Set(second.loaded)]).toEqual([GUILD]);
    expect(restarted.armed).toBe(2);
    await time.advanceTo('2024-06-14T19:00:00Z', restarted);
    expect(sent.map((delivery) => [delivery.guildId, delivery.kind])).toEqual([
      [GUILD, 'lead'],
      [GUILD, 'start'],
    ]);
    await restarted.stop();
    await second.store.close();
  });

  it("reads a server's parties from its own file and the journal, without loading the server", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'marquee-reminder-start-'));
    dirs.push(dataDir);
    const time = new FakeTime(WEDNESDAY);
    // A long checkpoint delay: the party stays in the journal only, as after a crash.
    const writer = await openFileGuildStore({ dataDir, checkpointDelayMs: 60_000 });
    const service = new PartyService({ store: writer, films: catalog(), now: time.now });
    await writer.update(GUILD, (data) => void (data.members[ALICE.userId] = 'Alice'));
    const party = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    // A read-only store reads the files as a restarted process would (the writer's checkpoint has not run).
    const reader = await openFileGuildStore({ dataDir, readOnly: true });
    const parties = (await reader.readValue!(GUILD, 'parties')) as { list: { id: number; reminders: unknown[] }[] };
    expect(parties.list.map((stored) => [stored.id, stored.reminders.length])).toEqual([[party.id, 2]]);
    expect(await reader.readValue!('110000000000000009', 'parties')).toMatchObject({ list: [], nextId: 1 });
    await expect(reader.readValue!(GUILD, 'memberFilms')).rejects.toThrow(/No value shelf/);
    await reader.close();
    await writer.close();
  });
});
