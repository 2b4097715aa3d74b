import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { Snowflake } from '../src/config.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { askDate, askDelete, askDeleteReview, changeDate, deleteReview, deleteViewing, EditArgs, editMenuRow, openPanel, removeRating, showPanel } from '../src/discord/diaryEdit.js';
import { fitEmbed } from '../src/discord/limits.js';
import { memberOption, recordedName } from '../src/discord/members.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { diaryLine } from '../src/discord/render/club.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { posterGrid } from '../src/discord/render/posters.js';
import { asEditOf, renderV2, viewFromEmbed } from '../src/discord/render/v2.js';
import { plural } from '../src/discord/render/count.js';

/** `editable`: the member is looking at their own diary, so the page gets the "Edit a viewing…" menu. */
async function renderDiary(app: App, guildId: string, userId: string, name: string, page: number, editable: boolean) {
  const diary = await app.diary.diary(guildId, userId, { page, pageSize: 10 });
  const embed = fitEmbed({
    title: `${name}’s diary`,
    description: diary.items.length ? diary.items.map(diaryLine).join('\n') : 'Nothing logged yet. Use /watched or the Watched button on a film card.',
    footer: { text: `${plural(diary.total, 'entry', 'entries')} · newest first · ↻ rewatch ✍ review ❤ favorite` },
  });
  // The server's catalog: a film the server added has its poster on its card, so it has it here too.
  const grid = posterGrid(app.catalogFor(guildId), diary.items.map((item) => item.film));
  return { ...renderV2(viewFromEmbed(embed, { accent: DIARY_COLOR, gallery: grid }), { after: [...pagerRow('diary', [userId], diary.page, diary.pageCount), ...(editable ? editMenuRow(userId, diary.items) : [])] }), allowedMentions: NO_MENTIONS };
}

const DIARY_COLOR = 0xc9a227;

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('diary')
    .setDescription('A member’s diary, newest first')
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) => option.setName('member').setDescription('Whose diary (default: yours)')),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const member = await memberOption(interaction, app, guildId);
    await interaction.reply(await renderDiary(app, guildId, member.userId, member.name, 1, member.userId === interaction.user.id));
  },

  components: {
    page: handler(z.tuple([Snowflake, PageNumber]), async (interaction: ComponentInteraction, [userId, page], app) => {
      const guildId = guildIdOf(interaction);
      // Whoever pages, the message stays what it was: the owner's own diary keeps its menu, in step with the page.
      const editable = interaction.message.interactionMetadata?.user.id === userId;
      await interaction.update(asEditOf(interaction.message.flags.bitfield, await renderDiary(app, guildId, userId, await recordedName(app, guildId, userId), page, editable)));
    }),
    // Fixing a viewing (src/discord/diaryEdit.ts): the menu, its private panel's buttons and confirmations.
    edit: handler(z.tuple([Snowflake]), openPanel),
    panel: handler(EditArgs, showPanel),
    redate: handler(EditArgs, askDate),
    delete: handler(EditArgs, askDelete),
    'delete-yes': handler(EditArgs, deleteViewing),
    unreview: handler(EditArgs, askDeleteReview),
    'unreview-yes': handler(EditArgs, deleteReview),
    unrate: handler(EditArgs, removeRating),
  },

  modals: {
    redate: handler(EditArgs, changeDate),
  },
});
