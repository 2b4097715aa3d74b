import { z } from 'zod';
import { readFilmForm } from '../../src/catalog/filmForm.js';
import { NewFilmFacts } from '../../src/catalog/serverSchema.js';
import { handler } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { buildFilmCard } from '../../src/discord/filmCard.js';
import { note } from '../../src/discord/render/v2.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import type { ModalSubmitInteraction } from 'discord.js';
import { assertModerator, catalogActor, filmModal, filmTitle, formText } from './shared.js';

export default defineSubcommand({
  name: 'add',
  build: (sub) => sub.setDescription('Add a film the catalog lacks, by hand: a form opens (moderators)'),

  async execute(interaction, app) {
    await assertModerator(app, interaction);
    await interaction.showModal(filmModal(customId('catalog', 'add'), 'Add a film to this server'));
  },

  modals: {
    add: handler(z.tuple([]), async (interaction: ModalSubmitInteraction, _args, app) => {
      const facts = NewFilmFacts.parse(readFilmForm(formText(interaction), 'new'));
      const film = await app.serverFilms.addByHand(catalogActor(interaction), facts);
      // A V2 card carries no message content: what happened is a note above the card.
      const card = await buildFilmCard(app, interaction.guildId, film, { before: [note(`Added ${filmTitle(film)} to this server’s catalog.`)] });
      await interaction.reply({ ...card, allowedMentions: NO_MENTIONS });
    }),
  },
});
