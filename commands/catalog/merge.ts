import { ButtonStyle, ComponentType } from 'discord.js';
import { z } from 'zod';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { customId } from '../../src/discord/customId.js';
import { catalogOf, resolveFilmOption } from '../../src/discord/filmOption.js';
import { LIMITS } from '../../src/discord/limits.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { PENDING_MERGES, MERGE_TTL_MINUTES } from '../../src/discord/pendingMerges.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { assertModerator, catalogActor, filmTitle } from './shared.js';

const plural = (count: number, word: string, words = `${word}s`) => `${count} ${count === 1 ? word : words}`;
/** "1 member’s records", "3 members’ records". */
const membersRecords = (count: number) => `${count} ${count === 1 ? 'member’s' : 'members’'} records`;

export default defineSubcommand({
  name: 'merge',
  build: (sub) =>
    sub
      .setDescription('Two entries of the same film become one; every record moves to the kept one (moderators)')
      .addStringOption((option) =>
        option.setName('keep').setDescription('The entry to keep — pick a suggestion').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue),
      )
      .addStringOption((option) =>
        option.setName('remove').setDescription('The duplicate to merge into it — pick a suggestion').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue),
      ),

  async execute(interaction, app) {
    await assertModerator(app, interaction);
    const catalog = catalogOf(app, interaction);
    const keep = resolveFilmOption(catalog, interaction.options.getString('keep', true));
    const remove = resolveFilmOption(catalog, interaction.options.getString('remove', true));
    if (!keep.confident || !remove.confident) throw new UserError('Pick both films from the suggestions: a merge needs the exact entries.');
    const preview = await app.serverFilms.mergePreview(catalogActor(interaction), keep.film.id, remove.film.id);
    // Kept in the server's data: Merge works after a restart of the bot too.
    const token = await PENDING_MERGES.put(app.store, guildIdOf(interaction), interaction.user.id, { keepId: preview.kept.id, removeId: preview.removed.id }, null, app.now());
    const content = [
      `Merge ${filmTitle(preview.removed)} \`${preview.removed.id}\` into ${filmTitle(preview.kept)} \`${preview.kept.id}\`?`,
      `${membersRecords(preview.members)} (${plural(preview.viewings, 'viewing')}), list entries and party nominations move to the kept entry; a viewing logged on both counts once.`,
      'The removed entry then leads to the kept one everywhere (old buttons and links included). Nothing changes until you confirm.',
    ].join('\n');
    await replyPrivately(interaction, {
      content,
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Merge', custom_id: customId('catalog', 'merge', token) },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: customId('catalog', 'merge-cancel') },
          ],
        },
      ],
    });
  },

  components: {
    merge: handler(z.tuple([z.string().min(1).max(20)]), async (interaction: ComponentInteraction, [token], app) => {
      const key = { guildId: guildIdOf(interaction), userId: interaction.user.id, token };
      const found = await PENDING_MERGES.get(app.store, key, app.now());
      if (found.status === 'not-yours') throw new UserError('Only the moderator who asked for this merge can confirm it.');
      if (found.status !== 'open') throw new UserError(`This confirmation has expired (after ${MERGE_TTL_MINUTES} minutes) or was used already. Run /catalog merge again.`);
      const { kept, removed, counts } = await app.serverFilms.merge(catalogActor(interaction), found.payload.keepId, found.payload.removeId);
      await PENDING_MERGES.take(app.store, key, app.now());
      await interaction.update({
        content: `Merged ${filmTitle(removed)} into ${filmTitle(kept)}: ${membersRecords(counts.members)} (${plural(counts.viewings, 'viewing')} moved), ${plural(counts.lists, 'list')} and ${plural(counts.parties, 'party', 'parties')} updated.`,
        components: [],
        allowedMentions: NO_MENTIONS,
      });
    }),

    'merge-cancel': handler(z.tuple([]), async (interaction: ComponentInteraction) => {
      await interaction.update({ content: 'Cancelled: nothing was merged.', components: [], allowedMentions: NO_MENTIONS });
    }),
  },
});
