import { describe, expect, it } from 'vitest';
import { mergeMemberFilm, moveFilmRecords } from '../../src/catalog/mergeRecords.js';
import { emptyGuildData, type GuildData, type MemberFilm } from '../../src/store/schema.js';

const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T12:00:00.000Z`;
const entry = (id: string, watchedOn: string, extra: object = {}) => ({ id, watchedOn, loggedAt: at(20), ...extra });

describe('merging one member’s records of two entries of a film', () => {
  it('keeps every viewing, the same viewing logged on both once, and the latest rating', () => {
    const kept: MemberFilm = { diary: [entry('e1', '2024-01-01', { stars: 4 }), entry('e2', '2024-01-03')], rating: { stars: 4, at: at(1) } };
    const gone: MemberFilm = { diary: [entry('e3', '2024-01-03'), entry('e4', '2024-01-02', { review: { text: 'Again.', spoiler: false, createdAt: at(2) } })], rating: { stars: 2.5, at: at(2) } };
    const { record, moved } = mergeMemberFilm(kept, gone);
    expect(record.diary.map((item) => item.id)).toEqual(['e1', 'e4', 'e2']);
    expect(moved).toBe(1);
    expect(record.rating).toEqual({ stars: 2.5, at: at(2) });
  });

  it('never ends favorite and disliked at once, and drops a watchlist mark of a film seen', () => {
    const { record } = mergeMemberFilm({ diary: [entry('e1', '2024-01-01')], dislikeSince: at(1) }, { diary: [], favoriteSince: at(2), watchlistSince: at(3), seenSince: at(2) });
    expect(record.dislikeSince).toBe(at(1));
    expect(record.favoriteSince).toBeUndefined();
    expect(record.watchlistSince).toBeUndefined();
    expect(record.seenSince).toBe(at(2));
  });
});

describe('moving a server’s records from a duplicate', () => {
  it('moves member records, list entries and party nominations and votes, merging what both had', () => {
    const data = emptyGuildData() as GuildData;
    data.memberFilms = { [ALICE]: { dup: { diary: [entry('e1', '2024-01-01')] } }, [BOB]: { keep: { diary: [entry('e2', '2024-01-02')] }, dup: { diary: [], watchlistSince: at(1) } } } as never;
    data.undo = { [ALICE]: { u1: { token: 'u1', userId: ALICE, filmId: 'dup', at: at(1), eventIds: ['a1'], before: null, after: { diary: [] } } } } as never;
    data.lists.items = [
      { id: 'l1', name: 'Both', description: '', ranked: true, authorId: ALICE, createdAt: at(1), updatedAt: at(1), entries: [{ filmId: 'dup', position: 1, addedAt: at(1), addedBy: ALICE }, { filmId: 'keep', position: 2, addedAt: at(1), addedBy: ALICE }] },
      { id: 'l2', name: 'One', description: '', ranked: true, authorId: ALICE, createdAt: at(1), updatedAt: at(1), entries: [{ filmId: 'dup', position: 1, addedAt: at(1), addedBy: ALICE }] },
    ] as never;
    data.parties.list = [
      { id: 1, nominations: [{ filmId: 'keep', by: [ALICE], at: at(2) }, { filmId: 'dup', by: [BOB, ALICE], at: at(1) }], ballot: { openedAt: at(3), openedBy: ALICE, votes: { [ALICE]: 'dup', [BOB]: 'keep' } } },
      { id: 2, filmId: 'dup', nominations: [] },
    ] as never;

    const counts = moveFilmRecords(data, 'keep', 'dup');
    expect(counts).toEqual({ members: 2, viewings: 1, lists: 2, parties: 2 });
    expect(Object.keys(data.memberFilms[ALICE]!)).toEqual(['keep']);
    expect(data.memberFilms[BOB]!['keep']!.diary).toHaveLength(1);
    expect(data.memberFilms[BOB]!['keep']!.watchlistSince).toBeUndefined();
    expect(data.undo[ALICE]).toBeUndefined();
    expect(data.lists.items[0]!.entries).toEqual([{ filmId: 'keep', position: 1, addedAt: at(1), addedBy: ALICE }]);
    expect(data.lists.items[1]!.entries.map((item) => item.filmId)).toEqual(['keep']);
    const party = data.parties.list[0]!;
    expect(party.nominations).toEqual([{ filmId: 'keep', by: [ALICE, BOB], at: at(1) }]);
    expect(party.ballot!.votes).toEqual({ [ALICE]: 'keep', [BOB]: 'keep' });
    expect(data.parties.list[1]!.filmId).toBe('keep');
  });
});

describe('merging two nominations of one party', () => {
  it('keeps the merged nomination where the earlier of the two was, so "a tie goes to the film nominated first" still holds', () => {
    const data = emptyGuildData() as GuildData;
    data.parties.list = [
      { id: 1, nominations: [{ filmId: 'dup', by: [BOB], at: at(1) }, { filmId: 'other', by: [ALICE], at: at(2) }, { filmId: 'keep', by: [ALICE], at: at(3) }], ballot: { openedAt: at(4), openedBy: ALICE, votes: { [ALICE]: 'other', [BOB]: 'dup' } } },
    ] as never;
    moveFilmRecords(data, 'keep', 'dup');
    const party = data.parties.list[0]!;
    expect(party.nominations).toEqual([
      { filmId: 'keep', by: [ALICE, BOB], at: at(1) },
      { filmId: 'other', by: [ALICE], at: at(2) },
    ]);
  });
});

describe('merging two entries of one list', () => {
  it('keeps the kept film’s place, and the removed entry’s note when the kept one has none', () => {
    const data = emptyGuildData() as GuildData;
    const row = (filmId: string, position: number, note?: string) => ({ filmId, position, addedAt: at(1), addedBy: ALICE, ...(note ? { note } : {}) });
    data.lists.items = [
      { id: 'l1', name: 'Noted', description: '', ranked: true, authorId: ALICE, createdAt: at(1), updatedAt: at(1), entries: [row('dup', 1, 'The zone'), row('x', 2), row('keep', 3)] },
      { id: 'l2', name: 'Both noted', description: '', ranked: true, authorId: ALICE, createdAt: at(1), updatedAt: at(1), entries: [row('keep', 1, 'Ours'), row('dup', 2, 'Theirs')] },
    ] as never;
    moveFilmRecords(data, 'keep', 'dup');
    expect(data.lists.items[0]!.entries).toEqual([row('x', 1), row('keep', 2, 'The zone')]);
    expect(data.lists.items[1]!.entries).toEqual([row('keep', 1, 'Ours')]);
  });
});
