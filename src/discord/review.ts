import { ActionRowBuilder, ButtonStyle, ComponentType, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Film } from '../catalog/schema.js';
import { ratingText, readRating, starsText, validateReviewText, type RatingReading } from '../club/index.js';
import { isUserError, UserError } from '../errors.js';
import { REVIEW_MAX_LENGTH } from '../store/schema.js';
import { customId } from './customId.js';
import { fitEmbed, LIMITS, truncate } from './limits.js';
import { filmLabel, filmLabelText } from './render/film.js';
import { replyPrivately } from './respond.js';
import type { PendingKey } from '../pending/pendingShelf.js';
import { PENDING_DRAFTS } from './pendingDrafts.js';

/** What the member typed in the review form, as typed: a draft to reopen the form with. */
export interface ReviewDraft {
  stars: string;
  text: string;
  spoiler: string;
}

/** The form's own max lengths: Discord enforces them, so a longer value comes from a modified client. */
const FIELD_MAX_LENGTH = { stars: 12, text: REVIEW_MAX_LENGTH, spoiler: 3 } as const;

/**
 * The review form, opened by the card's Review button, /review and a party's Rate it (which rebinds the custom id);
 * /film's `review` modal handler saves it. A draft fills the fields in again.
 */
export function reviewModal(film: Film, draft?: ReviewDraft) {
  const prefill = (input: TextInputBuilder, value: string | undefined) => (value ? input.setValue(value) : input);
  return new ModalBuilder()
    .setCustomId(customId('film', 'review', film.id))
    .setTitle(truncate(`Review ${filmLabel(film)}`, LIMITS.modalTitle))
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        prefill(
          new TextInputBuilder().setCustomId('stars').setLabel('Rating (optional): 4.5, 4★, 8/10, 92/100').setPlaceholder('4.5').setStyle(TextInputStyle.Short).setRequired(false).setMaxLength(FIELD_MAX_LENGTH.stars),
          draft?.stars.slice(0, FIELD_MAX_LENGTH.stars),
        ),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        prefill(
          new TextInputBuilder().setCustomId('text').setLabel('Your review').setStyle(TextInputStyle.Paragraph).setRequired(true).setMinLength(1).setMaxLength(REVIEW_MAX_LENGTH),
          draft?.text.slice(0, REVIEW_MAX_LENGTH),
        ),
      ),
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        prefill(
          new TextInputBuilder().setCustomId('spoiler').setLabel('Contains spoilers? (yes / no)').setPlaceholder('no').setStyle(TextInputStyle.Short).setRequired(false).setMaxLength(FIELD_MAX_LENGTH.spoiler),
          draft?.spoiler.slice(0, FIELD_MAX_LENGTH.spoiler),
        ),
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
  /** Undefined: a review without a rating. */
  stars?: number;
  /** How the rating was read, to say it back ("★★★★ (8/10)"). */
  rating?: RatingReading;
  text: string;
  spoiler: boolean;
}

function draftOf(interaction: ModalSubmitInteraction): ReviewDraft {
  const field = (id: keyof typeof FIELD_MAX_LENGTH) => {
    let value: string;
    try {
      value = interaction.fields.getTextInputValue(id);
    } catch {
      return '';
    }
    if (value.length > FIELD_MAX_LENGTH[id]) throw new UserError('That review form sent more than its fields can hold. Open the form again and send it from there.');
    return value;
  };
  return { stars: field('stars'), text: field('text'), spoiler: field('spoiler') };
}

/** Reads and validates a draft; a problem is a UserError saying what to fix. */
export function readReviewDraft(draft: ReviewDraft): ReviewForm {
  const spoiler = YesNo.safeParse(draft.spoiler);
  if (!spoiler.success) throw new UserError(spoiler.error.issues[0]!.message);
  const text = validateReviewText(draft.text);
  const rating = readRating(draft.stars);
  return { ...(rating && { stars: rating.stars, rating }), text, spoiler: spoiler.data };
}

/**
 * "— ★★★★ (8/10)"; for a form left without a rating, the stars the review was saved with anyway (the viewing's or
 * the member's rating, see ClubDiary.review), or "(no rating)" when there were none.
 */
export function ratingSaid(form: ReviewForm, savedStars?: number): string {
  if (form.rating) return ` — ${ratingText(form.rating)}`;
  return savedStars !== undefined ? ` — ${starsText(savedStars)}, the rating you had given` : ' (no rating)';
}

// ── Drafts: a form that cannot be saved as typed is kept, never lost ────────────────────────────────────────────

/**
 * Reads the submitted review form. When something in it cannot be read (a rating like "five-ish", a spoiler answer
 * other than yes/no), the member gets, privately, what was wrong, their text in full, and an Edit button that
 * reopens the form filled in as they left it; then this returns undefined and nothing is saved.
 */
export async function readReviewOrKeepDraft(interaction: ModalSubmitInteraction, app: App, film: Film): Promise<ReviewForm | undefined> {
  const draft = draftOf(interaction);
  try {
    return readReviewDraft(draft);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const guildId = interaction.guildId;
    if (!guildId) throw error;
    // Kept in the server's data: the Edit button works after a restart of the bot too.
    const id = await PENDING_DRAFTS.put(app.store, guildId, interaction.user.id, { filmId: film.id, formId: interaction.customId, draft }, null, app.now());
    await replyPrivately(interaction, {
      content: `Your review of **${filmLabelText(film)}** is not saved yet: ${error.message}\nYour text is kept below; press **Edit** to fix it and send it again.`,
      embeds: [fitEmbed({ title: 'Your draft', description: draft.text.trim() || '(no text)', footer: { text: `Rating as typed: ${draft.stars.trim() || '(none)'}` } })],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Edit', custom_id: customId('film', 'redraft', id) }],
        },
      ],
    });
    return undefined;
  }
}

/** The review form of a kept draft, filled in, posting where the original form posted; undefined once expired. */
export async function draftModal(app: App, key: PendingKey, film: (filmId: string) => Film): Promise<ModalBuilder | undefined> {
  const kept = await PENDING_DRAFTS.get(app.store, key, app.now());
  if (kept.status === 'not-yours') throw new UserError('This draft belongs to another member.');
  if (kept.status !== 'open') return undefined;
  return reviewModal(film(kept.payload.filmId), kept.payload.draft).setCustomId(kept.payload.formId);
}
