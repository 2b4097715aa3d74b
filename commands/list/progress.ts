import { progressChart } from '../../src/charts/charts.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { chartGallery } from '../../src/discord/render/charts.js';
import { renderV2, viewFromEmbed } from '../../src/discord/render/v2.js';
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
    // The chart is drawn in the process: acknowledge first, so no other interaction waits on it.
    await interaction.deferReply();
    // An empty list has no award to chart (its tiers would all read "at 0 films").
    const charts = progress.total === 0 ? [] : [{ name: 'progress.png', chart: await progressChart(`${member.name} · ${progress.list.name}`, progress.watched, progress.total) }];
    const view = viewFromEmbed(renderProgress(progress, member.name), { accent: 0xc9a227, ...(charts.length ? chartGallery(charts) : {}) });
    await interaction.editReply({ ...renderV2(view), allowedMentions: NO_MENTIONS });
  },
});
