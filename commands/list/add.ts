import { filmOption } from '../../src/discord/filmOption.js';
import { withFilm } from '../../src/discord/filmPick.js';
import { placeText } from '../../src/discord/render/lists.js';
import { replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { quote } from '../../src/errors.js';
import { ENTRY_NOTE_MAX, MAX_LIST_ENTRIES } from '../../src/lists/index.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { assertModerator, films, filmTitle, listActor, listRef, withList } from './shared.js';

export default defineSubcommand({
  name: 'add',
  build: (sub) =>
    withList(sub.setDescription('Add a film to a list (moderators)'))
      .addStringOption((option) => filmOption(option))
      .addIntegerOption((option) => option.setName('position').setDescription('Where it goes (default: the end)').setMinValue(1).setMaxValue(MAX_LIST_ENTRIES))
      .addStringOption((option) => option.setName('note').setDescription('A note shown beside the film').setMaxLength(ENTRY_NOTE_MAX)),

  async execute(interaction, app) {
    const list = listRef(interaction);
    const entry = { position: interaction.options.getInteger('position'), note: interaction.options.getString('note') };
    // Before any "Did you mean…?": a member who may not add, or a list that is not there, would learn it only after picking.
    await assertModerator(app, interaction);
    await app.lists.get(guildIdOf(interaction), list);
    await withFilm(interaction, app, interaction.options.getString('film', true), async (answer, film) => {
      const result = await app.lists.add(listActor(answer), list, film.id, entry);
      const lines = [`Added ${filmTitle(result.film)} to ${quote(result.list.name)} at ${placeText(result.list, result.position)} (${films(result.list.size)} now).`];
      if (result.clamped && result.requestedPosition !== undefined) {
        lines.push(`Position ${result.requestedPosition} is outside the list (it had ${films(result.list.size - 1)}), so the film went to ${placeText(result.list, result.position)}.`);
      }
      await replyPrivately(answer, { content: lines.join('\n') });
    });
  },
});
