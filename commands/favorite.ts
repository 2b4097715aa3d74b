import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { actorOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { autocompleteFilm, filmOption } from '../src/discord/filmOption.js';
import { withFilm } from '../src/discord/filmPick.js';
import { filmLabelText } from '../src/discord/render/film.js';
import { MARKED_SEEN, OFF_WATCHLIST } from '../src/discord/render/club.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('favorite')
    .setDescription('Mark a film as one of your favorites (or take it back)')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addBooleanOption((option) => option.setName('remove').setDescription('Remove it from your favorites instead')),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const remove = interaction.options.getBoolean('remove');
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      if (remove) {
        const result = await app.diary.unfavorite(actor, film.id);
        await confirmChange(answer, app, { filmId: film.id, message: `Removed **${filmLabelText(film)}** from your favorites.`, undoToken: result.undoToken });
        return;
      }
      const result = await app.diary.favorite(actor, film.id);
      const notes = [result.removedFromWatchlist ? OFF_WATCHLIST : undefined, result.markedSeen ? MARKED_SEEN : undefined, result.clearedOpposite ? 'no longer disliked' : undefined].filter(Boolean);
      await confirmChange(answer, app, { filmId: film.id, message: `Added **${filmLabelText(film)}** to your favorites${notes.length ? ` (${notes.join(', ')})` : ''}.`, undoToken: result.undoToken });
    });
  },
});
