import { UserError } from '../errors.js';

// Limits are repeated from ./schema.ts rather than imported: schema.ts imports this file for `listNameKey`.
const NAME_MAX = 100;
const DESCRIPTION_MAX = 1000;
const NOTE_MAX = 500;

// Control characters (newlines and tabs included) would break one-line renderings of a name.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The form under which names are unique: "Best of 2024", "best of 2024" and "BEST  OF 2024" are one name.
 * NFKC folds look-alike compatibility characters (full-width letters) so they cannot dodge the check.
 */
export function listNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * A list name as the moderator typed it, trimmed. Mentions and markdown are kept — the renderer escapes them
 * and never lets a name ping anyone — but it must be one line with at least one letter or digit.
 */
export function validateListName(raw: string): string {
  const name = String(raw ?? '').trim();
  if (!name) throw new UserError('A list needs a name.');
  if (name.length > NAME_MAX) throw new UserError(`List names are limited to ${NAME_MAX} characters; this one has ${name.length}.`);
  if (CONTROL.test(name)) throw new UserError('A list name must be a single line of text.');
  if (!LETTER_OR_DIGIT.test(name)) throw new UserError('A list name needs at least one letter or digit.');
  return name;
}

/** A description (several lines allowed); empty clears it. */
export function validateDescription(raw: string | undefined): string {
  const text = String(raw ?? '').trim();
  if (text.length > DESCRIPTION_MAX) {
    throw new UserError(`List descriptions are limited to ${DESCRIPTION_MAX} characters; this one has ${text.length}.`);
  }
  return text;
}

/** An entry's note; empty means none. */
export function validateNote(raw: string | undefined): string | undefined {
  const text = String(raw ?? '').trim();
  if (!text) return undefined;
  if (text.length > NOTE_MAX) throw new UserError(`Notes are limited to ${NOTE_MAX} characters; this one has ${text.length}.`);
  return text;
}

/** For text from files (imports): cut to the limit instead of refusing the whole row. */
export function clipNote(raw: string | undefined): string | undefined {
  const text = String(raw ?? '').trim();
  if (!text) return undefined;
  return text.length <= NOTE_MAX ? text : text.slice(0, NOTE_MAX - 1).replace(/[\uD800-\uDBFF]$/, '').trimEnd() + '…';
}

export function clipDescription(raw: string | undefined): string {
  const text = String(raw ?? '').trim();
  return text.length <= DESCRIPTION_MAX ? text : text.slice(0, DESCRIPTION_MAX - 1).replace(/[\uD800-\uDBFF]$/, '').trimEnd() + '…';
}
