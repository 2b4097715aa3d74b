import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GuildHandle, Message } from '../../src/local-discord/index.js';
import { openPostgresGuildStore } from '../../src/store/postgresStore.js';
import { createDatabase } from '../support/postgres.js';
import { Cluster, counterTotal, type ShardProcess } from './cluster.js';

// Two bot processes, one shard each (SHARD_COUNT=2), on one PostgreSQL, against servers spread over both shards.
let cluster: Cluster;
let shard0: ShardProcess;
let shard1: ShardProcess;

beforeAll(async () => {
  const databaseUrl = await createDatabase(inject('postgresUrl'), `scale_${randomBytes(4).toString('hex')}`);
  // A generous acknowledgement deadline: the processes share two busy cores with the test; speed is bench:scale's.
  cluster = await Cluster.start({ databaseUrl, shardCount: 2, perShard: 2, discord: { ackDeadlineMs: 15_000 } });
  [shard0, shard1] = await Promise.all([cluster.startShards('0', { LOG_FORMAT: 'json' }), cluster.startShards('1')]);
}, 300_000);

afterAll(async () => cluster?.stop());

/** Each server's data as any other process sees it: read straight from the database by a store of its own. */
async function readFromDatabase(guildId: string) {
  const store = await openPostgresGuildStore({ connectionString: cluster.databaseUrl });
  try {
    return await store.read(guildId);
  } finally {
    await store.close();
  }
}

function diaryCount(data: Awaited<ReturnType<typeof readFromDatabase>>, userId: string, filmId: string): number {
  return data.memberFilms[userId]?.[filmId]?.diary.length ?? 0;
}

