import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ReminderScheduler, type ReminderDelivery } from '../../src/parties/scheduler.js';
import { PartyService } from '../../src/parties/service.js';
import { openScaleDatabase } from '../../src/scale/database.js';
import { DueWorkLedger } from '../../src/scale/dueWork.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, CHANNEL, FakeTime, GUILD, HOST, MINUTE, catalog } from '../parties/helpers.js';

/**
 * A starting process plans reminders from the ledger's index (marquee_due_work rows in state `scheduled`): it reads
 * only the servers that have reminders to send, not every server, and still sends each reminder exactly once.
 */
let pool: pg.Pool;
beforeAll(async () => {
  pool = await openScaleDatabase({ connectionString: inject('postgresUrl'), schema: `idx_${randomBytes(4).toString('hex')}` });
});
afterAll(async () => pool?.end());

const QUIET = ['110000000000000002', '110000000000000003', '110000000000000004'];

/** The store, counting which servers were read. */
function counting(store: GuildStore): GuildStore & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    read: (guildId) => {
      reads.set(guildId, (reads.get(guildId) ?? 0) + 1);
      return store.read(guildId);
    },
    update: (guildId, fn) => store.update(guildId, fn),
    guildIds: () => store.guildIds(),
    close: async () => undefined,
  };
}

function boot(store: GuildStore, time: FakeTime, sent: ReminderDelivery[], scopes = ['1:0']) {
  const ledger = new DueWorkLedger(pool, { scopes });
  const scheduler = new ReminderScheduler({
    store,
    films: catalog(),
    now: time.now,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    ledger,
    send: async (delivery) => void sent.push(delivery),
  });
  const service = new PartyService({ store, films: catalog(), now: time.now, onChange: (guildId) => scheduler.refresh(guildId) });
  return { ledger, scheduler, service };
}

describe('planning reminders from the due-work index', () => {
  it('reads every server once to build the index, then only the servers with reminders; each reminder is sent once', async () => {
    const backing = createMemoryGuildStore();
    for (const guildId of [GUILD, ...QUIET]) await backing.update(guildId, (data) => void (data.members['210000000000000099'] = 'someone'));
    const time = new FakeTime(new Date().toISOString());
    const sent: ReminderDelivery[] = [];

    // First start on this database: not indexed yet, so every server is read, then the scope is marked indexed.
    const first = counting(backing);
    const one = boot(first, time, sent);
    expect(await one.ledger.plannedGuilds()).toBeUndefined();
    await one.scheduler.start();
    expect([...first.reads.keys()].sort()).toEqual([GUILD, ...QUIET].sort());
    expect(await one.ledger.plannedGuilds()).toEqual([]);

    const party = await one.service.schedule(HOST, { filmId: 'stalker-1979', when: 'in 3 hours', channelId: CHANNEL });
    await one.service.rsvp(ALICE, party.id, 'going');
    expect(await one.ledger.plannedGuilds()).toEqual([GUILD]);
    const rows = await pool.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM marquee_due_work GROUP BY state');
    expect(rows.rows).toEqual([{ state: 'scheduled', n: '2' }]); // the lead reminder and the one at the start
    // The process dies: its timers go, nothing is handed back in the database.
    await one.scheduler.stop();

    // A restart reads the one server with reminders, not the quiet ones, and sends both reminders once.
    const second = counting(backing);
    const two = boot(second, time, sent);
    await two.scheduler.start();
    expect([...second.reads.keys()]).toEqual([GUILD]);
    expect(two.scheduler.armed).toBe(2);
    await time.advance(3 * 60 * MINUTE + MINUTE, two.scheduler);
    expect(sent.map((delivery) => delivery.kind)).toEqual(['lead', 'start']);
    expect(sent.every((delivery) => delivery.nonce && delivery.goingUserIds.includes(ALICE.userId))).toBe(true);
    expect(await two.ledger.counts()).toEqual({ sent: 2 });

    // Nothing left to plan: the next start reads no server at all.
    const third = counting(backing);
    const three = boot(third, time, sent);
    await three.scheduler.start();
    expect(third.reads.size).toBe(0);
    expect(sent).toHaveLength(2);

    // A shard of another shard count has not been indexed yet: its first process reads its servers again.
    const resharded = boot(counting(backing), time, sent, ['4:0', '4:1']);
    expect(await resharded.ledger.plannedGuilds()).toBeUndefined();
    for (const scheduler of [two.scheduler, three.scheduler]) await scheduler.stop();
    await backing.close();
  });

  it('turns a planned row into a claim with a fresh nonce, and a released claim back into a plan', async () => {
    const ledger = new DueWorkLedger(pool, { scopes: ['1:0'] });
    const key = `reminder:${GUILD}:77:start:${randomBytes(3).toString('hex')}`;
    const work = { key, guildId: GUILD, dueAt: new Date(Date.now() + 60_000).toISOString() };
    await ledger.schedule(GUILD, [work]);
    await ledger.schedule(GUILD, [work]); // again: no change
    const claim = await ledger.claim(work);
    expect(claim).toMatchObject({ kind: 'send', retry: false });
    const nonce = (claim as { nonce: string }).nonce;
    expect(nonce).toHaveLength(20);
    // Planning it again (a refresh of the server) leaves the claim alone.
    await ledger.schedule(GUILD, [work]);
    expect((await new DueWorkLedger(pool).claim(work)).kind).toBe('busy');
    await ledger.release(key);
    expect((await pool.query('SELECT state FROM marquee_due_work WHERE work_key = $1', [key])).rows[0]).toEqual({ state: 'scheduled' });
    expect(await new DueWorkLedger(pool).claim(work)).toEqual({ kind: 'send', retry: false, nonce });
  });
});
