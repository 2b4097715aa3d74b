import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { renderImportPreview, renderImportResult } from '../../src/discord/render/lists.js';
import { NO_MENTIONS, replyPrivately } from '../../src/discord/respond.js';
import { perApp } from '../../src/discord/sessions.js';
import { defineSubcommand } from '../../src/discord/subcommands.js';
import { UserError } from '../../src/errors.js';
import { IMPORT_MAX_BYTES, LIST_NAME_MAX, type ImportPreview } from '../../src/lists/index.js';
import { assertModerator, listActor } from './shared.js';

/** An import preview waits this long for the moderator's Confirm; after it (or a restart) they import again. */
const IMPORT_TTL_MINUTES = 15;
const DOWNLOAD_TIMEOUT_MS = 20_000;

interface PendingImport {
  guildId: string;
  userId: string;
  preview: ImportPreview;
  /** Set once confirmed or cancelled, so a second press cannot import twice. */
  settled: boolean;
}

const pendingImports = perApp<PendingImport>(IMPORT_TTL_MINUTES * 60_000, 200);

const EXPIRED_IMPORT =
  `This import preview has expired (previews are kept for ${IMPORT_TTL_MINUTES} minutes, and not across a restart of the bot). ` +
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
    const sessionId = importable ? pendingImports(app).put({ guildId, userId: interaction.user.id, preview, settled: false }) : undefined;
    await replyPrivately(interaction, renderImportPreview(preview, sessionId ? { sessionId } : undefined));
  },

  components: {
    import: handler(z.tuple([z.string().min(1).max(20), z.enum(['exact', 'guess', 'cancel'])]), async (interaction: ComponentInteraction, [sessionId, choice], app) => {
      const pending = pendingImports(app).get(sessionId);
      if (!pending) {
        await interaction.update({ content: EXPIRED_IMPORT, components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      if (pending.userId !== interaction.user.id || pending.guildId !== guildIdOf(interaction)) {
        throw new UserError('Only the moderator who started this import can confirm or cancel it.');
      }
      if (pending.settled) {
        await interaction.update({ content: 'This import was already confirmed or cancelled.', components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      pending.settled = true;
      if (choice === 'cancel') {
        await interaction.update({ content: 'Import cancelled: nothing was saved.', components: [], allowedMentions: NO_MENTIONS });
        return;
      }
      // Writing a list of thousands of films may take longer than Discord waits for an answer.
      await interaction.deferUpdate();
      try {
        const result = await app.lists.applyImport(listActor(interaction), pending.preview, { takeBestGuesses: choice === 'guess' });
        await interaction.editReply({ content: '', embeds: [renderImportResult(result)], components: [], allowedMentions: NO_MENTIONS });
      } catch (error) {
        // Not imported (a name taken meanwhile, rights withdrawn...): the preview's buttons still work once that is fixed.
        pending.settled = false;
        throw error;
      }
    }),
  },
});
