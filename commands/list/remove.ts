import { filmOption } from '../../src/discord/filmOption.js';
import { placeText } from '../../src/discord/render/lists.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { filmInList, films, filmTitle, listActor, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'remove',
  build: (sub) => withList(sub.setDescription('Take a film off a list (moderators)')).addStringOption((option) => filmOption(option)),

  async execute(interaction, app) {
    const filmId = await filmInList(app, interaction, interaction.options.getString('film', true));
    const result = await app.lists.remove(listActor(interaction), listRef(interaction), filmId);
    await replyPrivately(interaction, {
      content: `Removed ${filmTitle(result.film)} (${placeText(result.list, result.position)}) from ${quote(result.list.name)}; ${films(result.list.size)} left.`,
    });
  },
});
