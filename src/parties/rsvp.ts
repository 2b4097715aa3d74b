import type { Actor } from '../club/types.js';
import { UserError } from '../errors.js';
import { findParty, parseActor, parseInput, parsePartyId, remember, verbFor, viewOf, type PartyContext } from './partyContext.js';
import { RsvpAnswer } from './schema.js';
import type { PartyView } from './views.js';

/** Answers to a party's invitation: Going, Maybe, Not going. */

export interface RsvpResult {
  answer: RsvpAnswer;
  previous?: RsvpAnswer;
  /** False when the member pressed the answer they had already given. */
  changed: boolean;
  party: PartyView;
}

export async function rsvp(ctx: PartyContext, actor: Actor, partyId: number, answer: RsvpAnswer): Promise<RsvpResult> {
  const who = parseActor(actor);
  const id = parsePartyId(partyId);
  const parsedAnswer = parseInput(RsvpAnswer, answer);
  const at = ctx.now().toISOString();
  return ctx.store.update(who.guildId, (data) => {
    remember(data, who);
    const party = findParty(data, id);
    if (party.status !== 'scheduled' && party.status !== 'started') throw new UserError(`Party #${id} has ${verbFor(party.status)}; RSVPs are closed.`);
    const previous = party.rsvps[who.userId]?.answer;
    const changed = previous !== parsedAnswer;
    // Re-pressing the same answer keeps its original time: the Going list stays in order of answering.
    if (changed) party.rsvps[who.userId] = { answer: parsedAnswer, at };
    return { answer: parsedAnswer, ...(previous ? { previous } : {}), changed, party: viewOf(ctx, data, who.guildId, party) };
  });
}
