import type { RepliableInteraction } from 'discord.js';
import { z } from 'zod';
import type { App } from '../../src/app.js';
import type { Film } from '../../src/catalog/schema.js';
import { accessOf, actorOf } from '../../src/discord/actor.js';
import { guildOf, refreshAnnouncement, updatePartyEvent } from '../../src/discord/partySync.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { UserError } from '../../src/errors.js';
import type { CloseVoteResult, PartyActor, PartyView } from '../../src/parties/index.js';

export const PartyNumber = z.coerce.number<unknown>().int().positive().max(1_000_000);
export const PartyArgs = z.tuple([PartyNumber]);

/** Who acts, with what Discord says they may do: the domain decides whether they host or moderate. */
export function partyActor(interaction: RepliableInteraction): PartyActor {
  return { ...actorOf(interaction), access: accessOf(interaction) };
}

/** Problems with Discord's copies (the event, a post) are told to the member privately; the party change stands. */
export async function tellNotes(interaction: RepliableInteraction, notes: (string | undefined)[]): Promise<void> {
  const said = notes.filter((note): note is string => note !== undefined);
  if (said.length > 0) await replyPrivately(interaction, { content: said.join('\n') });
}

export function filmOf(app: App, party: PartyView): Film {
  const film = party.film && app.catalogFor(party.guildId).get(party.film.filmId);
  if (!film) throw new UserError(`The film of watch party #${party.id} is no longer in the catalog.`);
  return film;
}

/** After a vote closes: the ballot shows the result, the announcement and the Discord event show the winner. */
export async function afterClose(interaction: RepliableInteraction, app: App, result: CloseVoteResult): Promise<(string | undefined)[]> {
  await refreshAnnouncement(app, interaction.client, result.party);
  return [await updatePartyEvent(app, guildOf(interaction), result.party)];
}
