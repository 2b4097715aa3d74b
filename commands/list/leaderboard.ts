import { guildIdOf } from '../../src/discord/actor.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { listRef, withList } from './shared.js';
import { boardPage } from './views.js';

export default defineSubcommand({
  name: 'leaderboard',
  build: (sub) => withList(sub.setDescription('Members ranked by how much of a list they have seen')),

  async execute(interaction, app) {
    await interaction.reply(await boardPage(app, guildIdOf(interaction), listRef(interaction), 1));
  },
});
