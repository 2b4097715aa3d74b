import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/store/document.js';
import type { Change, Layout } from '../../src/store/layout.js';
import { isLogView, logView } from '../../src/store/logView.js';
import { RecordStore } from '../../src/store/recordStore.js';
import { ActivityEvent, guildLayout } from '../../src/store/schema.js';
import { failingPersistence, GUILD_A, USER } from './contract.js';

const event = (n: number): ActivityEvent => ({ id: `e${n}`, at: '2024-06-01T10:00:00.000Z', userId: USER, filmId: 'irma-vep-1996', kind: 'watched' });
const ids = (items: readonly unknown[]) => Array.from({ length: items.length }, (_, i) => (items[i] as ActivityEvent).id);

/** A memory store whose next commit can be made to fail. */
function storeWithFaults(): { store: RecordStore; fail: { next: boolean } } {
  const { persistence, fail } = failingPersistence();
  return { store: new RecordStore(guildLayout(), persistence), fail };
}

describe('log views (the feed is shared between snapshots, not copied per write)', () => {
  it('behaves as a read-only array: indexing, length, methods, iteration, JSON, keys', () => {
    const backing = [event(1), event(2), event(3), event(4)];
    const view = logView({ backing, start: 1, end: 3 });
    expect(Array.isArray(view)).toBe(true);
    expect(view.length).toBe(2);
    expect(view[0]).toBe(backing[1]);
    expect(view[2]).toBeUndefined();
    expect(view.at(-1)).toBe(backing[2]);
    expect(view.map((item) => (item as ActivityEvent).id)).toEqual(['e2', 'e3']);
    expect([...view].map((item) => (item as ActivityEvent).id)).toEqual(['e2', 'e3']);
    expect(Object.keys(view)).toEqual(['0', '1']);
    expect(1 in view).toBe(true);
    expect(2 in view).toBe(false);
    expect(JSON.parse(JSON.stringify(view))).toEqual([backing[1], backing[2]]);
    expect(view).toEqual([backing[1], backing[2]]);
    expect(() => ((view as unknown[])[0] = event(9))).toThrow(/read-only/);
    expect(() => (view as unknown[]).push(event(9))).toThrow();
    expect(backing).toHaveLength(4);
  });

  it('keeps every snapshot as it was while later writes append to and trim the feed, through more than one compaction', async () => {
    const { store } = storeWithFaults();
    const snapshots: { data: readonly unknown[]; expected: string[] }[] = [];
    let n = 0;
    // Capped at 100 items, as the feed is (at a smaller cap): every write appends one and drops the oldest.
    for (let write = 0; write < 2500; write++) {
      await store.update(GUILD_A, (data) => {
        data.activity.push(event(++n));
        if (data.activity.length > 100) data.activity.splice(0, data.activity.length - 100);
      });
      if (write % 250 === 0 || write > 2490) {
        const data = (await store.read(GUILD_A)).activity;
        snapshots.push({ data, expected: ids(data) });
      }
    }
    const latest = (await store.read(GUILD_A)).activity;
    expect(isLogView(latest)).toBe(true);
    expect(ids(latest)).toEqual(Array.from({ length: 100 }, (_, i) => `e${n - 99 + i}`));
    for (const { data, expected } of snapshots) expect(ids(data)).toEqual(expected);
  });

  it('a batch whose commit failed leaves nothing behind for the next one to see', async () => {
    const { store, fail } = storeWithFaults();
    await store.update(GUILD_A, (data) => void data.activity.push(event(1), event(2)));
    const before = (await store.read(GUILD_A)).activity;
    fail.next = true;
    await expect(store.update(GUILD_A, (data) => void data.activity.push(event(3)))).rejects.toThrow('disk full');
    fail.next = false;
    await store.update(GUILD_A, (data) => void data.activity.push(event(4)));
    expect(ids((await store.read(GUILD_A)).activity)).toEqual(['e1', 'e2', 'e4']);
    expect(ids(before)).toEqual(['e1', 'e2']);
  });

  it('removing from the middle (an undo) leaves earlier snapshots whole', async () => {
    const { store } = storeWithFaults();
    await store.update(GUILD_A, (data) => void data.activity.push(event(1), event(2), event(3)));
    const before = (await store.read(GUILD_A)).activity;
    await store.update(GUILD_A, (data) => (data.activity = data.activity.filter((item) => item.id !== 'e2')));
    await store.update(GUILD_A, (data) => void data.activity.push(event(4)));
    expect(ids((await store.read(GUILD_A)).activity)).toEqual(['e1', 'e3', 'e4']);
    expect(ids(before)).toEqual(['e1', 'e2', 'e3']);
  });

  it('replaying journal changes over a view skips items already present', () => {
    const layout: Layout = { version: 1, shelves: [{ kind: 'log', field: 'activity', item: ActivityEvent, id: (item) => (item as ActivityEvent).id }] };
    const add = (...items: ActivityEvent[]): Change => ({ kind: 'log', field: 'activity', added: items, removed: [] });
    const once = applyChanges(layout, { version: 1, activity: [] }, [add(event(1), event(2))]);
    const again = applyChanges(layout, once, [add(event(2), event(3))], { replay: true });
    expect(ids(again['activity'] as unknown[])).toEqual(['e1', 'e2', 'e3']);
    expect(ids(once['activity'] as unknown[])).toEqual(['e1', 'e2']);
  });
});
