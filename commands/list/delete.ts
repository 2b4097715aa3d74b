import { z } from 'zod';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { deletePrompt } from '../../src/discord/render/lists.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { ListId } from '../../src/lists/schema.js';
import { assertModerator, films, listActor, listRef, stillThere, withList } from './shared.js';

export default defineSubcommand({
  name: 'delete',
  build: (sub) => withList(sub.setDescription('Delete a list, after a confirmation (moderators)')),

  async execute(interaction, app) {
    await assertModerator(app, interaction);
    const list = await app.lists.get(guildIdOf(interaction), listRef(interaction));
    await replyPrivately(interaction, deletePrompt(list));
  },

  components: {
    delete: handler(z.tuple([ListId]), async (interaction: ComponentInteraction, [listId], app) => {
      const result = await stillThere(() => app.lists.delete(listActor(interaction), listId));
      await interaction.update({ content: `Deleted ${quote(result.name)} (${films(result.size)}).`, components: [], allowedMentions: NO_MENTIONS });
    }),

    keep: handler(z.tuple([]), async (interaction: ComponentInteraction) => {
      await interaction.update({ content: 'Kept: nothing was deleted.', components: [], allowedMentions: NO_MENTIONS });
    }),
  },
});
