import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { autocompleteCatalogFilm, catalogOf, filmOption, resolveFilmOption } from '../src/discord/filmOption.js';
import { replyWithChosenCard } from '../src/discord/recommendOptions.js';
import { renderSimilar } from '../src/discord/render/recommend.js';
import { NO_MENTIONS } from '../src/discord/respond.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('similar')
    .setDescription('Films most like a film, with what they share; the ones you have seen are marked')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addBooleanOption((option) => option.setName('unseen').setDescription('Leave out films you have seen')),

  autocomplete: autocompleteCatalogFilm,

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const { film } = resolveFilmOption(catalogOf(app, interaction), interaction.options.getString('film', true));
    const unseen = interaction.options.getBoolean('unseen') ?? false;
    // Marking what the asker saw reads the server's diaries: acknowledge first.
    await interaction.deferReply();
    const result = await app.recommender.similar(film.id, { unseen }, { guildId, userId: interaction.user.id });
    await interaction.editReply({ ...renderSimilar(result), allowedMentions: NO_MENTIONS });
  },

  components: {
    open: handler(z.tuple([]), async (interaction: ComponentInteraction, _args, app) => replyWithChosenCard(interaction, app)),
  },
});
