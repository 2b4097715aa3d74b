import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { starsText, starsToScore } from '../src/club/index.js';
import { UserError } from '../src/errors.js';
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
    .setDescription('Rate a film from ½ to 5 stars (or take your rating back)')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addNumberOption((option) => option.setName('stars').setDescription('½ to 5, in half steps (4.5 is ★★★★½)').setMinValue(0.5).setMaxValue(5))
    .addBooleanOption((option) => option.setName('remove').setDescription('Take your rating of it back instead')),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const stars = interaction.options.getNumber('stars');
    const remove = interaction.options.getBoolean('remove') ?? false;
    // Checked before the film is looked up: a "Did you mean…?" menu would only lead to the same refusal.
    if (remove && stars !== null) throw new UserError('Give either `stars` or `remove:true`, not both.');
    if (!remove && stars === null) throw new UserError('Give `stars` (½ to 5) to rate the film, or `remove:true` to take your rating back.');
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      if (stars === null) {
        const mine = await app.diary.memberFilm(actor.guildId, actor.userId, film.id);
        const result = await app.diary.unrate(actor, film.id);
        const was = mine.stars !== undefined ? ` (was ${starsText(mine.stars)})` : '';
        await confirmChange(answer, app, { filmId: film.id, message: `Removed your rating of **${filmLabelText(film)}**${was}.`, undoToken: result.undoToken });
        return;
      }
      const result = await app.diary.rate(actor, film.id, stars);
      const was = result.previousStars !== undefined ? ` (was ${starsText(result.previousStars)})` : '';
      const logged = result.markedSeen ? ` Also ${result.removedFromWatchlist ? `${OFF_WATCHLIST} and ` : ''}${MARKED_SEEN}.` : '';
      await confirmChange(answer, app, { filmId: film.id, message: `Rated **${filmLabelText(film)}** ${starsText(stars)} — ${starsToScore(stars)}/100${was}.${logged}`, undoToken: result.undoToken });
    });
  },
});
