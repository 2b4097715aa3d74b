import { guildIdOf } from '../../src/discord/actor.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { viewerOf } from './shared.js';
import { allPage } from './views.js';

export default defineSubcommand({
  name: 'all',
  build: (sub) => sub.setDescription('The server’s lists, with their size and your progress'),

  async execute(interaction, app) {
    await interaction.reply(await allPage(app, guildIdOf(interaction), viewerOf(interaction), 1));
  },
});
