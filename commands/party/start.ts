import { guildIdOf } from '../../src/discord/actor.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { guildOf, refreshAnnouncement, refreshBallot, startPartyEvent } from '../../src/discord/partySync.js';
import { filmTitle, whereText } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'start',
  build: (sub) => sub.setDescription('Start the party now (host or moderator)').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const id = await resolveParty(interaction, app, guildIdOf(interaction));
    const party = await app.parties.start(partyActor(interaction), id);
    await interaction.deferReply();
    const notes = [await startPartyEvent(app, guildOf(interaction), party)];
    await refreshAnnouncement(app, interaction.client, party);
    await refreshBallot(app, interaction.client, party);
    const join = party.voiceChannelId ? ` Join ${whereText(party)}.` : party.location ? ` ${whereText(party)}` : '';
    await interaction.editReply({ content: `🎬 Watch party #${party.id} has started: ${filmTitle(party.film)}!${join}`, allowedMentions: NO_MENTIONS });
    await tellNotes(interaction, notes);
  },
});
