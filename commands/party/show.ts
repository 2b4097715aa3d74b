import { guildIdOf } from '../../src/discord/actor.js';
import { partyOption, resolveParty } from '../../src/discord/partyOption.js';
import { renderPartyDetails } from '../../src/discord/render/parties.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';

export default defineSubcommand({
  name: 'show',
  build: (sub) => sub.setDescription('Everything about a party: RSVPs, vote, reminders, attendees').addIntegerOption((option) => partyOption(option)),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const party = await app.parties.show(guildId, await resolveParty(interaction, app, guildId));
    await interaction.reply({ ...renderPartyDetails(party), allowedMentions: NO_MENTIONS });
  },
});
