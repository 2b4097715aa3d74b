import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { guildConfig, readWatchDate, starsText } from '../src/club/index.js';
import { actorOf } from '../src/discord/actor.js';
import { defineCommand } from '../src/discord/command.js';
import { confirmChange } from '../src/discord/confirm.js';
import { autocompleteFilm, filmOption } from '../src/discord/filmOption.js';
import { withFilm } from '../src/discord/filmPick.js';
import { OFF_WATCHLIST } from '../src/discord/render/club.js';
import { filmLabelText } from '../src/discord/render/film.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('watched')
    .setDescription('Log a film in your diary (rewatches welcome)')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => filmOption(option))
    .addStringOption((option) => option.setName('date').setDescription('When: 2024-05-17, "May 17", "yesterday", "last friday", "last christmas" (default today)').setMaxLength(40))
    .addNumberOption((option) => option.setName('rating').setDescription('Stars, ½ to 5 in half steps').setMinValue(0.5).setMaxValue(5)),

  autocomplete: autocompleteFilm,

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const dateText = interaction.options.getString('date');
    const stars = interaction.options.getNumber('rating') ?? undefined;
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      const config = await guildConfig(app.store, actor.guildId);
      const read = dateText ? readWatchDate(dateText, { zone: config.timezone, dateOrder: config.dateOrder, now: app.now(), film }) : undefined;
      const result = await app.diary.watch(actor, film.id, { on: read?.date, stars });
      const notes = [
        read?.reading ? `${read.reading}; \`/config date-format\` sets how this server reads such dates` : undefined,
        stars !== undefined ? `rated ${starsText(stars)}` : undefined,
        result.rewatch ? 'a rewatch' : undefined,
        result.removedFromWatchlist ? OFF_WATCHLIST : undefined,
      ].filter(Boolean);
      await confirmChange(answer, app, { filmId: film.id, message: `Logged **${filmLabelText(film)}** as watched on ${result.entry.watchedOn}${notes.length ? ` (${notes.join(', ')})` : ''}.`, undoToken: result.undoToken });
    });
  },
});
