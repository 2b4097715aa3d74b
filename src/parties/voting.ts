import { FilmId } from '../catalog/schema.js';
import { filmRef, type Actor, type FilmRef } from '../club/types.js';
import { UserError } from '../errors.js';
import { checkGuild, filmOf, findParty, managed, MessageRef, parseActor, parseInput, parsePartyId, remember, verbFor, viewOf, type PartyActor, type PartyContext } from './partyContext.js';
import { addNomination, decide } from './ballot.js';
import type { Party } from './schema.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import { ballotView, person, type BallotView, type PartyView, type Person } from './views.js';

/** Choosing a party's film together: nominations, then a ballot its host or a moderator opens and closes. */

export interface NominateResult {
  film: FilmRef;
  /** The film was already nominated: the member joined that nomination. */
  merged: boolean;
  nominatedBy: Person[];
  party: PartyView;
}

export interface VoteResult {
  film: FilmRef;
  previous?: FilmRef;
  changed: boolean;
  ballot: BallotView;
}

export interface CloseVoteResult {
  winner: FilmRef;
  /** The party's film before the vote (if it had one). */
  previousFilm?: FilmRef;
  /** Films tied with the winner when the tie-break rule decided (winner included); empty otherwise. */
  tiedWith: FilmRef[];
  totalVotes: number;
  ballot: BallotView;
  party: PartyView;
}

export async function nominate(ctx: PartyContext, actor: Actor, partyId: number, filmId: string): Promise<NominateResult> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const film = filmOf(ctx, actor.guildId, filmId);
  const at = ctx.now().toISOString();
  return ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = nominationsOpen(findParty(data, id));
    const { merged, nomination } = addNomination(party, film.id, who.userId, at);
    return {
      film: filmRef(ctx.films(actor.guildId), film.id),
      merged,
      nominatedBy: nomination.by.map((userId) => person(data, userId)),
      party: viewOf(ctx, data, who.guildId, party),
    };
  });
}

/** Whether the party takes nominations now, without changing anything: asked before a "Did you mean…?" film menu. */
export async function checkNominate(ctx: PartyContext, guildId: string, partyId: number): Promise<void> {
  nominationsOpen(findParty(await ctx.store.read(checkGuild(guildId)), parsePartyId(partyId)));
}

function nominationsOpen<P extends DeepReadonly<Party>>(party: P): P {
  if (party.status !== 'scheduled') throw new UserError(`Party #${party.id} has ${verbFor(party.status)}; nominations are closed.`);
  if (party.ballot) {
    throw new UserError(
      party.ballot.closedAt ? `The vote for party #${party.id} is over; nominations are closed.` : `The vote for party #${party.id} is open; nominations closed when it opened.`,
    );
  }
  return party;
}

/** Opens the ballot among the nominations (at least two). Nominations close; votes can be cast and changed. */
export async function openVote(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<BallotView> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const at = ctx.now().toISOString();
  return ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = managed(data, id, who);
    if (party.status !== 'scheduled') throw new UserError(`Party #${id} has ${verbFor(party.status)}; it is too late to vote.`);
    if (party.ballot) throw new UserError(party.ballot.closedAt ? `The vote for party #${id} is already over.` : `The vote for party #${id} is already open.`);
    if (party.nominations.length < 2) {
      throw new UserError(`A vote needs at least two nominated films; party #${id} has ${party.nominations.length}. Nominate more first.`);
    }
    party.ballot = { openedAt: at, openedBy: who.userId, votes: {} };
    return ballotView(data, ctx.films(actor.guildId), party)!;
  });
}

