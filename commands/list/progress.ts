import { guildIdOf } from '../../src/discord/actor.js';
import { memberOption } from '../../src/discord/members.js';
import { renderProgress } from '../../src/discord/render/lists.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { listRef, withList } from './shared.js';

const UP_NEXT = 5;

export default defineSubcommand({
  name: 'progress',
  build: (sub) =>
    withList(sub.setDescription('How far a member is through a list, and what to watch next')).addUserOption((option) =>
      option.setName('member').setDescription('Whose progress (default: yours)'),
    ),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const member = await memberOption(interaction, app, guildId);
    const progress = await app.lists.progress(guildId, listRef(interaction), member.userId, UP_NEXT);
    await interaction.reply({ embeds: [renderProgress(progress, member.name)], allowedMentions: NO_MENTIONS });
  },
});
