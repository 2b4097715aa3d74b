import { ButtonStyle, ComponentType } from 'discord.js';
import type { App } from '../app.js';
import { filmPageUrl } from '../web/links.js';
import type { Film } from '../catalog/schema.js';
import { originText } from '../catalog/serverCatalog.js';
import { memberName } from '../club/views.js';
import { literal } from '../errors.js';
import { clubFields, diaryButtons } from './render/club.js';
import { renderFilmCard } from './render/film.js';
import { filmListsField } from './render/lists.js';

/**
 * The whole film card as a server sees it: the catalog's facts, then what this server's members
 * made of the film and the server lists it is in, with the diary buttons. The one place every
 * command builds a card.
 */
export async function buildFilmCard(app: App, guildId: string | null, film: Film) {
  if (!guildId) return renderFilmCard(film);
  const [summary, lists] = await Promise.all([app.diary.filmSummary(guildId, film.id), app.lists.filmLists(guildId, film.id)]);
  const fields = clubFields(summary);
  // Right after "In this server": fitEmbed drops fields from the end when a card is too long, and a rank matters more than the activity feed.
  const listsField = filmListsField(lists);
  if (listsField) fields.splice(1, 0, listsField);
  const added = app.catalogFor(guildId).originOf(film.id);
  if (added) {
    const data = await app.store.read(guildId);
    fields.push({ name: 'Added by this server', value: literal(originText(added.origin, (userId) => memberName(data, userId))) });
  }
  const card = renderFilmCard(film, { fields, rows: [diaryButtons(film.id)] });
  // The film's page on the club's website, when it runs.
  const page = filmPageUrl(app.config, guildId, film.id);
  if (page) card.components.push({ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Web page', url: page }] });
  return card;
}
