import { escapeMarkdown, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { Snowflake } from '../src/config.js';
import { actorOf, guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { autocompleteFilm, filmOption } from '../src/discord/filmOption.js';
import { withFilm } from '../src/discord/filmPick.js';
import { fitEmbed } from '../src/discord/limits.js';
import { memberOption, recordedName } from '../src/discord/members.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { ago } from '../src/discord/render/club.js';
import { filmLabelText } from '../src/discord/render/film.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { posterGrid } from '../src/discord/render/posters.js';
import { asEditOf, renderV2, viewFromEmbed } from '../src/discord/render/v2.js';
import { plural } from '../src/discord/render/count.js';

async function renderWatchlist(app: App, guildId: string, userId: string, name: string, page: number) {
  const list = await app.diary.watchlist(guildId, userId, { page, pageSize: 15 });
  const lines = list.items.map((item) => `**${escapeMarkdown(item.film.title)}**${item.film.year ? ` (${item.film.year})` : ''} · added ${ago(item.addedAt)}${item.watched ? ' · rewatch' : ''}`);
  const embed = fitEmbed({
    title: `${name}’s watchlist`,
    description: lines.length ? lines.join('\n') : 'Empty. Add films with /watchlist add or the Watchlist button on a card.',
    footer: { text: plural(list.total, 'film') },
  });
  // The server's catalog: a film the server added has its poster on its card, so it has it here too.
  const grid = posterGrid(app.catalogFor(guildId), list.items.map((item) => item.film));
  return { ...renderV2(viewFromEmbed(embed, { accent: 0xc9a227, gallery: grid }), { after: pagerRow('watchlist', [userId], list.page, list.pageCount) }), allowedMentions: NO_MENTIONS };
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('watchlist')
    .setDescription('Films you mean to watch')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) => sub.setName('add').setDescription('Add a film to your watchlist').addStringOption((option) => filmOption(option)))
    .addSubcommand((sub) => sub.setName('remove').setDescription('Take a film off your watchlist').addStringOption((option) => filmOption(option)))
    .addSubcommand((sub) =>
      sub
        .setName('show')
        .setDescription('Show a watchlist')
        .addUserOption((option) => option.setName('member').setDescription('Whose watchlist (default: yours)')),
    ),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const subcommand = interaction.options.getSubcommand(true);
    if (subcommand === 'show') {
      const guildId = guildIdOf(interaction);
      const member = await memberOption(interaction, app, guildId);
      await interaction.reply(await renderWatchlist(app, guildId, member.userId, member.name, 1));
      return;
    }
    const actor = actorOf(interaction);
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      if (subcommand === 'add') {
        const result = await app.diary.addToWatchlist(actor, film.id);
        await confirmChange(answer, app, { filmId: film.id, message: `Added **${filmLabelText(film)}** to your watchlist.`, undoToken: result.undoToken });
      } else {
        const result = await app.diary.removeFromWatchlist(actor, film.id);
        await confirmChange(answer, app, { filmId: film.id, message: `Took **${filmLabelText(film)}** off your watchlist.`, undoToken: result.undoToken });
      }
    });
  },

  components: {
    page: handler(z.tuple([Snowflake, PageNumber]), async (interaction: ComponentInteraction, [userId, page], app) => {
      const guildId = guildIdOf(interaction);
      await interaction.update(asEditOf(interaction.message.flags.bitfield, await renderWatchlist(app, guildId, userId, await recordedName(app, guildId, userId), page)));
    }),
  },
});
