import { guildIdOf } from '../../src/discord/actor.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { listRef, viewerOf, withList } from './shared.js';
import { showPage } from './views.js';

export default defineSubcommand({
  name: 'show',
  build: (sub) =>
    withList(sub.setDescription('A list, page by page, with ✓ beside the films you have seen')).addIntegerOption((option) =>
      option.setName('page').setDescription('Start at this page').setMinValue(1).setMaxValue(1000),
    ),

  async execute(interaction, app) {
    const page = interaction.options.getInteger('page') ?? 1;
    await interaction.reply(await showPage(app, guildIdOf(interaction), listRef(interaction), viewerOf(interaction), page));
  },
});
