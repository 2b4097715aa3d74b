import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { LIST_DESCRIPTION_MAX, LIST_NAME_MAX } from '../../src/lists/index.js';
import { listActor } from './shared.js';

export default defineSubcommand({
  name: 'create',
  build: (sub) =>
    sub
      .setDescription('Create a list (moderators)')
      .addStringOption((option) => option.setName('name').setDescription('Unique in this server, ignoring case').setRequired(true).setMaxLength(LIST_NAME_MAX))
      .addStringOption((option) => option.setName('description').setDescription('What the list is about').setMaxLength(LIST_DESCRIPTION_MAX))
      .addBooleanOption((option) => option.setName('ranked').setDescription('Show positions as ranks (#13); default yes')),

  async execute(interaction, app) {
    const ranked = interaction.options.getBoolean('ranked') ?? true;
    const list = await app.lists.create(listActor(interaction), {
      name: interaction.options.getString('name', true),
      description: interaction.options.getString('description') ?? undefined,
      ranked,
    });
    await replyPrivately(interaction, {
      content: `Created the ${ranked ? 'ranked' : 'unranked'} list ${quote(list.name)}. Add films with /list add, or import a CSV with /list import.`,
    });
  },
});
