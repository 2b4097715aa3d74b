import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { renderImportPreview, renderImportResult } from '../../src/discord/render/lists.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { IMPORT_MAX_BYTES, LIST_NAME_MAX } from '../../src/lists/index.js';
import { LIST_IMPORT_TTL_MINUTES, PENDING_LIST_IMPORTS } from '../../src/lists/pendingImports.js';
import { assertModerator, listActor } from './shared.js';

const DOWNLOAD_TIMEOUT_MS = 20_000;

const EXPIRED_IMPORT =
  `This import preview has expired (previews are kept for ${LIST_IMPORT_TTL_MINUTES} minutes). ` +
  'Nothing was imported: run /list import again with the file.';

async function download(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new UserError('I could not download the attachment from Discord. Please try again.');
  }
  if (!response.ok) throw new UserError(`Discord did not hand over the attachment (HTTP ${response.status}); attach the file again.`);
  return new Uint8Array(await response.arrayBuffer());
}

export default defineSubcommand({
  name: 'import',
  build: (sub) =>
    sub
      .setDescription(`Import a list from a CSV: Letterboxd's list export or title,year rows (moderators)`)
      .addAttachmentOption((option) => option.setName('file').setDescription(`The .csv file, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB`).setRequired(true))
      .addStringOption((option) => option.setName('name').setDescription('The list’s name (default: the name in a Letterboxd export)').setMaxLength(LIST_NAME_MAX))
      .addBooleanOption((option) => option.setName('ranked').setDescription('Show ranks (default: yes when the file has positions)')),

  async execute(interaction, app) {
    const guildId = guildIdOf(interaction);
    // Refused before anything is downloaded: members who cannot import, and files that are not a small CSV.
    await assertModerator(app, interaction);
    const file = interaction.options.getAttachment('file', true);
    const attachment = app.lists.checkAttachment({ name: file.name, size: file.size, contentType: file.contentType });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const content = await download(file.url);
    const name = interaction.options.getString('name');
    const ranked = interaction.options.getBoolean('ranked');
    const preview = await app.lists.previewImport(
      listActor(interaction),
      { attachment, content },
      { ...(name !== null && { name }), ...(ranked !== null && { ranked }) },
    );
    const importable = preview.matched.length > 0 || preview.ambiguous.length > 0;
    // Kept in the server's data, so Confirm works after a restart of the bot too.
    const sessionId = importable ? await PENDING_LIST_IMPORTS.put(app.store, guildId, interaction.user.id, { guildId, preview }, null, app.now()) : undefined;
    await replyPrivately(interaction, renderImportPreview(preview, sessionId ? { sessionId } : undefined));
  },

  components: {
    import: handler(z.tuple([z.string().min(1).max(20), z.enum(['exact', 'guess', 'cancel'])]), async (interaction: ComponentInteraction, [sessionId, choice], app) => {
      const key = { guildId: guildIdOf(interaction), userId: interaction.user.id, token: sessionId };
      const found = await PENDING_LIST_IMPORTS.get(app.store, key, app.now());
      if (found.status === 'not-yours') throw new UserError('Only the moderator who started this import can confirm or cancel it.');
      if (found.status === 'missing') {
        await interaction.update({ content: EXPIRED_IMPORT, components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      // Claimed in the store: a second press, in this process or another, cannot import twice.
      if (found.status === 'settled' || !(await PENDING_LIST_IMPORTS.claim(app.store, key, app.now()))) {
        await interaction.update({ content: 'This import was already confirmed or cancelled.', components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      if (choice === 'cancel') {
        await PENDING_LIST_IMPORTS.finish(app.store, key);
        await interaction.update({ content: 'Import cancelled: nothing was saved.', components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      // Writing a list of thousands of films may take longer than Discord waits for an answer.
      await interaction.deferUpdate();
      try {
        const result = await app.lists.applyImport(listActor(interaction), found.payload.preview, { takeBestGuesses: choice === 'guess' });
        await PENDING_LIST_IMPORTS.finish(app.store, key);
        await interaction.editReply({ content: '', embeds: [renderImportResult(result)], components: [], allowedMentions: NO_MENTIONS });
      } catch (error) {
        // Not imported (a name taken meanwhile, rights withdrawn...): the preview's buttons still work once that is fixed.
        await PENDING_LIST_IMPORTS.release(app.store, key);
        throw error;
      }
    }),
  },
});
