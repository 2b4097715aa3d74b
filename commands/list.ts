import {
  escapeMarkdown,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type BaseInteraction,
  type SlashCommandSubcommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../src/app.js';
import { FilmId } from '../src/catalog/schema.js';
import { Snowflake } from '../src/config.js';
import { accessOf, actorOf, guildIdOf } from '../src/discord/actor.js';
import { defineCommand, handler, type ComponentInteraction } from '../src/discord/command.js';
import { filmChoices, filmOption, resolveFilmOption } from '../src/discord/filmOption.js';
import { LIMITS, truncate } from '../src/discord/limits.js';
import { memberOption, recordedName, type MemberRef } from '../src/discord/members.js';
import { PageNumber, pagerRow } from '../src/discord/paging.js';
import {
  deletePrompt,
  NOT_MODERATOR,
  placeText,
  renderAllLists,
  renderImportPreview,
  renderImportResult,
  renderLeaderboard,
  renderListShow,
  renderProgress,
} from '../src/discord/render/lists.js';
import { NO_MENTIONS, replyPrivately } from '../src/discord/respond.js';
import { SessionStore } from '../src/discord/sessions.js';
import { isUserError, quote, UserError } from '../src/errors.js';
import {
  ENTRY_NOTE_MAX,
  IMPORT_MAX_BYTES,
  LIST_DESCRIPTION_MAX,
  LIST_NAME_MAX,
  MAX_LIST_ENTRIES,
  type ImportPreview,
  type ListActor,
} from '../src/lists/index.js';
import { ListId } from '../src/lists/schema.js';

const SHOW_PAGE_SIZE = 15;
const ALL_PAGE_SIZE = 10;
const BOARD_PAGE_SIZE = 20;
const UP_NEXT = 5;

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

// One store per running app, on the app's clock (tests move it to expire previews).
const importSessions = new WeakMap<App, SessionStore<PendingImport>>();
function pendingImports(app: App): SessionStore<PendingImport> {
  let sessions = importSessions.get(app);
  if (!sessions) {
    sessions = new SessionStore<PendingImport>(IMPORT_TTL_MINUTES * 60_000, 200, () => app.now().getTime());
    importSessions.set(app, sessions);
  }
  return sessions;
}

const EXPIRED_IMPORT =
  `This import preview has expired (previews are kept for ${IMPORT_TTL_MINUTES} minutes, and not across a restart of the bot). ` +
  'Nothing was imported: run /list import again with the file.';

function listActor(interaction: BaseInteraction): ListActor {
  return { ...actorOf(interaction), access: accessOf(interaction) };
}

function viewerOf(interaction: BaseInteraction): MemberRef {
  const { userId, name } = actorOf(interaction);
  return { userId, name };
}

async function assertModerator(app: App, interaction: BaseInteraction): Promise<void> {
  if (!(await app.lists.isModerator(guildIdOf(interaction), accessOf(interaction)))) throw new UserError(NOT_MODERATOR);
}

/** Buttons carry list ids: the only way such a list is not found is that it was deleted meanwhile. */
async function stillThere<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUserError(error) && error.message.startsWith('There is no server list')) {
      throw new UserError('That list no longer exists (a moderator deleted it). /list all shows the server’s lists.');
    }
    throw error;
  }
}

const listRef = (interaction: ChatInputCommandInteraction) => interaction.options.getString('list', true);
const filmTitle = (film: { title: string; year?: number | undefined }) => `**${escapeMarkdown(film.title)}**${film.year ? ` (${film.year})` : ''}`;
const films = (count: number) => `${count} film${count === 1 ? '' : 's'}`;

/**
 * The film of /list remove: like every film option (a picked id or typed text), but a film since dropped from the
 * catalog can still be taken off a list by its id.
 */
function filmToRemove(app: App, raw: string): string {
  try {
    return resolveFilmOption(app.catalog, raw).film.id;
  } catch (error) {
    const id = FilmId.safeParse(raw.trim());
    if (isUserError(error) && id.success) return id.data;
    throw error;
  }
}

// ── Views (public: members share them) ──────────────────────────────────────────────────────────────────────────

