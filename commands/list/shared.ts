import { escapeMarkdown, type BaseInteraction, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { App } from '../../src/app.js';
import { FilmId } from '../../src/catalog/schema.js';
import { accessOf, actorOf, guildIdOf } from '../../src/discord/actor.js';
import { catalogOf, resolveFilmOption } from '../../src/discord/filmOption.js';
import type { MemberRef } from '../../src/discord/members.js';
import { NOT_MODERATOR, placeText } from '../../src/discord/render/lists.js';
import { isUserError, quote, UserError } from '../../src/errors.js';
import { LIST_NAME_MAX, type ListActor } from '../../src/lists/index.js';
import { plural } from '../../src/discord/render/count.js';

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
export const films = (count: number) => plural(count, 'film');

/** The `list` option every subcommand but `all`, `create` and `import` starts with; it autocompletes list names. */
export const withList = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) =>
    option.setName('list').setDescription('The list — pick a suggestion or type its name').setRequired(true).setAutocomplete(true).setMaxLength(LIST_NAME_MAX),
  );

/**
 * The film a typed `film` option of /list remove or move names, read against the list: a title several films share
 * ("solaris") is the one the list holds; a near title (a typo) is never acted on, only offered. A film since dropped
 * from the catalog can still be named by its id.
 */
export async function filmInList(app: App, interaction: ChatInputCommandInteraction, raw: string): Promise<string> {
  let resolved;
  try {
    resolved = resolveFilmOption(catalogOf(app, interaction), raw);
  } catch (error) {
    const id = FilmId.safeParse(raw.trim());
    if (isUserError(error) && id.success) return id.data;
    throw error;
  }
  if (resolved.confident) return resolved.film.id;
  const { list, positions } = await app.lists.places(guildIdOf(interaction), listRef(interaction));
  const candidates = [resolved.film, ...resolved.contenders];
  const held = candidates.filter((film) => positions.has(film.id));
  // Not one of them in the list: the domain says the closest is not in it.
  if (held.length === 0) return resolved.film.id;
  // Several films of one title (remakes): the typed title is theirs. A single candidate is only a near title.
  const sameTitle = candidates.length > 1 && candidates.every((film) => film.title === candidates[0]!.title);
  if (sameTitle && held.length === 1) return held[0]!.id;
  const named = held.map((film) => `${filmTitle(film)}, ${placeText(list, positions.get(film.id)!)}`).join(' or ');
  throw new UserError(
    sameTitle
      ? `${quote(raw.trim(), 80)} could be ${named} in ${quote(list.name)}: pick one from the suggestions, or add the year.`
      : `No film in ${quote(list.name)} is called ${quote(raw.trim(), 80)}. Did you mean ${named}? Pick it from the suggestions, or type its title.`,
  );
}