import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { PartyService } from '../../src/parties/service.js';
import { TIE_BREAK_RULE } from '../../src/parties/ballot.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { ALICE, BOB, CAROL, CHANNEL, FakeTime, HOST, MINUTE, MOD, catalog, member } from './helpers.js';

async function partyWithNominations(films: string[] = ['stalker-1979', 'alien-1979', 'paddington-2-2017']) {
  const time = new FakeTime('2024-06-12T12:00:00Z');
  const service = new PartyService({ store: createMemoryGuildStore(), films: catalog(), now: () => {
    time.set(new Date(time.now().getTime() + MINUTE).toISOString());
    return time.now();
  } });
  const party = await service.schedule(HOST, { when: 'friday 9pm', channelId: CHANNEL });
  const nominators = [ALICE, BOB, CAROL];
  for (const [index, filmId] of films.entries()) await service.nominate(nominators[index % 3]!, party.id, filmId);
  return { service, id: party.id };
}

describe('nominations', () => {
  it('merges a duplicate nomination into the first one, keeping its place', async () => {
    const { service, id } = await partyWithNominations(['stalker-1979', 'alien-1979']);
    const again = await service.nominate(CAROL, id, 'stalker-1979');
    expect(again.merged).toBe(true);
    expect(again.nominatedBy.map((p) => p.name)).toEqual(['Alice', 'Carol']);
    expect(again.party.nominations.map((n) => n.film.title)).toEqual(['Stalker', 'Alien']);
    // Nominating twice yourself does not list you twice.
    const twice = await service.nominate(ALICE, id, 'stalker-1979');
    expect(twice.nominatedBy.map((p) => p.name)).toEqual(['Alice', 'Carol']);
  });

  it('a film scheduled with the party is its first nomination', async () => {
    const service = new PartyService({ store: createMemoryGuildStore(), films: catalog(), now: () => new Date('2024-06-12T12:00:00Z') });
    const party = await service.schedule(HOST, { filmId: 'holy-motors-2012', when: 'friday 9pm', channelId: CHANNEL });
    expect(party.nominations.map((n) => [n.film.title, n.nominatedBy[0]?.name])).toEqual([['Holy Motors', 'Hana']]);
  });

  it('refuses unknown films, and nominations once the vote is open', async () => {
    const { service, id } = await partyWithNominations(['stalker-1979', 'alien-1979']);
    await expect(service.nominate(ALICE, id, 'no-such-film-1999')).rejects.toThrow(/don't know a film/);
    await service.openVote(HOST, id);
    await expect(service.nominate(ALICE, id, 'solaris-1972')).rejects.toThrow(/nominations closed when it opened/);
  });

  it('needs two nominations to open a vote, and only the host or a moderator opens it', async () => {
    const { service, id } = await partyWithNominations(['stalker-1979']);
    await expect(service.openVote(HOST, id)).rejects.toThrow(/at least two nominated films/);
    await service.nominate(BOB, id, 'alien-1979');
    await expect(service.openVote(ALICE, id)).rejects.toThrow(/Only Hana \(the host\) or a moderator/);
    const ballot = await service.openVote(MOD, id);
    expect(ballot.open).toBe(true);
    expect(ballot.tieBreakRule).toBe(TIE_BREAK_RULE);
    expect(ballot.options.map((option) => [option.film.title, option.votes])).toEqual([
      ['Stalker', 0],
      ['Alien', 0],
    ]);
  });
});

describe('voting', () => {
  it('counts one vote per member; a changed vote moves, a repeated one changes nothing', async () => {
    const { service, id } = await partyWithNominations();
    await service.openVote(HOST, id);
    await service.vote(ALICE, id, 'stalker-1979');
    await service.vote(BOB, id, 'stalker-1979');
    let result = await service.vote(CAROL, id, 'alien-1979');
    expect(result.ballot.options.map((o) => o.votes)).toEqual([2, 1, 0]);
    expect(result.ballot.leaders).toEqual(['stalker-1979']);

    result = await service.vote(BOB, id, 'alien-1979');
    expect(result.changed).toBe(true);
    expect(result.previous?.title).toBe('Stalker');
    expect(result.ballot.options.map((o) => o.votes)).toEqual([1, 2, 0]);
    expect(result.ballot.totalVotes).toBe(3);

    result = await service.vote(BOB, id, 'alien-1979');
    expect(result.changed).toBe(false);
    expect(result.ballot.options.map((o) => o.votes)).toEqual([1, 2, 0]);

    const retracted = await service.retractVote(BOB, id);
    expect(retracted.options.map((o) => o.votes)).toEqual([1, 1, 0]);
    expect(retracted.leaders).toEqual(['stalker-1979', 'alien-1979']);
    await expect(service.retractVote(BOB, id)).rejects.toThrow(/have not voted/);
  });

  it('refuses votes for films not on the ballot, and votes before it opens or after it closes', async () => {
    const { service, id } = await partyWithNominations();
    await expect(service.vote(ALICE, id, 'stalker-1979')).rejects.toThrow(/no vote open/);
    await service.openVote(HOST, id);
    await expect(service.vote(ALICE, id, 'solaris-1972')).rejects.toThrow(/not on the ballot/);
    await service.vote(ALICE, id, 'stalker-1979');
    await service.closeVote(HOST, id);
    await expect(service.vote(BOB, id, 'alien-1979')).rejects.toThrow(/vote for party #1 is over/);
  });

  it('the winner becomes the party film; only the host or a moderator closes; an empty ballot cannot close', async () => {
    const { service, id } = await partyWithNominations();
    await service.openVote(HOST, id);
    await expect(service.closeVote(HOST, id)).rejects.toThrow(/Nobody has voted yet/);
    await service.vote(ALICE, id, 'paddington-2-2017');
    await service.vote(BOB, id, 'paddington-2-2017');
    await service.vote(CAROL, id, 'alien-1979');
    await expect(service.closeVote(ALICE, id)).rejects.toBeInstanceOf(UserError);
    const closed = await service.closeVote(MOD, id);
    expect(closed.winner.title).toBe('Paddington 2');
    expect(closed.tiedWith).toEqual([]);
    expect(closed.totalVotes).toBe(3);
    expect(closed.party.film?.title).toBe('Paddington 2');
    expect(closed.ballot.open).toBe(false);
    expect(closed.ballot.winner?.title).toBe('Paddington 2');
    expect((await service.show(HOST.guildId, id)).film?.title).toBe('Paddington 2');
    await expect(service.closeVote(HOST, id)).rejects.toThrow(/is over/);
  });

  it('breaks a tie by the stated rule: the film nominated first wins, whatever the vote order', async () => {
    const { service, id } = await partyWithNominations(['stalker-1979', 'alien-1979', 'paddington-2-2017']);
    await service.openVote(HOST, id);
    // Alien gets its votes first, and Paddington (third) ties too; Stalker was nominated first.
    await service.vote(member(11), id, 'alien-1979');
    await service.vote(member(12), id, 'paddington-2-2017');
    await service.vote(member(13), id, 'stalker-1979');
    await service.vote(member(14), id, 'alien-1979');
    await service.vote(member(15), id, 'stalker-1979');
    await service.vote(member(16), id, 'paddington-2-2017');
    const closed = await service.closeVote(HOST, id);
    expect(closed.winner.title).toBe('Stalker');
    expect(closed.tiedWith.map((film) => film.title)).toEqual(['Stalker', 'Alien', 'Paddington 2']);
  });

  it('a tie created by a changed vote is broken the same way', async () => {
    const { service, id } = await partyWithNominations(['stalker-1979', 'alien-1979']);
    await service.openVote(HOST, id);
    await service.vote(ALICE, id, 'alien-1979');
    await service.vote(BOB, id, 'alien-1979');
    await service.vote(CAROL, id, 'stalker-1979');
    await service.vote(BOB, id, 'stalker-1979'); // 2–1 for Stalker
    await service.vote(ALICE, id, 'stalker-1979'); // 3–0
    await service.vote(ALICE, id, 'alien-1979'); // 2–1
    await service.vote(CAROL, id, 'alien-1979'); // 1–2 for Alien
    await service.vote(BOB, id, 'alien-1979'); // 0–3
    await service.vote(BOB, id, 'stalker-1979'); // 1–2
    await service.retractVote(CAROL, id); // 1–1: tie
    const closed = await service.closeVote(HOST, id);
    expect(closed.ballot.options.map((o) => o.votes)).toEqual([1, 1]);
    expect(closed.winner.title).toBe('Stalker');
  });

  it('for any sequence of votes and changes, each member counts once, for their last choice (property)', async () => {
    const films = ['stalker-1979', 'alien-1979', 'paddington-2-2017', 'solaris-1972'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ voter: fc.integer({ min: 1, max: 6 }), film: fc.integer({ min: 0, max: 3 }), retract: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        async (steps) => {
          const { service, id } = await partyWithNominations(films);
          await service.openVote(HOST, id);
          const expected = new Map<number, number>();
          for (const step of steps) {
            if (step.retract && expected.has(step.voter)) {
              await service.retractVote(member(20 + step.voter), id);
              expected.delete(step.voter);
            } else {
              await service.vote(member(20 + step.voter), id, films[step.film]!);
              expected.set(step.voter, step.film);
            }
          }
          const ballot = await service.ballot(HOST.guildId, id);
          const counts = films.map((_, index) => [...expected.values()].filter((film) => film === index).length);
          expect(ballot.options.map((o) => o.votes)).toEqual(counts);
          expect(ballot.totalVotes).toBe(expected.size);
          if (expected.size === 0) return;
          const closed = await service.closeVote(HOST, id);
          const best = Math.max(...counts);
          expect(closed.winner.filmId).toBe(films[counts.indexOf(best)]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a vote left open when the party starts', () => {
  it('start is refused while the vote is open; a party started so before that refusal can still close it and end', async () => {
    const store = createMemoryGuildStore();
    const time = new FakeTime('2024-06-12T12:00:00Z');
    const service = new PartyService({ store, films: catalog(), now: time.now });
    const party = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    await service.nominate(ALICE, party.id, 'alien-1979');
    await service.openVote(HOST, party.id);
    await service.vote(BOB, party.id, 'alien-1979');
    await expect(service.start(HOST, party.id)).rejects.toThrow(`The vote for party #${party.id} is still open; close it first so the film is settled.`);

    // Data written before start refused: started with the vote open. Closing it settles the film; ending works.
    await store.update(HOST.guildId, (data) => {
      const stored = data.parties.list.find((entry) => entry.id === party.id)!;
      stored.status = 'started';
      stored.startedAt = time.now().toISOString();
    });
    expect((await service.show(HOST.guildId, party.id)).ballot!.open).toBe(false);
    await expect(service.vote(CAROL, party.id, 'stalker-1979')).rejects.toThrow(/has started; the vote is over/);
    const closed = await service.closeVote(HOST, party.id);
    expect(closed.winner.title).toBe('Alien');
    const ended = await service.end(HOST, party.id);
    expect(ended.party.status).toBe('ended');
    expect(ended.party.film!.title).toBe('Alien');
  });
});

describe('a ballot posted before a /catalog merge of one of its films', () => {
  it('counts a vote for the merged-away id (the old menu’s value) as a vote for the kept film', async () => {
    const films = catalog();
    // As a server catalog after a merge: the old id still leads to the kept film.
    const merged = { ...films, get: (id: string) => films.get(id === 'the-stalker-1979' ? 'stalker-1979' : id) };
    const time = new FakeTime('2024-06-12T12:00:00Z');
    const service = new PartyService({ store: createMemoryGuildStore(), films: merged, now: time.now });
    const party = await service.schedule(HOST, { filmId: 'stalker-1979', when: 'friday 9pm', channelId: CHANNEL });
    await service.nominate(ALICE, party.id, 'alien-1979');
    await service.openVote(HOST, party.id);
    const voted = await service.vote(BOB, party.id, 'the-stalker-1979');
    expect(voted.film.filmId).toBe('stalker-1979');
    expect(voted.ballot.options.map((option) => [option.film.filmId, option.votes])).toEqual([
      ['stalker-1979', 1],
      ['alien-1979', 0],
    ]);
  });
});
