import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import type { Film } from '../catalog/schema.js';
import { parseStarsText } from '../club/index.js';
import { UserError } from '../errors.js';
import { REVIEW_MAX_LENGTH } from '../store/schema.js';
import { customId } from './customId.js';
import { LIMITS, truncate } from './limits.js';
import { filmLabel } from './render/film.js';

/** The review form, opened by the card's Review button and by /review; /film's `review` modal handler saves it. */
export function reviewModal(film: Film) {
  return new ModalBuilder()
    .setCustomId(customId('film', 'review', film.id))
    .setTitle(truncate(`Review ${filmLabel(film)}`, LIMITS.modalTitle))
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder().setCustomId('stars').setLabel('Rating (½–5 stars, or a score /100)').setPlaceholder('4.5').setStyle(TextInputStyle.Short).setRequired(true).setMaxLength(12),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder().setCustomId('text').setLabel('Your review').setStyle(TextInputStyle.Paragraph).setRequired(true).setMinLength(1).setMaxLength(REVIEW_MAX_LENGTH),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder().setCustomId('spoiler').setLabel('Contains spoilers? (yes / no)').setPlaceholder('no').setStyle(TextInputStyle.Short).setRequired(false).setMaxLength(3),
      ),
    );
}

const YesNo = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => (value === '' ? 'no' : value))
  .pipe(z.enum(['yes', 'y', 'no', 'n'], { error: 'Answer the spoiler question with yes or no.' }))
  .transform((value) => value.startsWith('y'));

export interface ReviewForm {
  stars: number;
  text: string;
  spoiler: boolean;
}

/** Reads and validates the submitted form (the diary checks the text's length and content). */
export function readReviewForm(interaction: ModalSubmitInteraction): ReviewForm {
  const field = (id: string) => {
    try {
      return interaction.fields.getTextInputValue(id);
    } catch {
      return '';
    }
  };
  const spoiler = YesNo.safeParse(field('spoiler'));
  if (!spoiler.success) throw new UserError(spoiler.error.issues[0]!.message);
  return { stars: parseStarsText(field('stars')), text: field('text'), spoiler: spoiler.data };
}