describe('two shard processes on one database', () => {
  it('routes each server to the process running its shard, and one process sees what the other wrote', async () => {
    expect(cluster.guilds.length).toBeGreaterThanOrEqual(4);
    const before = [counterTotal(await shard0.metrics(), 'marquee_interactions_total'), counterTotal(await shard1.metrics(), 'marquee_interactions_total')];
    const sent = [0, 0];
    for (const [shard, guilds] of [cluster.guildsOfShard(0), cluster.guildsOfShard(1)].entries()) {
      for (const guild of guilds) {
        const member = guild.addMember({ username: `viewer${shard}` });
        const reply = await member.slash('watched', { film: 'heat-1995', date: '2024-05-17' });
        expect(reply.content).toMatch(/^Logged \*\*Heat \(1995\)\*\* as watched on 2024-05-17/);
        sent[shard]! += 1;
      }
    }
    const after = [counterTotal(await shard0.metrics(), 'marquee_interactions_total'), counterTotal(await shard1.metrics(), 'marquee_interactions_total')];
    // Each process handled exactly the interactions of its own servers.
    expect(after[0]! - before[0]!).toBe(sent[0]);
    expect(after[1]! - before[1]!).toBe(sent[1]);
    expect(await shard0.metrics()).toMatch(/^marquee_shards_connected\{shards="0"\} 1$/m);

    // A diary written through shard 0 is in the database for every other process (a backup, the other shard).
    const guild = cluster.guildsOfShard(0)[0]!;
    const writer = guild.addMember({ username: 'diarist' });
    expect((await writer.slash('watched', { film: 'vertigo-1958', date: '2024-06-01' })).content).toMatch(/^Logged/);
    expect(diaryCount(await readFromDatabase(guild.id), writer.id, 'vertigo-1958')).toBe(1);
    // The JSON log lines of shard 0's process name its shard.
    expect(shard0.output.join('')).toMatch(/"shards":\[0\],"shardCount":2/);
    expect(cluster.discord.violations).toEqual([]);
  }, 300_000);

  it('loses no acknowledged change and duplicates none when a process is killed -9 mid-storm and restarted', async () => {
    const guild: GuildHandle = cluster.guildsOfShard(1)[0]!;
    const films = ['amelie-2001', 'parasite-2019', 'stalker-1979'];
    const members = Array.from({ length: 30 }, (_, i) => guild.addMember({ username: `storm${i}` }));
    const acknowledged: { userId: string; filmId: string }[] = [];
    let killed = false;
    const storm = members.flatMap((member) =>
      films.map(async (filmId) => {
        const reply: Message = await member.slash('watched', { film: filmId });
        if (reply.content.startsWith('Logged')) acknowledged.push({ userId: member.id, filmId });
        // Kill the shard's process once a handful of changes were acknowledged, with the rest still in flight.
        // (Synchronously, on the first acknowledgement: replies of one write batch arrive together.)
        if (!killed) {
          killed = true;
          shard1.child.kill('SIGKILL');
        }
      }),
    );
    await Promise.allSettled(storm);
    expect(killed).toBe(true);
    await shard1.stop('SIGKILL');
    const restartedAt = Date.now();
    shard1 = await cluster.startShards('1');
    // The server answers again, through the restarted process.
    const probe = await members[0]!.slash('profile', {});
    expect(probe.v2 ?? probe.embed).toBeDefined();
    const recovery = Date.now() - restartedAt;

    const stored = await readFromDatabase(guild.id);
    for (const { userId, filmId } of acknowledged) expect(diaryCount(stored, userId, filmId), `${userId} ${filmId}`).toBe(1);
    // Nothing is stored twice: every (member, film) was logged at most once.
    for (const member of members) for (const filmId of films) expect(diaryCount(stored, member.id, filmId)).toBeLessThanOrEqual(1);
    expect(acknowledged.length).toBeGreaterThanOrEqual(1);
    console.log(`storm: ${acknowledged.length}/${members.length * films.length} acknowledged before kill -9; answering again ${recovery} ms after the restart began`);
  }, 400_000);

  it('sends a reminder due while its shard restarts exactly once, even with two processes on that shard', async () => {
    const guild = cluster.guildsOfShard(1)[1] ?? cluster.guildsOfShard(1)[0]!;
    const host = guild.addMember({ username: 'host' });
    const announcement = await host.slash('party', { film: 'amelie-2001', when: 'in 15 seconds' }, { subcommand: 'schedule' });
    // The reply says the party's number and when it starts ("Watch party #3 (…) is scheduled for <t:…:F> …").
    const said = [announcement.content, announcement.v2?.text ?? ''].join('\n');
    const id = Number(/Watch party #(\d+)/.exec(said)?.[1]);
    expect(id).toBeGreaterThan(0);
    const isStart = (message: Message) => message.content.startsWith(`🎬 Watch party #${id}:`);
    await shard1.stop('SIGKILL');

    // Down while it comes due; then two processes start on shard 1 together, as in an overlapping rolling restart.
    const dueAt = Number(/<t:(\d+):F>/.exec(said)?.[1]) * 1000 || Date.now() + 15_000;
    while (Date.now() < dueAt) await new Promise((resolve) => setTimeout(resolve, 250));
    const [first, second] = await Promise.all([cluster.startShards('1'), cluster.startShards('1')]);
    shard1 = first;
    const reminder = await cluster.discord.waitForMessage(guild.defaultChannel, isStart, 30_000);
    expect(reminder.content).toContain('is starting now');

    // Both processes have finished with it once the ledger records it sent and the second one stopped gracefully.
    const pool = new pg.Pool({ connectionString: cluster.databaseUrl });
    try {
      const deadline = Date.now() + 30_000;
      let state = '';
      while (state !== 'sent' && Date.now() < deadline) {
        state = (await pool.query<{ state: string }>(`SELECT state FROM marquee_due_work WHERE work_key LIKE $1`, [`reminder:${guild.id}:${id}:start:%`])).rows[0]?.state ?? '';
        if (state !== 'sent') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(state).toBe('sent');
    } finally {
      await pool.end();
    }
    expect(await second.stop()).toBe(0);
    expect(cluster.discord.messages(guild.defaultChannel).filter(isStart)).toHaveLength(1);
  }, 400_000);
});
