import { ButtonStyle, ComponentType } from 'discord.js';
import type { App } from '../app.js';
import { filmPageUrl } from '../web/links.js';
import type { Film } from '../catalog/schema.js';
import { originText } from '../catalog/serverCatalog.js';
import { memberName } from '../club/views.js';
import { literal } from '../errors.js';
import { clubBlocks, diaryButtons } from './render/club.js';
import { renderFilmCard, type ActionRow } from './render/film.js';
import { filmListsBlock } from './render/lists.js';
import type { FilmCardPart } from './render/parties.js';
import type { V2Block } from './render/v2.js';

type Around = Parameters<typeof renderFilmCard>[2];

/**
 * The whole film card as a server sees it (Components V2): the catalog's facts, then what this server's members
 * made of the film and the server lists it is in, with the diary buttons. The one place every command builds a card.
 *
 * To add a line to every card, add a block to `serverBlocks` (or a fact block in render/film.ts filmFactBlocks):
 * blocks show in the order listed and are dropped by priority when a card is over Discord's budget.
 */
export async function buildFilmCard(app: App, guildId: string | null, film: Film, around: Around = {}) {
  if (!guildId) return renderFilmCard(film, {}, around);
  const [summary, lists] = await Promise.all([app.diary.filmSummary(guildId, film.id), app.lists.filmLists(guildId, film.id)]);
  const [stats, ...rest] = clubBlocks(summary);
  const serverBlocks: V2Block[] = [stats!];
  // Ranks in server lists right after the figures: they matter more than the activity feed.
  const listsBlock = filmListsBlock(lists);
  if (listsBlock) serverBlocks.push(listsBlock);
  serverBlocks.push(...rest);
  const added = app.catalogFor(guildId).originOf(film.id);
  if (added) {
    const data = await app.store.read(guildId);
    serverBlocks.push({ heading: 'Added by this server', text: literal(originText(added.origin, (userId) => memberName(data, userId))), priority: 3 });
  }
  const rows: ActionRow[] = [diaryButtons(film.id)];
  // The film's page on the club's website, when it runs.
  const page = filmPageUrl(app.config, guildId, film.id);
  if (page) rows.push({ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Web page', url: page }] });
  return renderFilmCard(film, { blocks: serverBlocks, rows }, around);
}

/**
 * The film's card inside another message (a party announcement): the facts and the server's figures, without the
 * diary buttons (they belong to a card of its own, which they refresh).
 */
export async function filmCardPart(app: App, guildId: string, film: Film): Promise<FilmCardPart> {
  const summary = await app.diary.filmSummary(guildId, film.id);
  const card = await renderFilmCard(film, { blocks: clubBlocks(summary).slice(0, 1), noButtons: true });
  return { container: card.components[0]!, files: card.files ?? [] };
}

/** The film a card shows, read from its diary buttons (`film:watched:<id>`), or undefined for a message that is no card. */
export function filmIdOnCard(components: readonly { toJSON(): unknown }[]): string | undefined {
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (found || typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const match = typeof record.custom_id === 'string' ? /^film:watched:([^:]+)$/.exec(record.custom_id) : null;
    if (match) found = match[1];
    if (Array.isArray(record.components)) record.components.forEach(walk);
    if (record.accessory) walk(record.accessory);
  };
  components.forEach((component) => walk(component.toJSON()));
  return found;
}
