import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openScaleDatabase } from '../../src/scale/database.js';
import { DueWorkLedger } from '../../src/scale/dueWork.js';

let pool: pg.Pool;
beforeAll(async () => {
  pool = await openScaleDatabase({ connectionString: inject('postgresUrl'), schema: `due_${randomBytes(4).toString('hex')}` });
});
afterAll(async () => pool?.end());

const work = (name: string) => ({ key: `reminder:${name}:${randomBytes(3).toString('hex')}`, guildId: '175928847299117063', dueAt: '2026-12-07T20:00:00.000Z' });

describe('the due-work ledger in PostgreSQL', () => {
  it('gives a reminder to exactly one of many processes claiming it at once, and says done afterwards', async () => {
    const ledgers = Array.from({ length: 8 }, () => new DueWorkLedger(pool));
    const item = work('race');
    const claims = await Promise.all(ledgers.map((ledger) => ledger.claim(item)));
    const winners = claims.flatMap((claim, index) => (claim.kind === 'send' ? [index] : []));
    expect(winners).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'busy')).toHaveLength(7);
    await ledgers[winners[0]!]!.finish(item.key, 'sent');
    expect(await ledgers[0]!.claim(item)).toEqual({ kind: 'done' });
  });

  it('lets another process retry with the same nonce once a dead holder\'s lease ran out, and not past the nonce window', async () => {
    const dead = new DueWorkLedger(pool, { leaseMs: 1 });
    const item = work('crash');
    const first = await dead.claim(item);
    expect(first).toMatchObject({ kind: 'send', retry: false });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the lease (1 ms) has run out; no outcome recorded
    const heir = new DueWorkLedger(pool);
    const retry = await heir.claim(item);
    expect(retry).toEqual({ kind: 'send', retry: true, nonce: (first as { nonce: string }).nonce });
    // The dead process cannot record an outcome over the heir's claim.
    await dead.finish(item.key, 'failed');
    await heir.finish(item.key, 'sent');
    expect((await pool.query('SELECT state, attempts FROM marquee_due_work WHERE work_key = $1', [item.key])).rows[0]).toEqual({ state: 'sent', attempts: 2 });

    const stale = work('stale');
    await new DueWorkLedger(pool, { leaseMs: 1 }).claim(stale);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await new DueWorkLedger(pool, { nonceWindowMs: 10 }).claim(stale)).toEqual({ kind: 'expired' });
  });

  it('hands its claims back at shutdown and releases one it did not use', async () => {
    const leaving = new DueWorkLedger(pool, { leaseMs: 60_000 });
    const item = work('handover');
    expect((await leaving.claim(item)).kind).toBe('send');
    const next = new DueWorkLedger(pool);
    expect((await next.claim(item)).kind).toBe('busy');
    expect(await leaving.releaseAll()).toBe(1);
    expect(await next.claim(item)).toMatchObject({ kind: 'send', retry: true });

    const unused = work('unused');
    expect((await next.claim(unused)).kind).toBe('send');
    await next.release(unused.key);
    expect(await leaving.claim(unused)).toMatchObject({ kind: 'send', retry: false });
  });
});
