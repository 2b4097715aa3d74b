import { guildIdOf } from '../../src/discord/actor.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { guildOf, refreshAnnouncement, refreshBallot, removePartyEvent } from '../../src/discord/partySync.js';
import { filmTitle } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'cancel',
  build: (sub) => sub.setDescription('Cancel a party and its Discord event (host or moderator)').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const id = await resolveParty(interaction, app, guildIdOf(interaction));
    const party = await app.parties.cancel(partyActor(interaction), id);
    await interaction.deferReply();
    const notes = [await removePartyEvent(app, guildOf(interaction), party)];
    await refreshAnnouncement(app, interaction.client, party);
    await refreshBallot(app, interaction.client, party);
    await interaction.editReply({
      content: `❌ Watch party #${party.id} (${filmTitle(party.film)}, <t:${party.startsAtUnix}:F>) is cancelled.`,
      allowedMentions: NO_MENTIONS,
    });
    await tellNotes(interaction, notes);
  },
});
