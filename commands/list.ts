import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { catalogChoices, filmChoicesWithTmdb } from '../src/discord/filmOption.js';
import { LIMITS, truncate } from '../src/discord/limits.js';
import { assembleCommand } from '../src/discord/subcommands.js';
import add from './list/add.js';
import all from './list/all.js';
import create from './list/create.js';
import deleteList from './list/delete.js';
import describe from './list/describe.js';
import exportList from './list/export.js';
import importList from './list/import.js';
import leaderboard from './list/leaderboard.js';
import move from './list/move.js';
import progress from './list/progress.js';
import remove from './list/remove.js';
import rename from './list/rename.js';
import { films } from './list/shared.js';
import show from './list/show.js';
import { viewComponents } from './list/views.js';

// Each subcommand lives in commands/list/; this file puts the command together.
export default defineCommand(
  assembleCommand({
    data: new SlashCommandBuilder()
      .setName('list')
      .setDescription('The server’s shared film lists: browse them, track your progress; moderators curate them')
      .setContexts(InteractionContextType.Guild),
    subcommands: [show, all, progress, leaderboard, exportList, create, rename, describe, deleteList, add, remove, move, importList],
    before: (interaction) => void guildIdOf(interaction),

    async autocomplete(interaction, app) {
      const focused = interaction.options.getFocused(true);
      const typed = String(focused.value);
      if (focused.name !== 'list') {
        // Only `add` can bring a film in from TMDB; remove and move name films the list holds.
        const adding = interaction.options.getSubcommand(false) === 'add';
        await interaction.respond(adding ? await filmChoicesWithTmdb(app, interaction.guildId, typed) : catalogChoices(app, interaction, typed));
        return;
      }
      if (!interaction.inGuild()) {
        await interaction.respond([]);
        return;
      }
      const choices = await app.lists.suggest(interaction.guildId, typed, LIMITS.choices);
      await interaction.respond(
        choices.map((choice) => {
          const size = ` · ${films(choice.size)}`;
          return { name: truncate(choice.name, LIMITS.choiceName - size.length) + size, value: choice.id };
        }),
      );
    },

    components: viewComponents,
  }),
);
