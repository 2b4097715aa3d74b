import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { LIST_DESCRIPTION_MAX } from '../../src/lists/index.js';
import { listActor, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'describe',
  build: (sub) =>
    withList(sub.setDescription('Set or clear a list’s description (moderators)')).addStringOption((option) =>
      option.setName('description').setDescription('Leave empty to clear it').setMaxLength(LIST_DESCRIPTION_MAX),
    ),

  async execute(interaction, app) {
    const list = await app.lists.describe(listActor(interaction), listRef(interaction), interaction.options.getString('description') ?? '');
    await replyPrivately(interaction, {
      content: list.description ? `Updated the description of ${quote(list.name)}.` : `Cleared the description of ${quote(list.name)}.`,
    });
  },
});
