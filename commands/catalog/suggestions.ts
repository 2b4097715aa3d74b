import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import { z } from 'zod';
import type { App } from '../../src/app.js';
import { SuggestionId, type Suggestion } from '../../src/catalog/serverSchema.js';
import { memberName } from '../../src/club/views.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { fitEmbed, LIMITS, truncate } from '../../src/discord/limits.js';
import type { ActionRow } from '../../src/discord/render/film.js';
import { escapeMarkdown } from '../../src/discord/render/escape.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { literal } from '../../src/errors.js';
import type { DeepReadonly } from '../../src/store/index.js';
import { assertModerator, catalogActor, filmTitle } from './shared.js';

/** One row of buttons a suggestion, as many as a message holds. */
const SHOWN = 5;

function describe(suggestion: DeepReadonly<Suggestion>, by: string): string {
  const facts = suggestion.facts;
  const lines = [`${filmTitle(facts)} · suggested by ${literal(by)}`];
  if (facts.directors?.length) lines.push(`Directed by ${literal(facts.directors.join(', '))}`);
  if (facts.cast?.length) lines.push(`With ${literal(facts.cast.slice(0, 5).map((member) => member.name).join(', '))}`);
  if (facts.synopsis) lines.push(literal(truncate(facts.synopsis, 300)));
  // Escaped the way Discord reads links: a backslash inside one would become part of the address.
  if (facts.poster) lines.push(`Poster: ${escapeMarkdown(facts.poster)}`);
  return lines.join('\n');
}

async function suggestionsView(app: App, guildId: string): Promise<{ embeds: APIEmbed[]; components: ActionRow[] }> {
  const data = await app.store.read(guildId);
  const pending = data.catalog.suggestions;
  const shown = pending.slice(0, SHOWN);
  const description = shown.length
    ? shown.map((suggestion, index) => `**${index + 1}.** ${describe(suggestion, memberName(data, suggestion.userId))}`).join('\n\n')
    : 'No suggestions waiting. Members propose films with /catalog suggest.';
  const more = pending.length > SHOWN ? ` (the first ${SHOWN} of ${pending.length})` : '';
  const components: ActionRow[] = shown.map((suggestion, index) => ({
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Success, label: truncate(`Approve ${index + 1}. ${suggestion.facts.title}`, LIMITS.buttonLabel), custom_id: customId('catalog', 'approve', suggestion.id) },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Reject ${index + 1}.`, custom_id: customId('catalog', 'reject', suggestion.id) },
    ],
  }));
  return { embeds: [fitEmbed({ title: `Film suggestions${more}`, description })], components };
}

export default defineSubcommand({
  name: 'suggestions',
  build: (sub) => sub.setDescription('Review the films members suggested: approve or reject them (moderators)'),

  async execute(interaction, app) {
    await assertModerator(app, interaction);
    await replyPrivately(interaction, await suggestionsView(app, guildIdOf(interaction)));
  },

  components: {
    approve: handler(z.tuple([SuggestionId]), async (interaction: ComponentInteraction, [id], app) => {
      const { film } = await app.serverFilms.approve(catalogActor(interaction), id);
      const view = await suggestionsView(app, guildIdOf(interaction));
      await interaction.update({ content: `Approved: ${filmTitle(film)} is in this server’s catalog.`, ...view, allowedMentions: NO_MENTIONS });
    }),

    reject: handler(z.tuple([SuggestionId]), async (interaction: ComponentInteraction, [id], app) => {
      const suggestion = await app.serverFilms.reject(catalogActor(interaction), id);
      const view = await suggestionsView(app, guildIdOf(interaction));
      await interaction.update({ content: `Rejected: ${filmTitle(suggestion.facts)}.`, ...view, allowedMentions: NO_MENTIONS });
    }),
  },
});