async function showPage(app: App, guildId: string, ref: string, viewer: MemberRef, page: number) {
  const shown = await app.lists.show(guildId, ref, { page, pageSize: SHOW_PAGE_SIZE, viewerId: viewer.userId });
  return {
    embeds: [renderListShow(shown, viewer.name)],
    components: pagerRow('list', ['s', shown.list.id, viewer.userId], shown.page.page, shown.page.pageCount),
    allowedMentions: NO_MENTIONS,
  };
}

async function allPage(app: App, guildId: string, viewer: MemberRef, page: number) {
  const lists = await app.lists.all(guildId, { page, pageSize: ALL_PAGE_SIZE, viewerId: viewer.userId });
  return { embeds: [renderAllLists(lists, viewer.name)], components: pagerRow('list', ['a', viewer.userId], lists.page, lists.pageCount), allowedMentions: NO_MENTIONS };
}

async function boardPage(app: App, guildId: string, ref: string, page: number) {
  const board = await app.lists.leaderboard(guildId, ref, { page, pageSize: BOARD_PAGE_SIZE });
  return { embeds: [renderLeaderboard(board)], components: pagerRow('list', ['b', board.list.id], board.page.page, board.page.pageCount), allowedMentions: NO_MENTIONS };
}

// ── Import ──────────────────────────────────────────────────────────────────────────────────────────────────────

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

async function startImport(interaction: ChatInputCommandInteraction, app: App): Promise<void> {
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
}

// ── Subcommands ─────────────────────────────────────────────────────────────────────────────────────────────────

type Subcommand = (interaction: ChatInputCommandInteraction, app: App) => Promise<void>;

