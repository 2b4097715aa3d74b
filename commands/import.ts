import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { actorOf, guildIdOf } from '../src/discord/actor.js';
import { announceAwards } from '../src/discord/confirm.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { AMBIGUOUS_MENUS, PREVIEW_EXAMPLES, hasAnythingToImport, LEAVE_OUT, progressText, renderImportPreview, renderImportResult, SOURCE_NAMES } from '../src/discord/render/import.js';
import { NO_MENTIONS } from '../src/discord/respond.js';
import { UserError } from '../src/errors.js';
import { IMPORT_LIMITS, ImportSource, type MemberImportPreview } from '../src/import/index.js';
import { formatBytes } from '../src/import/limits.js';
import { compactPreview, IMPORT_PREVIEW_TTL_MINUTES, PENDING_IMPORTS, type PreviewChoices } from '../src/import/pendingPreviews.js';
import { PendingTooLargeError, type PendingKey } from '../src/pending/pendingShelf.js';
import { catalogOf } from '../src/discord/filmOption.js';

/** Edits of the "Matching…" reply, at most this often. */
const PROGRESS_EVERY_MS = 1_000;
const DOWNLOAD_TIMEOUT_MS = 60_000;

const EXPIRED = `This import preview has expired (a preview is kept for ${IMPORT_PREVIEW_TTL_MINUTES} minutes). Run /import again with your file.`;

interface OpenImport {
  key: PendingKey;
  preview: MemberImportPreview;
  choices: PreviewChoices;
}

/** The member's own open preview behind a button, from the server's data (so after a restart, or on another process, too). */
async function pendingFor(app: App, interaction: ComponentInteraction, sessionId: string): Promise<OpenImport> {
  const key = { guildId: guildIdOf(interaction), userId: interaction.user.id, token: sessionId };
  const found = await PENDING_IMPORTS.get(app.store, key, app.now());
  if (found.status === 'not-yours') throw new UserError('Only the member who started this import can use these controls.');
  if (found.status === 'settled') throw new UserError('This import is already finished or cancelled. Run /import again to import another file.');
  if (found.status === 'missing') throw new UserError(EXPIRED);
  return { key, preview: found.payload, choices: { ...found.state.choices } };
}

const SessionId = z.string().regex(/^[\w-]{1,20}$/);
const SessionArgs = z.tuple([SessionId]);

/** What Discord says about the attachment, before anything is downloaded. */
const AttachmentInfo = z.object({
  name: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(255).nullish(),
  url: z.url({ protocol: /^https?$/ }),
});
type AttachmentInfo = z.infer<typeof AttachmentInfo>;

// Clients label files loosely (Windows calls a .csv an Excel file; some send octet-stream); anything else is not an export.
const CONTENT_TYPES: Record<'zip' | 'csv', Set<string>> = {
  zip: new Set(['application/zip', 'application/x-zip-compressed', 'application/x-zip', 'multipart/x-zip', 'application/octet-stream']),
  csv: new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'text/x-csv', 'application/vnd.ms-excel', 'text/plain', 'application/octet-stream']),
};

const EXPECTED_FILE: Record<ImportSource, string> = {
  letterboxd: 'the ZIP Letterboxd gives you (or one of its .csv files)',
  icheckmovies: 'the .csv file iCheckMovies gives you',
  imdb: 'the .csv file IMDb exports from Your Ratings or your Watchlist',
};

function checkAttachment(raw: unknown, source: ImportSource): AttachmentInfo {
  const parsed = AttachmentInfo.safeParse(raw);
  if (!parsed.success) throw new UserError('I cannot read that attachment; attach your export file again.');
  const info = parsed.data;
  const name = info.name.slice(0, 80);
  const extension = /\.([a-z0-9]+)$/i.exec(info.name)?.[1]?.toLowerCase();
  if (extension !== 'zip' && extension !== 'csv') {
    throw new UserError(
      `“${name}” is not a CSV or ZIP file. Attach ${EXPECTED_FILE[source]}.`,
    );
  }
  const type = info.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && !CONTENT_TYPES[extension].has(type)) {
    throw new UserError(`“${name}” is named .${extension}, but Discord says it is ${type.slice(0, 60)}; attach the file exactly as you exported it.`);
  }
  if (extension === 'zip' && source !== 'letterboxd') {
    const exports = source === 'icheckmovies' ? 'a single .csv file' : '.csv files';
    throw new UserError(`“${name}” is a ZIP, and ${SOURCE_NAMES[source]} exports ${exports}. If it is your Letterboxd export, choose source: Letterboxd.`);
  }
  if (info.size === 0) throw new UserError(`“${name}” is empty.`);
  if (info.size > IMPORT_LIMITS.maxFileBytes) {
    throw new UserError(
      `“${name}” is ${formatBytes(info.size)}; an import takes files up to ${formatBytes(IMPORT_LIMITS.maxFileBytes)}. ` +
        'Send the CSVs of your export one at a time instead.',
    );
  }
  return info;
}

