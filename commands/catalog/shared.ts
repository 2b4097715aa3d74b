import { ActionRowBuilder, escapeMarkdown, ModalBuilder, TextInputBuilder, TextInputStyle, type BaseInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../src/app.js';
import { FORM_LIMITS, type FilmFormText } from '../../src/catalog/filmForm.js';
import type { Film } from '../../src/catalog/schema.js';
import type { CatalogActor } from '../../src/catalog/serverFilms.js';
import { accessOf, actorOf, guildIdOf } from '../../src/discord/actor.js';
import { LIMITS, truncate } from '../../src/discord/limits.js';
import { UserError } from '../../src/errors.js';

export const NOT_MODERATOR =
  'Only moderators can change the server’s catalog (Manage Server, or the moderator role set with /config moderator-role). Use /catalog suggest to propose a film.';

export function catalogActor(interaction: BaseInteraction): CatalogActor {
  return { ...actorOf(interaction), access: accessOf(interaction) };
}

/** Refuses plain members before a form opens; the domain checks again on every change. */
export async function assertModerator(app: App, interaction: BaseInteraction): Promise<void> {
  if (!(await app.serverFilms.isModerator(guildIdOf(interaction), accessOf(interaction)))) throw new UserError(NOT_MODERATOR);
}

export const filmTitle = (film: Pick<Film, 'title' | 'year'>) => `**${escapeMarkdown(film.title)}** (${film.year})`;

const FIELDS: { id: keyof FilmFormText; label: string; style: TextInputStyle; required: boolean; placeholder: string }[] = [
  { id: 'titleYear', label: 'Title (year)', style: TextInputStyle.Short, required: true, placeholder: 'Dunkirk (2017)' },
  { id: 'directors', label: 'Director(s), comma-separated', style: TextInputStyle.Short, required: false, placeholder: 'Christopher Nolan' },
  { id: 'cast', label: 'Cast, one a line (“Name as Character”)', style: TextInputStyle.Paragraph, required: false, placeholder: 'Fionn Whitehead as Tommy' },
  { id: 'synopsis', label: 'Synopsis', style: TextInputStyle.Paragraph, required: false, placeholder: 'In your own words' },
  { id: 'poster', label: 'Poster URL (https, an image)', style: TextInputStyle.Short, required: false, placeholder: 'https://upload.wikimedia.org/…/poster.jpg' },
];

/** The film form of /catalog add, edit and suggest, prefilled for an edit. */
export function filmModal(customId: string, title: string, prefill?: FilmFormText): ModalBuilder {
  const modal = new ModalBuilder().setCustomId(customId).setTitle(truncate(title, LIMITS.modalTitle));
  for (const field of FIELDS) {
    const input = new TextInputBuilder()
      .setCustomId(field.id)
      .setLabel(field.label)
      .setStyle(field.style)
      .setRequired(field.required)
      .setMaxLength(FORM_LIMITS[field.id])
      .setPlaceholder(field.placeholder);
    const value = prefill?.[field.id];
    if (value) input.setValue(value.slice(0, FORM_LIMITS[field.id]));
    modal.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  }
  return modal;
}

/** The form's fields as text; missing ones (an older form) read as empty. */
export function formText(interaction: ModalSubmitInteraction): FilmFormText {
  const read = (id: keyof FilmFormText) => {
    try {
      return interaction.fields.getTextInputValue(id);
    } catch {
      return '';
    }
  };
  return { titleYear: read('titleYear'), directors: read('directors'), cast: read('cast'), synopsis: read('synopsis'), poster: read('poster') };
}
