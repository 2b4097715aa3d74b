import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { FilmId } from '../src/catalog/schema.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { contenderMenu, filmChoices, resolveFilmOption } from '../src/discord/filmOption.js';
import { renderFilmCard, renderFullCast } from '../src/discord/render/film.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { UserError } from '../src/errors.js';
import type { App } from '../src/app.js';

function filmOrGone(app: App, id: string) {
  const film = app.catalog.get(id);
  if (!film) throw new UserError('That film is no longer in the catalog.');
  return film;
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('film')
    .setDescription('Show a film card: synopsis, director, cast and more')
    .addStringOption((option) =>
      option.setName('title').setDescription('The film — pick a suggestion or type a title').setRequired(true).setAutocomplete(true).setMaxLength(100),
    ),

  async autocomplete(interaction, app) {
    await interaction.respond(filmChoices(app.catalog, interaction.options.getFocused()));
  },

  async execute(interaction, app) {
    const { film, contenders } = resolveFilmOption(app.catalog, interaction.options.getString('title', true));
    const card = renderFilmCard(film);
    const rows = contenders.length
      ? [contenderMenu('film', 'pick', [film, ...contenders], `Not this one? ${contenders.length + 1} films match`), ...card.components]
      : card.components;
    await interaction.reply({ ...card, components: rows, allowedMentions: NO_MENTIONS });
  },

  components: {
    cast: handler(z.tuple([FilmId]), async (interaction: ComponentInteraction, [id], app) => {
      await interaction.reply({ ...renderFullCast(filmOrGone(app, id)), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }),

    /** Choosing among remakes: the person who asked switches the card in place; anyone else gets their own copy. */
    pick: handler(z.tuple([]), async (interaction: ComponentInteraction, _args, app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const chosen = z.array(FilmId).length(1).safeParse(interaction.values);
      if (!chosen.success) throw new UserError('Pick one film from the menu.');
      const film = filmOrGone(app, chosen.data[0]!);
      const card = renderFilmCard(film);
      const asker = interaction.message.interactionMetadata?.user.id;
      if (asker === interaction.user.id) {
        const menu = interaction.message.components[0];
        await interaction.update({ ...card, components: menu ? [menu.toJSON() as never, ...card.components] : card.components, allowedMentions: NO_MENTIONS });
      } else {
        await interaction.reply({ ...card, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
    }),
  },
});
