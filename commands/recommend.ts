import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { memberOption } from '../src/discord/members.js';
import { autocompleteFilters, decadeOption, filterInput, genreOption, listOption, replyWithChosenCard, resolveFilters } from '../src/discord/recommendOptions.js';
import { renderRecommendations } from '../src/discord/render/recommend.js';
import { NO_MENTIONS } from '../src/discord/respond.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('recommend')
    .setDescription('Films to watch next, from your marks and what members with your taste loved — with the reasons')
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) => option.setName('member').setDescription('Recommendations for this member (default: you)'))
    .addStringOption((option) => genreOption(option))
    .addIntegerOption((option) => decadeOption(option))
    .addStringOption((option) => listOption(option)),

  autocomplete: autocompleteFilters,

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    const member = await memberOption(interaction, app, guildId);
    // Checked before acknowledging, so a mistake is answered privately.
    const filters = await resolveFilters(app, guildId, {
      genre: interaction.options.getString('genre'),
      decade: interaction.options.getInteger('decade'),
      list: interaction.options.getString('list'),
    });
    // Scoring reads every member's diary: acknowledge first.
    await interaction.deferReply();
    const result = await app.recommender.recommend(guildId, member.userId, filterInput(filters));
    const view = { name: member.name, self: member.userId === interaction.user.id, listName: filters.list?.name };
    await interaction.editReply({ ...renderRecommendations(result, view), allowedMentions: NO_MENTIONS });
  },

  components: {
    open: handler(z.tuple([]), async (interaction: ComponentInteraction, _args, app) => replyWithChosenCard(interaction, app)),
  },
});
