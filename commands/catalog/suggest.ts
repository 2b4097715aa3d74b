import type { ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import { readFilmForm } from '../../src/catalog/filmForm.js';
import { NewFilmFacts } from '../../src/catalog/serverSchema.js';
import { actorOf } from '../../src/discord/actor.js';
import { handler } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { filmModal, filmTitle, formText } from './shared.js';

export default defineSubcommand({
  name: 'suggest',
  build: (sub) => sub.setDescription('Suggest a film the catalog lacks; a moderator approves it'),

  async execute(interaction) {
    await interaction.showModal(filmModal(customId('catalog', 'suggest'), 'Suggest a film for this server'));
  },

  modals: {
    suggest: handler(z.tuple([]), async (interaction: ModalSubmitInteraction, _args, app) => {
      const facts = NewFilmFacts.parse(readFilmForm(formText(interaction), 'new'));
      await app.serverFilms.suggest(actorOf(interaction), facts);
      await replyPrivately(interaction, { content: `Thanks: ${filmTitle(facts)} is suggested. A moderator will review it with /catalog suggestions.` });
    }),
  },
});
