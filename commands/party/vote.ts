import { z } from 'zod';
import { asEditOf } from '../../src/discord/render/v2.js';
import { FilmId } from '../../src/catalog/schema.js';
import { actorOf, guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { refreshAnnouncement, refreshRecordedBallot } from '../../src/discord/partySync.js';
import { filmTitle, renderBallot } from '../../src/discord/render/parties.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { PartyArgs, partyActor } from './shared.js';

export default defineSubcommand({
  name: 'vote',
  build: (sub) => sub.setDescription('Post the ballot (the host or a moderator opens it)').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const id = await resolveParty(interaction, app, guildId);
    const current = await app.parties.show(guildId, id);
    // No ballot yet: opening one is the host's or a moderator's call (the domain checks); an open one is re-posted.
    const ballot = current.ballot ?? (await app.parties.openVote(partyActor(interaction), id));
    await interaction.deferReply();
    const posted = await interaction.editReply({ ...(await renderBallot(id, ballot)), allowedMentions: NO_MENTIONS });
    if (!ballot.open) return;
    await app.parties.recordBallotMessage(guildId, id, { channelId: posted.channelId, messageId: posted.id });
    if (!current.ballot) await refreshAnnouncement(app, interaction.client, await app.parties.show(guildId, id));
  },

  components: {
    vote: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
      if (!chosen.success) throw new UserError('Pick one film from the menu.');
      await interaction.deferUpdate();
      const result = await app.parties.vote(actorOf(interaction), id, chosen.data[0]!);
      await interaction.editReply(asEditOf(interaction.message.flags.bitfield, { ...(await renderBallot(id, result.ballot)), allowedMentions: NO_MENTIONS }));
      await refreshRecordedBallot(app, interaction.client, id, result.ballot, interaction.message.id);
      const said = !result.changed
        ? `You already vote for ${filmTitle(result.film)}.`
        : result.previous
          ? `Your vote moved from ${filmTitle(result.previous)} to ${filmTitle(result.film)}.`
          : `You voted for ${filmTitle(result.film)}. Vote again to change it.`;
      await replyPrivately(interaction, { content: said });
    }),

    unvote: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      await interaction.deferUpdate();
      const ballot = await app.parties.retractVote(actorOf(interaction), id);
      await interaction.editReply(asEditOf(interaction.message.flags.bitfield, { ...(await renderBallot(id, ballot)), allowedMentions: NO_MENTIONS }));
      await refreshRecordedBallot(app, interaction.client, id, ballot, interaction.message.id);
      await replyPrivately(interaction, { content: `Your vote for watch party #${id} is withdrawn.` });
    }),
  },
});
