import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { actorOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { autocompleteFilm, filmOption, resolveFilmOption } from '../src/discord/filmOption.js';
import { filmLabel } from '../src/discord/render/film.js';
import { MARKED_SEEN } from '../src/discord/render/club.js';

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
    const { film } = resolveFilmOption(app.catalog, interaction.options.getString('film', true));
    if (interaction.options.getBoolean('remove')) {
      const result = await app.diary.undislike(actor, film.id);
      await confirmChange(interaction, app, { filmId: film.id, message: `You no longer dislike **${filmLabel(film)}**.`, undoToken: result.undoToken });
      return;
    }
    const result = await app.diary.dislike(actor, film.id);
    const notes = [result.markedSeen ? MARKED_SEEN : undefined, result.clearedOpposite ? 'removed from your favorites' : undefined].filter(Boolean);
    await confirmChange(interaction, app, { filmId: film.id, message: `Marked **${filmLabel(film)}** as disliked${notes.length ? ` (${notes.join(', ')})` : ''}.`, undoToken: result.undoToken });
  },
});
