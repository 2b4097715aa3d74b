import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { LIST_NAME_MAX } from '../../src/lists/index.js';
import { listActor, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'rename',
  build: (sub) =>
    withList(sub.setDescription('Rename a list (moderators)')).addStringOption((option) =>
      option.setName('name').setDescription('The new name').setRequired(true).setMaxLength(LIST_NAME_MAX),
    ),

  async execute(interaction, app) {
    const list = await app.lists.rename(listActor(interaction), listRef(interaction), interaction.options.getString('name', true));
    await replyPrivately(interaction, { content: `Renamed ${quote(list.previousName)} to ${quote(list.name)}.` });
  },
});