/** One vote per member: voting again moves the vote. Voting for the same film again changes nothing. */
export async function vote(ctx: PartyContext, actor: Actor, partyId: number, filmId: string): Promise<VoteResult> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const picked = parseInput(FilmId, filmId);
  // A ballot posted before a /catalog merge offers the merged-away id: it stands for the kept film.
  const chosen = ctx.films(actor.guildId).get(picked)?.id ?? picked;
  return ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = findParty(data, id);
    const ballot = openBallot(party);
    if (!party.nominations.some((nomination) => nomination.filmId === chosen)) throw new UserError('That film is not on the ballot.');
    const previous = ballot.votes[who.userId];
    ballot.votes[who.userId] = chosen;
    return {
      film: filmRef(ctx.films(actor.guildId), chosen),
      ...(previous ? { previous: filmRef(ctx.films(actor.guildId), previous) } : {}),
      changed: previous !== chosen,
      ballot: ballotView(data, ctx.films(actor.guildId), party)!,
    };
  });
}

export async function retractVote(ctx: PartyContext, actor: Actor, partyId: number): Promise<BallotView> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  return ctx.store.update(who.guildId, (data) => {
    const party = findParty(data, id);
    const ballot = openBallot(party);
    if (!(who.userId in ballot.votes)) throw new UserError('You have not voted.');
    delete ballot.votes[who.userId];
    return ballotView(data, ctx.films(actor.guildId), party)!;
  });
}

/** Closes the ballot (host or moderator); the winner (ties: earliest nomination) becomes the party's film. */
export async function closeVote(ctx: PartyContext, actor: PartyActor, partyId: number): Promise<CloseVoteResult> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const at = ctx.now().toISOString();
  const result = await ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = managed(data, id, who);
    // A party started while its vote was open (before start refused that) can still settle its film, so it can end.
    const ballot = openBallot(party, { evenIfStarted: true });
    const outcome = decide(party);
    const previousFilm = party.filmId;
    ballot.closedAt = at;
    ballot.closedBy = who.userId;
    ballot.winnerFilmId = outcome.winner.filmId;
    party.filmId = outcome.winner.filmId;
    return {
      winner: filmRef(ctx.films(actor.guildId), outcome.winner.filmId),
      ...(previousFilm ? { previousFilm: filmRef(ctx.films(actor.guildId), previousFilm) } : {}),
      tiedWith: outcome.tiedWith.map((entry) => filmRef(ctx.films(actor.guildId), entry.filmId)),
      totalVotes: outcome.totalVotes,
      ballot: ballotView(data, ctx.films(actor.guildId), party)!,
      party: viewOf(ctx, data, who.guildId, party),
    };
  });
  await ctx.changed(who.guildId);
  return result;
}

export async function ballot(ctx: PartyContext, guildId: string, partyId: number): Promise<BallotView> {
  const id = parsePartyId(partyId);
  const data = await ctx.store.read(checkGuild(guildId));
  const party = findParty(data, id);
  const view = ballotView(data, ctx.films(guildId), party);
  if (!view) throw new UserError(`Party #${id} has no vote; its host or a moderator can open one once two films are nominated.`);
  return view;
}

/** The Discord layer records the posted ballot, so its live counts can be refreshed. */
export async function recordBallotMessage(ctx: PartyContext, guildId: string, partyId: number, message: { channelId: string; messageId: string }): Promise<void> {
  const id = parsePartyId(partyId);
  const ref = parseInput(MessageRef, message);
  await ctx.store.update(checkGuild(guildId), (data) => {
    const ballot = findParty(data, id).ballot;
    if (!ballot) throw new UserError(`Party #${id} has no vote.`);
    ballot.message = ref;
  });
}

function openBallot(party: Party, options: { evenIfStarted?: boolean } = {}): NonNullable<Party['ballot']> {
  if (!party.ballot) throw new UserError(`Party #${party.id} has no vote open.`);
  if (party.ballot.closedAt) throw new UserError(`The vote for party #${party.id} is over.`);
  if (party.status !== 'scheduled' && !(options.evenIfStarted && party.status === 'started')) throw new UserError(`Party #${party.id} has ${verbFor(party.status)}; the vote is over.`);
  return party.ballot;
}
