import { asEditOf } from '../../src/discord/render/v2.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { refreshBallot, refreshRecordedBallot } from '../../src/discord/partySync.js';
import { renderBallot, renderCloseResult } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { afterClose, PartyArgs, partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'close-vote',
  build: (sub) => sub.setDescription('Close the vote: the winner becomes the film (host or moderator)').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const id = await resolveParty(interaction, app, guildIdOf(interaction));
    const result = await app.parties.closeVote(partyActor(interaction), id);
    await interaction.deferReply();
    await refreshBallot(app, interaction.client, result.party);
    const notes = await afterClose(interaction, app, result);
    await interaction.editReply({ content: renderCloseResult(result), allowedMentions: NO_MENTIONS });
    await tellNotes(interaction, notes);
  },

  components: {
    /** The ballot's Close button. */
    close: handler(PartyArgs, async (interaction: ComponentInteraction, [id], app) => {
      await interaction.deferUpdate();
      const result = await app.parties.closeVote(partyActor(interaction), id);
      await interaction.editReply(asEditOf(interaction.message.flags.bitfield, { ...(await renderBallot(id, result.ballot)), allowedMentions: NO_MENTIONS }));
      await refreshRecordedBallot(app, interaction.client, id, result.ballot, interaction.message.id);
      const notes = await afterClose(interaction, app, result);
      await interaction.followUp({ content: renderCloseResult(result), allowedMentions: NO_MENTIONS });
      await tellNotes(interaction, notes);
    }),
  },
});
