import { filmOption } from '../../src/discord/filmOption.js';
import { placeText } from '../../src/discord/render/lists.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { MAX_LIST_ENTRIES } from '../../src/lists/index.js';
import { filmInList, filmTitle, listActor, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'move',
  build: (sub) =>
    withList(sub.setDescription('Move a film to another position (moderators)'))
      .addStringOption((option) => filmOption(option))
      .addIntegerOption((option) => option.setName('position').setDescription('Its new position').setRequired(true).setMinValue(1).setMaxValue(MAX_LIST_ENTRIES)),

  async execute(interaction, app) {
    const filmId = await filmInList(app, interaction, interaction.options.getString('film', true));
    const result = await app.lists.move(listActor(interaction), listRef(interaction), filmId, interaction.options.getInteger('position', true));
    const { list } = result;
    const lines = [`Moved ${filmTitle(result.film)} in ${quote(list.name)} from ${placeText(list, result.from)} to ${placeText(list, result.to)}.`];
    if (result.clamped && result.requestedPosition !== undefined) {
      lines.push(`Position ${result.requestedPosition} is outside the list (1–${list.size.toLocaleString('en-US')}), so it went to ${placeText(list, result.to)}.`);
    }
    await replyPrivately(interaction, { content: lines.join('\n') });
  },
});
