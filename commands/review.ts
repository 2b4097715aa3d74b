import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { autocompleteFilm, filmOption } from '../src/discord/filmOption.js';
import { withFilm } from '../src/discord/filmPick.js';
import { reviewModal } from '../src/discord/review.js';

/** Opens the review form; /film's `review` modal handler saves it and posts the card with the review. */
export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('review')
    .setDescription('Write a review, with a rating if you like (4.5, 4★, 8/10, 92/100)')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option)),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    guildIdOf(interaction);
    await withFilm(
      interaction,
      app,
      interaction.options.getString('film', true),
      async (answer, film) => {
        await answer.showModal(reviewModal(film));
      },
      { opensModal: true },
    );
  },
});