/** Downloads the attachment, refusing to read more than the import limit whatever the size Discord announced. */
async function download(app: App, info: AttachmentInfo): Promise<Uint8Array> {
  const failed = (why: string) => {
    app.log.warn(`import: could not download an attachment: ${why}`);
    return new UserError(`I could not download “${info.name.slice(0, 80)}” from Discord. Please try again in a moment.`);
  };
  let response: Response;
  try {
    response = await fetch(info.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw failed((error as Error).message);
  }
  if (!response.ok || !response.body) throw failed(`HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > IMPORT_LIMITS.maxFileBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new UserError(`“${info.name.slice(0, 80)}” is larger than the ${formatBytes(IMPORT_LIMITS.maxFileBytes)} an import takes; send its CSVs one at a time.`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw failed((error as Error).message);
  }
  return Buffer.concat(chunks);
}

/** Keeps the preview for its buttons; the token goes in their custom_ids. */
async function keepPreview(app: App, userId: string, preview: MemberImportPreview): Promise<string> {
  const kept = compactPreview(preview, { examples: PREVIEW_EXAMPLES, choosable: AMBIGUOUS_MENUS });
  try {
    return await PENDING_IMPORTS.put(app.store, preview.guildId, userId, kept, { choices: {} }, app.now());
  } catch (error) {
    if (error instanceof PendingTooLargeError) throw new UserError('This export is too large to keep for confirmation. Send the CSVs of your export one at a time instead.');
    throw error;
  }
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('import')
    .setDescription('Bring your film history from Letterboxd, iCheckMovies or IMDb into your diary here')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option
        .setName('source')
        .setDescription('Where the file comes from')
        .setRequired(true)
        .addChoices(
          { name: SOURCE_NAMES.letterboxd, value: 'letterboxd' },
          { name: SOURCE_NAMES.icheckmovies, value: 'icheckmovies' },
          { name: SOURCE_NAMES.imdb, value: 'imdb' },
        ),
    )
    .addAttachmentOption((option) =>
      option.setName('file').setDescription('Letterboxd: the export ZIP or one of its CSVs · iCheckMovies, IMDb: the exported CSV').setRequired(true),
    ),

  async execute(interaction, app) {
    const actor = actorOf(interaction);
    const source = ImportSource.safeParse(interaction.options.getString('source', true));
    if (!source.success) throw new UserError('Choose Letterboxd, iCheckMovies or IMDb as the source.');
    const info = checkAttachment(interaction.options.getAttachment('file', true), source.data);

    // Downloading and matching thousands of films can take longer than Discord's 3 seconds.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const bytes = await download(app, info);
    let lastEdit = 0;
    const preview = await app.imports.preview(actor, [{ name: info.name, bytes }], {
      source: source.data,
      onProgress: async (progress) => {
        const now = Date.now();
        if (progress.done >= progress.total || now - lastEdit < PROGRESS_EVERY_MS) return;
        lastEdit = now;
        await interaction.editReply({ content: progressText(progress), allowedMentions: NO_MENTIONS });
      },
    });
    const sessionId = hasAnythingToImport(preview) ? await keepPreview(app, interaction.user.id, preview) : undefined;
    await interaction.editReply({ ...renderImportPreview(preview, { sessionId, choices: {} }, catalogOf(app, interaction)), allowedMentions: NO_MENTIONS });
  },

  components: {
    choose: handler(z.tuple([SessionId, z.coerce.number().int().min(0).max(AMBIGUOUS_MENUS - 1)]), async (interaction: ComponentInteraction, [sessionId, index], app) => {
      if (!interaction.isStringSelectMenu()) throw new UserError('This control expects a choice from the menu.');
      const { key, preview, choices } = await pendingFor(app, interaction, sessionId);
      const film = preview.ambiguous[index];
      const value = z.array(z.string()).length(1).safeParse(interaction.values);
      if (!film) throw new UserError(EXPIRED);
      if (!value.success) throw new UserError('Pick one film from the menu.');
      const picked = value.data[0]!;
      if (picked === LEAVE_OUT) delete choices[film.key];
      else if (film.candidates.some((candidate) => candidate.filmId === picked)) choices[film.key] = picked;
      else throw new UserError('That film was not one of the choices; pick one from the menu.');
      if (!(await PENDING_IMPORTS.setState(app.store, key, { choices }, app.now()))) throw new UserError('This import is already finished or cancelled. Run /import again to import another file.');
      await interaction.update({ ...renderImportPreview(preview, { sessionId, choices }, catalogOf(app, interaction)), allowedMentions: NO_MENTIONS });
    }),

    confirm: handler(SessionArgs, async (interaction: ComponentInteraction, [sessionId], app) => {
      const { key, preview, choices } = await pendingFor(app, interaction, sessionId);
      // A second press, here or on another process, finds the preview claimed.
      if (!(await PENDING_IMPORTS.claim(app.store, key, app.now()))) throw new UserError('This import is already finished or cancelled. Run /import again to import another file.');
      // One store write, but it may hold thousands of films.
      await interaction.deferUpdate();
      let result;
      try {
        result = await app.imports.apply(actorOf(interaction), preview, choices);
      } catch (error) {
        await PENDING_IMPORTS.release(app.store, key);
        throw error;
      }
      await PENDING_IMPORTS.finish(app.store, key);
      await interaction.editReply({ ...renderImportResult(preview, result, choices), allowedMentions: NO_MENTIONS });
      // Imported viewings count toward list awards like any other, and are announced the same way.
      await announceAwards(interaction, app);
    }),

    cancel: handler(SessionArgs, async (interaction: ComponentInteraction, [sessionId], app) => {
      const key = { guildId: guildIdOf(interaction), userId: interaction.user.id, token: sessionId };
      const found = await PENDING_IMPORTS.get(app.store, key, app.now());
      if (found.status === 'not-yours') throw new UserError('Only the member who started this import can cancel it.');
      if (found.status === 'open') await PENDING_IMPORTS.finish(app.store, key);
      await interaction.update({ content: 'Import cancelled: nothing was recorded.', embeds: [], components: [], allowedMentions: NO_MENTIONS });
    }),
  },
});
