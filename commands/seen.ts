import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { FilmId, type Film } from '../src/catalog/schema.js';
import { starsText } from '../src/club/index.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { autocompleteCatalogFilm, catalogOf, filmOption, resolveFilmOption } from '../src/discord/filmOption.js';
import { fitEmbed } from '../src/discord/limits.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import { memberName } from '../src/discord/render/club.js';
import { filmLabelText } from '../src/discord/render/film.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { UserError } from '../src/errors.js';
import { plural } from '../src/discord/render/count.js';

async function renderSeen(app: App, guildId: string, film: Film, page: number) {
  const seen = await app.diary.seenBy(guildId, film.id, { page, pageSize: 15 });
  const lines = seen.items.map((viewer) => {
    const marks = [viewer.stars !== undefined ? starsText(viewer.stars) : '', viewer.favorite ? '❤' : '', viewer.dislike ? '👎' : ''].filter(Boolean).join(' ');
    const when = viewer.lastWatchedOn ? `last on ${viewer.lastWatchedOn}` : 'seen (no date logged)';
    // Said in words: a bare "×2" after the marks read as two dislikes or two hearts.
    const viewings = viewer.viewings > 1 ? ` · ${viewer.viewings} viewings` : '';
    return `**${memberName(viewer.name)}** · ${when}${viewings}${marks ? ` · ${marks}` : ''}`;
  });
  const embed = fitEmbed({
    title: `Who has seen ${filmLabelText(film)}`,
    description: lines.length ? lines.join('\n') : 'Nobody in this server has logged it yet.',
    footer: { text: plural(seen.total, 'member') },
  });
  return { embeds: [embed], components: pagerRow('seen', [film.id], seen.page, seen.pageCount), allowedMentions: NO_MENTIONS };
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('seen')
    .setDescription('Which members have seen a film')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option)),

  autocomplete: autocompleteCatalogFilm,

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const { film } = resolveFilmOption(catalogOf(app, interaction), interaction.options.getString('film', true));
    await interaction.reply(await renderSeen(app, guildId, film, 1));
  },

  components: {
    page: handler(z.tuple([FilmId, PageNumber]), async (interaction: ComponentInteraction, [filmId, page], app) => {
      const film = catalogOf(app, interaction).get(filmId);
      if (!film) throw new UserError('That film is no longer in the catalog.');
      await interaction.update(await renderSeen(app, guildIdOf(interaction), film, page));
    }),
  },
});
