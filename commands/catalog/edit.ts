import type { ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import { changedFacts, filmFormText, readFilmForm } from '../../src/catalog/filmForm.js';
import { FilmId } from '../../src/catalog/schema.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { buildFilmCard } from '../../src/discord/filmCard.js';
import { catalogOf, filmOption, resolveFilmOption } from '../../src/discord/filmOption.js';
import { note } from '../../src/discord/render/v2.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { assertModerator, catalogActor, filmModal, filmTitle, formText } from './shared.js';

export default defineSubcommand({
  name: 'edit',
  build: (sub) =>
    sub
      .setDescription('Correct a film’s facts for this server: a form opens, filled in (moderators)')
      .addStringOption((option) => filmOption(option, 'The film to correct — pick a suggestion')),

  async execute(interaction, app) {
    await assertModerator(app, interaction);
    const { film, confident } = resolveFilmOption(catalogOf(app, interaction), interaction.options.getString('film', true));
    if (!confident) throw new UserError(`Pick the film from the suggestions (the closest match is ${filmTitle(film)}).`);
    await interaction.showModal(filmModal(customId('catalog', 'edit', film.id), `Correct ${film.title}`, filmFormText(film)));
  },

  modals: {
    edit: handler(z.tuple([FilmId]), async (interaction: ModalSubmitInteraction, [filmId], app) => {
      const current = app.catalogFor(guildIdOf(interaction)).get(filmId);
      if (!current) throw new UserError('That film is no longer in the catalog.');
      const changes = changedFacts(current, readFilmForm(formText(interaction), 'edit'));
      if (Object.keys(changes).length === 0) {
        await replyPrivately(interaction, { content: `Nothing changed: ${filmTitle(current)} keeps its facts.` });
        return;
      }
      const film = await app.serverFilms.edit(catalogActor(interaction), filmId, changes);
      // A V2 card carries no message content: what happened is a note above the card.
      const card = await buildFilmCard(app, interaction.guildId, film, { before: [note(`Corrected ${filmTitle(film)} for this server.`)] });
      await interaction.reply({ ...card, allowedMentions: NO_MENTIONS });
    }),
  },
});
