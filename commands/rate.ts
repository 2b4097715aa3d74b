import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { starsText, starsToScore } from '../src/club/index.js';
import { actorOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { autocompleteFilm, filmOption } from '../src/discord/filmOption.js';
import { withFilm } from '../src/discord/filmPick.js';
import { filmLabelText } from '../src/discord/render/film.js';
import { MARKED_SEEN, OFF_WATCHLIST } from '../src/discord/render/club.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('rate')
    .setDescription('Rate a film from ½ to 5 stars')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addNumberOption((option) => option.setName('stars').setDescription('½ to 5, in half steps (4.5 is ★★★★½)').setRequired(true).setMinValue(0.5).setMaxValue(5)),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const stars = interaction.options.getNumber('stars', true);
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      const result = await app.diary.rate(actor, film.id, stars);
      const was = result.previousStars !== undefined ? ` (was ${starsText(result.previousStars)})` : '';
      const logged = result.markedSeen ? ` Also ${result.removedFromWatchlist ? `${OFF_WATCHLIST} and ` : ''}${MARKED_SEEN}.` : '';
      await confirmChange(answer, app, { filmId: film.id, message: `Rated **${filmLabelText(film)}** ${starsText(stars)} — ${starsToScore(stars)}/100${was}.${logged}`, undoToken: result.undoToken });
    });
  },
});
