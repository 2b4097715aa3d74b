import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../src/app.js';
import { actorOf, guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { confirmChange } from '../../src/discord/confirm.js';
import { customId } from '../../src/discord/customId.js';
import { filmLabelText } from '../../src/discord/render/film.js';
import { renderEnded } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { ratingSaid, readReviewOrKeepDraft, reviewModal } from '../../src/discord/review.js';
import { UserError } from '../../src/errors.js';
import { dayIn, type PartyView } from '../../src/parties/index.js';
import { filmOf, PartyArgs } from './shared.js';

/** The party's viewing in the attendee's diary: the entry the party added, or their own entry of that day. */
async function partyEntryId(app: App, party: PartyView, userId: string): Promise<string | undefined> {
  const attendee = party.attendees.find((candidate) => candidate.userId === userId);
  if (!attendee) throw new UserError(`**Rate it** is for the members who attended watch party #${party.id}. To review the film anyway, use \`/review\`.`);
  if (attendee.entryId) return attendee.entryId;
  const day = dayIn(new Date(party.startedAt ?? party.startsAt), party.zone);
  const mine = await app.diary.memberFilm(party.guildId, userId, filmOf(app, party).id);
  return mine.entries.find((entry) => entry.watchedOn === day)?.id;
}

/** The ended party's Rate it button: opens the review form (the one the film card uses), bound to this party. */
export const rateItComponents = {
  rate: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
    const party = await app.parties.show(guildIdOf(interaction), id);
    await partyEntryId(app, party, interaction.user.id);
    const modal = reviewModal(filmOf(app, party)).setCustomId(customId('party', 'review', id));
    await (interaction as ButtonInteraction).showModal(modal);
  }),
};

/** The Rate it form: the review lands on the party's viewing. */
export const rateItModals = {
  review: handler(PartyArgs, async (interaction: ModalSubmitInteraction, [id], app) => {
    if (!interaction.isFromMessage()) throw new UserError('This form belongs to a party’s Rate it button.');
    const actor = actorOf(interaction);
    const party = await app.parties.show(actor.guildId, id);
    const film = filmOf(app, party);
    // Checked before acknowledging, so a typo is answered at once and privately, with the draft kept.
    const form = await readReviewOrKeepDraft(interaction, app, film);
    if (!form) return;
    const entryId = await partyEntryId(app, party, actor.userId);
    await interaction.deferUpdate();
    const day = dayIn(new Date(party.startedAt ?? party.startsAt), party.zone);
    const result = await app.diary.review(actor, film.id, { ...form, ...(entryId ? { entryId } : { on: day }) });
    await interaction.editReply({ ...renderEnded(await app.parties.show(actor.guildId, id)), allowedMentions: NO_MENTIONS });
    await confirmChange(interaction, app, {
      filmId: film.id,
      message: `Saved your review of **${filmLabelText(film)}** from watch party #${id}${ratingSaid(form, result.entry.stars)}${form.spoiler ? ' (hidden as a spoiler)' : ''}.`,
      undoToken: result.undoToken,
    });
  }),
};
