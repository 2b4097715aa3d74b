import type { ErrorPath, FormErrors } from '../errors.js';
import { charLength, checkArray, checkBoolean, checkInteger, checkObject, checkString, checkUrl, isPresent } from './fields.js';

/** Embed limits (facts from the message resource documentation). */
export const EMBED_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  total: 6000,
} as const;

function checkEmbed(errors: FormErrors, path: ErrorPath, embed: Record<string, unknown>): number {
  let total = 0;
  const count = (text: string | undefined): void => {
    if (text !== undefined) total += charLength(text);
  };
  count(checkString(errors, [...path, 'title'], embed.title, { max: EMBED_LIMITS.title }));
  count(checkString(errors, [...path, 'description'], embed.description, { max: EMBED_LIMITS.description }));
  checkUrl(errors, [...path, 'url'], embed.url, ['http', 'https']);
  if (isPresent(embed.timestamp)) {
    const stamp = embed.timestamp;
    if (typeof stamp !== 'string' || Number.isNaN(Date.parse(stamp))) {
      errors.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', `Could not parse ${String(stamp)}. Should be ISO8601.`);
    }
  }
  checkInteger(errors, [...path, 'color'], embed.color, { min: 0, max: 0xffffff });
  const footer = checkObject(errors, [...path, 'footer'], embed.footer);
  if (footer) {
    count(checkString(errors, [...path, 'footer', 'text'], footer.text, { min: 1, max: EMBED_LIMITS.footerText, required: true }));
    checkUrl(errors, [...path, 'footer', 'icon_url'], footer.icon_url);
  }
  for (const media of ['image', 'thumbnail'] as const) {
    const value = checkObject(errors, [...path, media], embed[media]);
    if (value) checkUrl(errors, [...path, media, 'url'], value.url, ['http', 'https', 'attachment'], true);
  }
  const author = checkObject(errors, [...path, 'author'], embed.author);
  if (author) {
    count(checkString(errors, [...path, 'author', 'name'], author.name, { min: 1, max: EMBED_LIMITS.authorName, required: true }));
    checkUrl(errors, [...path, 'author', 'url'], author.url, ['http', 'https']);
    checkUrl(errors, [...path, 'author', 'icon_url'], author.icon_url);
  }
  const fields = checkArray(errors, [...path, 'fields'], embed.fields, { max: EMBED_LIMITS.fields });
  fields?.forEach((raw, index) => {
    const fieldPath = [...path, 'fields', index];
    const field = checkObject(errors, fieldPath, raw, true);
    if (!field) return;
    count(checkString(errors, [...fieldPath, 'name'], field.name, { min: 1, max: EMBED_LIMITS.fieldName, required: true }));
    count(checkString(errors, [...fieldPath, 'value'], field.value, { min: 1, max: EMBED_LIMITS.fieldValue, required: true }));
    checkBoolean(errors, [...fieldPath, 'inline'], field.inline);
  });
  return total;
}

/** Validates `embeds`, including the 6000-character budget shared by every embed of one message. */
export function checkEmbeds(errors: FormErrors, path: ErrorPath, value: unknown): void {
  const embeds = checkArray(errors, path, value, { max: EMBED_LIMITS.embeds });
  if (!embeds) return;
  let total = 0;
  embeds.forEach((raw, index) => {
    const embed = checkObject(errors, [...path, index], raw, true);
    if (embed) total += checkEmbed(errors, [...path, index], embed);
  });
  if (total > EMBED_LIMITS.total) {
    errors.add(path, 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${EMBED_LIMITS.total}`);
  }
}
