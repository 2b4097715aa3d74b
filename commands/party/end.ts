import { announceAwards } from '../../src/discord/confirm.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { completePartyEvent, guildOf, membersInVoice, refreshAnnouncement } from '../../src/discord/partySync.js';
import { renderEnded } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { partyActor, tellNotes } from './shared.js';

export default defineSubcommand({
  name: 'end',
  build: (sub) => sub.setDescription('End it: attendees get the film in their diary (host or moderator)').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const guild = guildOf(interaction);
    const id = await resolveParty(interaction, app, guild.id);
    const current = await app.parties.show(guild.id, id);
    const present = current.voiceChannelId ? membersInVoice(guildOf(interaction), current.voiceChannelId) : [];
    const result = await app.parties.end(partyActor(interaction), id, { present });
    await interaction.deferReply();
    const notes = [await completePartyEvent(app, guild, result.party)];
    await refreshAnnouncement(app, interaction.client, result.party);
    await interaction.editReply({ ...renderEnded(result.party), allowedMentions: NO_MENTIONS });
    await announceAwards(interaction, app, result.party.film?.filmId, result.attendees.map((attendee) => attendee.userId));
    await tellNotes(interaction, notes);
  },
});
