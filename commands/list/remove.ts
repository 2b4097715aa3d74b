import type { App } from '../../src/app.js';
import { FilmId } from '../../src/catalog/schema.js';
import { catalogOf, filmOption, resolveFilmOption } from '../../src/discord/filmOption.js';
import { placeText } from '../../src/discord/render/lists.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { isUserError, quote } from '../../src/errors.js';
import { films, filmTitle, listActor, listRef, withList } from './shared.js';

/**
 * The film of /list remove: like every film option (a picked id or typed text), but a film since dropped from the
 * catalog can still be taken off a list by its id.
 */
function filmToRemove(app: App, raw: string, where: { guildId: string | null }): string {
  try {
    return resolveFilmOption(catalogOf(app, where), raw).film.id;
  } catch (error) {
    const id = FilmId.safeParse(raw.trim());
    if (isUserError(error) && id.success) return id.data;
    throw error;
  }
}

export default defineSubcommand({
  name: 'remove',
  build: (sub) => withList(sub.setDescription('Take a film off a list (moderators)')).addStringOption((option) => filmOption(option)),

  async execute(interaction, app) {
    const filmId = filmToRemove(app, interaction.options.getString('film', true), interaction);
    const result = await app.lists.remove(listActor(interaction), listRef(interaction), filmId);
    await replyPrivately(interaction, {
      content: `Removed ${filmTitle(result.film)} (${placeText(result.list, result.position)}) from ${quote(result.list.name)}; ${films(result.list.size)} left.`,
    });
  },
});
