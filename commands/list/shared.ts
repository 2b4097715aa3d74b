import { escapeMarkdown, type BaseInteraction, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { App } from '../../src/app.js';
import { accessOf, actorOf, guildIdOf } from '../../src/discord/actor.js';
import type { MemberRef } from '../../src/discord/members.js';
import { NOT_MODERATOR } from '../../src/discord/render/lists.js';
import { isUserError, UserError } from '../../src/errors.js';
import { LIST_NAME_MAX, type ListActor } from '../../src/lists/index.js';

export function listActor(interaction: BaseInteraction): ListActor {
  return { ...actorOf(interaction), access: accessOf(interaction) };
}

export function viewerOf(interaction: BaseInteraction): MemberRef {
  const { userId, name } = actorOf(interaction);
  return { userId, name };
}

export async function assertModerator(app: App, interaction: BaseInteraction): Promise<void> {
  if (!(await app.lists.isModerator(guildIdOf(interaction), accessOf(interaction)))) throw new UserError(NOT_MODERATOR);
}

/** Buttons carry list ids: the only way such a list is not found is that it was deleted meanwhile. */
export async function stillThere<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUserError(error) && error.message.startsWith('There is no server list')) {
      throw new UserError('That list no longer exists (a moderator deleted it). /list all shows the server’s lists.');
    }
    throw error;
  }
}

export const listRef = (interaction: ChatInputCommandInteraction) => interaction.options.getString('list', true);
export const filmTitle = (film: { title: string; year?: number | undefined }) => `**${escapeMarkdown(film.title)}**${film.year ? ` (${film.year})` : ''}`;
export const films = (count: number) => `${count} film${count === 1 ? '' : 's'}`;

/** The `list` option every subcommand but `all`, `create` and `import` starts with; it autocompletes list names. */
export const withList = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) =>
    option.setName('list').setDescription('The list — pick a suggestion or type its name').setRequired(true).setAutocomplete(true).setMaxLength(LIST_NAME_MAX),
  );
