import { UserError } from '../errors.js';
import type { DeepReadonly } from '../store/GuildStore.js';
import { NOMINATIONS_MAX, type Nomination, type Party } from './schema.js';

/** Printed on every ballot, so members know before voting how a tie ends. */
export const TIE_BREAK_RULE = 'A tie goes to the film nominated first.';

export interface Tally {
  filmId: string;
  votes: number;
  /** Position in nomination order (0 = nominated first): the tie-break. */
  order: number;
}

/** Adds a nomination, or adds the member to an existing one (duplicates merge). */
export function addNomination(party: Party, filmId: string, userId: string, at: string): { merged: boolean; nomination: Nomination } {
  const existing = party.nominations.find((nomination) => nomination.filmId === filmId);
  if (existing) {
    if (!existing.by.includes(userId)) existing.by.push(userId);
    return { merged: true, nomination: existing };
  }
  if (party.nominations.length >= NOMINATIONS_MAX) {
    throw new UserError(`This party already has ${NOMINATIONS_MAX} nominations, the most a ballot can show; vote among them.`);
  }
  const nomination: Nomination = { filmId, by: [userId], at };
  party.nominations.push(nomination);
  return { merged: false, nomination };
}

/**
 * Counts the votes, one per member (the ballot stores one film per member, so a changed vote moves, never adds).
 * Every nomination appears, with 0 when nobody chose it; most votes first, ties in nomination order.
 */
export function tally(party: DeepReadonly<Party>): Tally[] {
  const counts = new Map<string, number>();
  for (const filmId of Object.values(party.ballot?.votes ?? {})) counts.set(filmId, (counts.get(filmId) ?? 0) + 1);
  return party.nominations
    .map((nomination, order) => ({ filmId: nomination.filmId, votes: counts.get(nomination.filmId) ?? 0, order }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order);
}

export interface Outcome {
  winner: Tally;
  /** Films that had as many votes as the winner (including it) when the tie-break decided; empty otherwise. */
  tiedWith: Tally[];
  totalVotes: number;
}

/** The winner under the stated rule: most votes; among equals, the earliest nomination. */
export function decide(party: DeepReadonly<Party>): Outcome {
  const counts = tally(party);
  const winner = counts[0];
  const totalVotes = counts.reduce((sum, entry) => sum + entry.votes, 0);
  if (!winner || totalVotes === 0) throw new UserError('Nobody has voted yet; wait for votes before closing the ballot.');
  const tied = counts.filter((entry) => entry.votes === winner.votes);
  return { winner, tiedWith: tied.length > 1 ? tied : [], totalVotes };
}
