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
    .setName('dislike')
    .setDescription('Mark a film you disliked (or take it back)')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addBooleanOption((option) => option.setName('remove').setDescription('Take the dislike back instead')),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const remove = interaction.options.getBoolean('remove');
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      if (remove) {
        const result = await app.diary.undislike(actor, film.id);
        await confirmChange(answer, app, { filmId: film.id, message: `You no longer dislike **${filmLabelText(film)}**.`, undoToken: result.undoToken });
        return;
      }
      const result = await app.diary.dislike(actor, film.id);
      const notes = [result.removedFromWatchlist ? OFF_WATCHLIST : undefined, result.markedSeen ? MARKED_SEEN : undefined, result.clearedOpposite ? 'removed from your favorites' : undefined].filter(Boolean);
      await confirmChange(answer, app, { filmId: film.id, message: `Marked **${filmLabelText(film)}** as disliked${notes.length ? ` (${notes.join(', ')})` : ''}.`, undoToken: result.undoToken });
    });
  },
});
