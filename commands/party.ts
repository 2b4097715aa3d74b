import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { filmChoicesWithTmdb } from '../src/discord/filmOption.js';
import { partyChoices, whenChoices } from '../src/discord/partyOption.js';
import { assembleCommand } from '../src/discord/subcommands.js';
import { announcementComponents } from './party/announcement.js';
import cancel from './party/cancel.js';
import closeVote from './party/closeVote.js';
import edit from './party/edit.js';
import end from './party/end.js';
import list from './party/list.js';
import nominate from './party/nominate.js';
import { rateItComponents, rateItModals } from './party/rateIt.js';
import schedule from './party/schedule.js';
import show from './party/show.js';
import start from './party/start.js';
import suggest from './party/suggest.js';
import vote from './party/vote.js';

// Each subcommand lives in commands/party/; this file puts the command together.
export default defineCommand(
  assembleCommand({
    data: new SlashCommandBuilder()
      .setName('party')
      .setDescription('Watch parties: schedule, RSVP, nominate and vote, reminders, and attendance in your diary')
      .setContexts(InteractionContextType.Guild),
    subcommands: [schedule, nominate, vote, closeVote, start, end, show, list, cancel, edit, suggest],
    before: (interaction) => void guildIdOf(interaction),

    async autocomplete(interaction, app) {
      const focused = interaction.options.getFocused(true);
      const typed = String(focused.value);
      if (focused.name === 'film') return interaction.respond(await filmChoicesWithTmdb(app, interaction.guildId, typed));
      const guildId = guildIdOf(interaction);
      if (focused.name === 'party') return interaction.respond(await partyChoices(app, guildId, typed));
      if (focused.name === 'when') return interaction.respond(await whenChoices(app, guildId, typed));
      await interaction.respond([]);
    },

    components: { ...announcementComponents, ...rateItComponents },
    modals: rateItModals,
  }),
);