const subcommands: Record<string, Subcommand> = {
  async create(interaction, app) {
    const ranked = interaction.options.getBoolean('ranked') ?? true;
    const list = await app.lists.create(listActor(interaction), {
      name: interaction.options.getString('name', true),
      description: interaction.options.getString('description') ?? undefined,
      ranked,
    });
    await replyPrivately(interaction, {
      content: `Created the ${ranked ? 'ranked' : 'unranked'} list ${quote(list.name)}. Add films with /list add, or import a CSV with /list import.`,
    });
  },

  async rename(interaction, app) {
    const list = await app.lists.rename(listActor(interaction), listRef(interaction), interaction.options.getString('name', true));
    await replyPrivately(interaction, { content: `Renamed ${quote(list.previousName)} to ${quote(list.name)}.` });
  },

  async describe(interaction, app) {
    const list = await app.lists.describe(listActor(interaction), listRef(interaction), interaction.options.getString('description') ?? '');
    await replyPrivately(interaction, {
      content: list.description ? `Updated the description of ${quote(list.name)}.` : `Cleared the description of ${quote(list.name)}.`,
    });
  },

  async delete(interaction, app) {
    await assertModerator(app, interaction);
    const list = await app.lists.get(guildIdOf(interaction), listRef(interaction));
    await replyPrivately(interaction, deletePrompt(list));
  },

  async add(interaction, app) {
    const { film } = resolveFilmOption(app.catalog, interaction.options.getString('film', true));
    const result = await app.lists.add(listActor(interaction), listRef(interaction), film.id, {
      position: interaction.options.getInteger('position'),
      note: interaction.options.getString('note'),
    });
    const { list } = result;
    const lines = [`Added ${filmTitle(result.film)} to ${quote(list.name)} at ${placeText(list, result.position)} (${films(list.size)} now).`];
    if (result.clamped && result.requestedPosition !== undefined) {
      lines.push(`Position ${result.requestedPosition} is outside the list (it had ${films(list.size - 1)}), so the film went to ${placeText(list, result.position)}.`);
    }
    await replyPrivately(interaction, { content: lines.join('\n') });
  },

  async remove(interaction, app) {
    const filmId = filmToRemove(app, interaction.options.getString('film', true));
    const result = await app.lists.remove(listActor(interaction), listRef(interaction), filmId);
    await replyPrivately(interaction, {
      content: `Removed ${filmTitle(result.film)} (${placeText(result.list, result.position)}) from ${quote(result.list.name)}; ${films(result.list.size)} left.`,
    });
  },

  async move(interaction, app) {
    const { film } = resolveFilmOption(app.catalog, interaction.options.getString('film', true));
    const result = await app.lists.move(listActor(interaction), listRef(interaction), film.id, interaction.options.getInteger('position', true));
    const { list } = result;
    const lines = [`Moved ${filmTitle(result.film)} in ${quote(list.name)} from ${placeText(list, result.from)} to ${placeText(list, result.to)}.`];
    if (result.clamped && result.requestedPosition !== undefined) {
      lines.push(`Position ${result.requestedPosition} is outside the list (1–${list.size}), so it went to ${placeText(list, result.to)}.`);
    }
    await replyPrivately(interaction, { content: lines.join('\n') });
  },

  async show(interaction, app) {
    const page = interaction.options.getInteger('page') ?? 1;
    await interaction.reply(await showPage(app, guildIdOf(interaction), listRef(interaction), viewerOf(interaction), page));
  },

  async all(interaction, app) {
    await interaction.reply(await allPage(app, guildIdOf(interaction), viewerOf(interaction), 1));
  },

  async progress(interaction, app) {
    const guildId = guildIdOf(interaction);
    const member = await memberOption(interaction, app, guildId);
    const progress = await app.lists.progress(guildId, listRef(interaction), member.userId, UP_NEXT);
    await interaction.reply({ embeds: [renderProgress(progress, member.name)], allowedMentions: NO_MENTIONS });
  },

  async leaderboard(interaction, app) {
    await interaction.reply(await boardPage(app, guildIdOf(interaction), listRef(interaction), 1));
  },

  import: startImport,

  async export(interaction, app) {
    const guildId = guildIdOf(interaction);
    const ref = listRef(interaction);
    const [list, file] = await Promise.all([app.lists.get(guildId, ref), app.lists.exportCsv(guildId, ref)]);
    await interaction.reply({
      content: `${quote(list.name)} (${films(list.size)}) in Letterboxd’s list format: import it on Letterboxd, or here with /list import.`,
      files: [{ attachment: Buffer.from(file.text, 'utf8'), name: file.fileName }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
};

// ── The command ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The `list` option every subcommand but `all`, `create` and `import` starts with; it autocompletes list names. */
const withList = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((option) =>
    option.setName('list').setDescription('The list — pick a suggestion or type its name').setRequired(true).setAutocomplete(true).setMaxLength(LIST_NAME_MAX),
  );

const PageArgs = z.union([
  z.tuple([z.literal('s'), ListId, Snowflake, PageNumber]),
  z.tuple([z.literal('a'), Snowflake, PageNumber]),
  z.tuple([z.literal('b'), ListId, PageNumber]),
]);

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('list')
    .setDescription('The server’s shared film lists: browse them, track your progress; moderators curate them')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      withList(sub.setName('show').setDescription('A list, page by page, with ✓ beside the films you have seen')).addIntegerOption((option) => option.setName('page').setDescription('Start at this page').setMinValue(1).setMaxValue(1000)),
    )
    .addSubcommand((sub) => sub.setName('all').setDescription('The server’s lists, with their size and your progress'))
    .addSubcommand((sub) =>
      withList(sub.setName('progress').setDescription('How far a member is through a list, and what to watch next')).addUserOption((option) =>
        option.setName('member').setDescription('Whose progress (default: yours)'),
      ),
    )
    .addSubcommand((sub) => withList(sub.setName('leaderboard').setDescription('Members ranked by how much of a list they have seen')))
    .addSubcommand((sub) => withList(sub.setName('export').setDescription('Download a list as a CSV in Letterboxd’s list format')))
    .addSubcommand((sub) =>
      sub
        .setName('create')
        .setDescription('Create a list (moderators)')
        .addStringOption((option) => option.setName('name').setDescription('Unique in this server, ignoring case').setRequired(true).setMaxLength(LIST_NAME_MAX))
        .addStringOption((option) => option.setName('description').setDescription('What the list is about').setMaxLength(LIST_DESCRIPTION_MAX))
        .addBooleanOption((option) => option.setName('ranked').setDescription('Show positions as ranks (#13); default yes')),
    )
    .addSubcommand((sub) =>
      withList(sub.setName('rename').setDescription('Rename a list (moderators)')).addStringOption((option) =>
        option.setName('name').setDescription('The new name').setRequired(true).setMaxLength(LIST_NAME_MAX),
      ),
    )
    .addSubcommand((sub) =>
      withList(sub.setName('describe').setDescription('Set or clear a list’s description (moderators)')).addStringOption((option) =>
        option.setName('description').setDescription('Leave empty to clear it').setMaxLength(LIST_DESCRIPTION_MAX),
      ),
    )
    .addSubcommand((sub) => withList(sub.setName('delete').setDescription('Delete a list, after a confirmation (moderators)')))
    .addSubcommand((sub) =>
      withList(sub.setName('add').setDescription('Add a film to a list (moderators)'))
        .addStringOption((option) => filmOption(option))
        .addIntegerOption((option) => option.setName('position').setDescription('Where it goes (default: the end)').setMinValue(1).setMaxValue(MAX_LIST_ENTRIES))
        .addStringOption((option) => option.setName('note').setDescription('A note shown beside the film').setMaxLength(ENTRY_NOTE_MAX)),
    )
    .addSubcommand((sub) => withList(sub.setName('remove').setDescription('Take a film off a list (moderators)')).addStringOption((option) => filmOption(option)))
    .addSubcommand((sub) =>
      withList(sub.setName('move').setDescription('Move a film to another position (moderators)'))
        .addStringOption((option) => filmOption(option))
        .addIntegerOption((option) => option.setName('position').setDescription('Its new position').setRequired(true).setMinValue(1).setMaxValue(MAX_LIST_ENTRIES)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('import')
        .setDescription(`Import a list from a CSV: Letterboxd's list export or title,year rows (moderators)`)
        .addAttachmentOption((option) => option.setName('file').setDescription(`The .csv file, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB`).setRequired(true))
        .addStringOption((option) => option.setName('name').setDescription('The list’s name (default: the name in a Letterboxd export)').setMaxLength(LIST_NAME_MAX))
        .addBooleanOption((option) => option.setName('ranked').setDescription('Show ranks (default: yes when the file has positions)')),
    ),

  async autocomplete(interaction, app) {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (focused.name !== 'list') {
      await interaction.respond(filmChoices(app.catalog, typed));
      return;
    }
    if (!interaction.inGuild()) {
      await interaction.respond([]);
      return;
    }
    const choices = await app.lists.suggest(interaction.guildId, typed, LIMITS.choices);
    await interaction.respond(
      choices.map((choice) => {
        const size = ` · ${films(choice.size)}`;
        return { name: truncate(choice.name, LIMITS.choiceName - size.length) + size, value: choice.id };
      }),
    );
  },

  async execute(interaction, app) {
    guildIdOf(interaction);
    const run = subcommands[interaction.options.getSubcommand(true)];
    if (!run) throw new UserError('Marquee does not know that /list subcommand (any more).');
    await run(interaction, app);
  },

  components: {
    page: handler(PageArgs, async (interaction: ComponentInteraction, args, app) => {
      const guildId = guildIdOf(interaction);
      const view = await stillThere(async () => {
        switch (args[0]) {
          case 's': {
            const [, listId, viewerId, page] = args;
            return showPage(app, guildId, listId, { userId: viewerId, name: await recordedName(app, guildId, viewerId) }, page);
          }
          case 'a': {
            const [, viewerId, page] = args;
            return allPage(app, guildId, { userId: viewerId, name: await recordedName(app, guildId, viewerId) }, page);
          }
          case 'b': {
            const [, listId, page] = args;
            return boardPage(app, guildId, listId, page);
          }
          default:
            throw new UserError('This button is no longer valid. Run the command again for a fresh one.');
        }
      });
      await interaction.update(view);
    }),

    delete: handler(z.tuple([ListId]), async (interaction: ComponentInteraction, [listId], app) => {
      const result = await stillThere(() => app.lists.delete(listActor(interaction), listId));
      await interaction.update({ content: `Deleted ${quote(result.name)} (${films(result.size)}).`, components: [], allowedMentions: NO_MENTIONS });
    }),

    keep: handler(z.tuple([]), async (interaction: ComponentInteraction) => {
      await interaction.update({ content: 'Kept: nothing was deleted.', components: [], allowedMentions: NO_MENTIONS });
    }),

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
