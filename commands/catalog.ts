import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { catalogChoices } from '../src/discord/filmOption.js';
import { assembleCommand } from '../src/discord/subcommands.js';
import add from './catalog/add.js';
import edit from './catalog/edit.js';
import merge from './catalog/merge.js';
import suggest from './catalog/suggest.js';
import suggestions from './catalog/suggestions.js';

// Each subcommand lives in commands/catalog/; this file puts the command together.
export default defineCommand(
  assembleCommand({
    data: new SlashCommandBuilder()
      .setName('catalog')
      .setDescription('This server’s films: suggest one the catalog lacks; moderators add, correct and merge films')
      .setContexts(InteractionContextType.Guild),
    subcommands: [suggest, add, edit, merge, suggestions],
    before: (interaction) => void guildIdOf(interaction),

    async autocomplete(interaction, app) {
      await interaction.respond(catalogChoices(app, interaction, String(interaction.options.getFocused())));
    },
  }),
);
