import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { literal, quote, UserError } from '../../errors.js';
import { IMPORT_MAX_BYTES, type ImportPreview, type ListActor } from '../../lists/index.js';
import { ListId } from '../../lists/schema.js';
import { leaderboard } from '../../lists/views.js';
import { memo } from '../memo.js';
import { path } from '../html.js';
import { addPickPage, importPreviewPage, listPage, listsPage } from '../pages/lists.js';
import { field, HttpError, type Web } from '../server.js';
import { PENDING_LIST_IMPORTS } from '../../lists/pendingImports.js';
import { pageNumber } from './pages.js';

const PAGE_SIZE = 25;

type GuildParams = { guild: string };
type ListParams = GuildParams & { list: string };

function position(body: unknown): number | undefined {
  const raw = field(body, 'position')?.trim();
  if (!raw) return undefined;
  const parsed = z.coerce.number().int().min(-1_000_000).max(1_000_000).safeParse(raw);
  if (!parsed.success) throw new UserError('A position is a whole number.');
  return parsed.data;
}

function listIdOf(params: ListParams): string {
  const id = ListId.safeParse(params.list);
  if (!id.success) throw new HttpError(404, 'No such list', 'That is not a list’s address.');
  return id.data;
}

/** Lists: reading for everyone who may see the server; curation for moderators, through ClubLists like /list. */
export function listRoutes(server: FastifyInstance, web: Web): void {
  const { app } = web;

  server.get<{ Params: GuildParams }>('/servers/:guild/lists', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const lists = await app.lists.all(context.guild.id, { page: pageNumber(request.query), pageSize: PAGE_SIZE, ...(context.viewer?.member && { viewerId: context.viewer.userId }) });
    return web.sendPage(reply, listsPage(context, lists));
  });

  server.get<{ Params: ListParams }>('/servers/:guild/lists/:list', async (request, reply) => {
    const context = await web.visitor(request, reply, request.params.guild);
    const guildId = context.guild.id;
    const listId = listIdOf(request.params);
    let shown, board;
    try {
      [shown, board] = await Promise.all([
        app.lists.show(guildId, listId, { page: pageNumber(request.query), pageSize: PAGE_SIZE, ...(context.viewer?.member && { viewerId: context.viewer.userId }) }),
        // The leaderboard reads every member's records against the whole list: computed once per change.
        app.store.read(guildId).then((data) => {
          const page = pageNumber(request.query, 'bpage');
          return memo(data, `leaderboard:${listId}:${page}`, () => leaderboard(data, listId, { page, pageSize: PAGE_SIZE }));
        }),
      ]);
    } catch (error) {
      if (error instanceof UserError) throw new HttpError(404, 'No such list', 'This server has no list at this address (it may have been deleted).');
      throw error;
    }
    return web.sendPage(reply, listPage(context, { shown, board: board.page }));
  });

  /** A moderator's change to one list; `work` returns the message to show. */
  const change = (name: string, work: (input: { actor: ListActor; listId: string; body: unknown }) => Promise<string>) => {
    server.post<{ Params: ListParams }>(`/servers/:guild/lists/:list/${name}`, async (request, reply) => {
      const { actor } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'moderator');
      const listId = listIdOf(request.params);
      return web.change(request, reply, path('servers', actor.guildId, 'lists', listId), () => work({ actor, listId, body: request.body }));
    });
  };

  change('move', async ({ actor, listId, body }) => {
    const filmId = field(body, 'filmId') ?? '';
    const to = position(body);
    if (to === undefined) throw new UserError('Give the new position.');
    const moved = await app.lists.move(actor, listId, filmId, to);
    return `Moved ${literal(moved.film.title)} from ${moved.from} to ${moved.to} in ${quote(moved.list.name)}.`;
  });

  change('remove', async ({ actor, listId, body }) => {
    const removed = await app.lists.remove(actor, listId, field(body, 'filmId') ?? '');
    return `Removed ${literal(removed.film.title)} (it was number ${removed.position}) from ${quote(removed.list.name)}.`;
  });

  server.post<{ Params: ListParams }>('/servers/:guild/lists/:list/add', async (request, reply) => {
    const { actor, context } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'moderator');
    const listId = listIdOf(request.params);
    const back = path('servers', actor.guildId, 'lists', listId);
    const body = request.body;
    const filmId = field(body, 'filmId');
    const typed = (field(body, 'q') ?? '').trim().slice(0, 200);
    // A picked film (the script's buttons, or the pick page) is added; typed text is added at once only when it is an id.
    // The server's own catalog: films it added can go in its lists, another server's cannot.
    const catalog = await web.catalogFor(actor.guildId);
    const id = filmId ?? catalog.get(typed)?.id;
    if (id === undefined && typed) {
      const list = await app.lists.get(actor.guildId, listId);
      const films = catalog.search(typed, { limit: 10 }).map((hit) => hit.film);
      return web.sendPage(reply, addPickPage(context, list.name, `${back}/add`, typed, field(body, 'position')?.trim() ?? '', films));
    }
    return web.change(request, reply, back, async () => {
      if (id === undefined) throw new UserError('Type a film title.');
      const added = await app.lists.add(actor, listId, id, { position: position(body) ?? null });
      return `Added ${literal(added.film.title)} at ${added.position} in ${quote(added.list.name)}${added.clamped ? ' (the nearest place to the one asked)' : ''}.`;
    });
  });

  change('rename', async ({ actor, listId, body }) => {
    const renamed = await app.lists.rename(actor, listId, field(body, 'name') ?? '');
    return `Renamed ${quote(renamed.previousName)} to ${quote(renamed.name)}.`;
  });

  change('describe', async ({ actor, listId, body }) => {
    const list = await app.lists.describe(actor, listId, field(body, 'description') ?? '');
    return list.description ? `Saved the description of ${quote(list.name)}.` : `Cleared the description of ${quote(list.name)}.`;
  });

  server.post<{ Params: ListParams }>('/servers/:guild/lists/:list/delete', async (request, reply) => {
    const { actor } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'moderator');
    const listId = listIdOf(request.params);
    const lists = path('servers', actor.guildId, 'lists');
    if (field(request.body, 'confirm') !== '1') return web.done(request, reply, `${lists}/${listId}`, 'Tick the box to confirm the deletion.', 'error');
    return web.change(request, reply, lists, async () => {
      const deleted = await app.lists.delete(actor, listId);
      return `Deleted ${quote(deleted.name)} (${deleted.size} films).`;
    });
  });

  server.post<{ Params: GuildParams }>('/servers/:guild/lists', async (request, reply) => {
    const { actor } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'moderator');
    const lists = path('servers', actor.guildId, 'lists');
    return web.change(request, reply, lists, async () => {
      const list = await app.lists.create(actor, { name: field(request.body, 'name') ?? '', description: field(request.body, 'description') ?? '', ranked: field(request.body, 'ranked') === '1' });
      // Straight to the new list, where films are added.
      return { message: `Created ${quote(list.name)}.`, to: `${lists}/${list.id}` };
    });
  });

  server.post<{ Params: GuildParams }>('/servers/:guild/lists/import', async (request, reply) => {
    const fields: Record<string, string> = {};
    let file: { name: string; size: number; contentType: string; data: Buffer } | undefined;
    if (request.isMultipart()) {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated) throw new UserError(`That file is over ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`);
          if (data.length > 0 || part.filename) file = { name: part.filename, size: data.length, contentType: part.mimetype, data };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
    } else Object.assign(fields, request.body ?? {});
    const { actor, context } = await web.writer(request, reply, request.params.guild, fields._csrf, 'moderator');
    const lists = path('servers', actor.guildId, 'lists');
    const pasted = (fields.text ?? '').trim();
    const upload = file && file.size > 0 ? file : pasted ? { name: 'pasted.csv', size: Buffer.byteLength(pasted), contentType: 'text/csv', data: Buffer.from(pasted) } : undefined;
    if (!upload) return web.done(request, reply, lists, 'Choose a CSV file or paste one.', 'error');
    const name = (fields.name ?? '').trim();
    const ranked = fields.ranked === '1' ? true : fields.ranked === '0' ? false : undefined;
    let preview: ImportPreview;
    try {
      preview = await app.lists.previewImport(actor, { attachment: { name: upload.name, size: upload.size, contentType: upload.contentType }, content: new Uint8Array(upload.data) }, { ...(name && { name }), ...(ranked !== undefined && { ranked }) });
    } catch (error) {
      if (error instanceof UserError) return web.done(request, reply, lists, error.message, 'error');
      throw error;
    }
    const importable = preview.matched.length > 0 || preview.ambiguous.length > 0;
    let confirm: string | undefined;
    if (importable) {
      // The same pending shelf as /list import: kept in the server's data, so Confirm works after a restart too.
      const token = await PENDING_LIST_IMPORTS.put(app.store, actor.guildId, actor.userId, { guildId: actor.guildId, preview }, null, app.now());
      confirm = `${lists}/import/${token}`;
    }
    return web.sendPage(reply, importPreviewPage(context, preview, confirm));
  });

  server.post<{ Params: GuildParams & { token: string } }>('/servers/:guild/lists/import/:token', async (request, reply) => {
    const { actor } = await web.writer(request, reply, request.params.guild, field(request.body, '_csrf'), 'moderator');
    const lists = path('servers', actor.guildId, 'lists');
    const key = { guildId: actor.guildId, userId: actor.userId, token: request.params.token };
    const found = await PENDING_LIST_IMPORTS.get(app.store, key, app.now());
    if (found.status !== 'open' || !(await PENDING_LIST_IMPORTS.claim(app.store, key, app.now()))) {
      return web.done(request, reply, lists, 'This import preview has expired or is not yours, or was used already (previews last 15 minutes). Nothing was imported: upload the file again.', 'error');
    }
    const choice = field(request.body, 'choice');
    if (choice === 'cancel') {
      await PENDING_LIST_IMPORTS.finish(app.store, key);
      return web.done(request, reply, lists, 'Import cancelled: nothing was saved.');
    }
    return web.change(request, reply, lists, async () => {
      let result;
      try {
        result = await app.lists.applyImport(actor, found.payload.preview, { takeBestGuesses: choice === 'guess' });
      } catch (error) {
        // Not imported (a name taken meanwhile…): the preview can be confirmed again once that is fixed.
        await PENDING_LIST_IMPORTS.release(app.store, key);
        throw error;
      }
      await PENDING_LIST_IMPORTS.finish(app.store, key);
      return {
        message: `Imported ${result.imported} films into ${quote(result.list.name)}${result.skipped.length ? ` (${result.skipped.length} rows skipped)` : ''}.`,
        to: `${lists}/${result.list.id}`,
      };
    });
  });
}
