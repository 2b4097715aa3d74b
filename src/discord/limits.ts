import type { APIEmbed } from 'discord.js';

/** Discord's documented limits, in characters or items. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectLabel: 100,
  selectDescription: 100,
  modalTitle: 45,
  textInputLabel: 45,
} as const;

const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, cutting at a word boundary when one is near and
 * marking the cut with an ellipsis. Never splits a surrogate pair (an emoji or rare letter).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  let cut = text.slice(0, max - 1);
  const lastCode = cut.charCodeAt(cut.length - 1);
  if (lastCode >= 0xd800 && lastCode <= 0xdbff) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space >= max * 0.6) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:.-]+$/u, '') + ELLIPSIS;
}

/**
 * Joins items, showing as many as fit in `max` characters and saying how many were left out:
 * "Denis Lavant, Édith Scob and 5 more". `unlisted` counts items the caller never passed (a view
 * that only lists the first ten names) so they are counted in the tail too.
 */
export function joinWithinLimit(items: readonly string[], max: number, options: { separator?: string; unlisted?: number; tail?: (count: number) => string } = {}): string {
  const { separator = ', ', unlisted = 0, tail = (count: number) => ` and ${count.toLocaleString('en-US')} more` } = options;
  if (items.length === 0) return unlisted > 0 ? tail(unlisted).replace(/^ and /, '').trim() : '';
  // prefix[n] is the length of the first n items joined.
  const prefix = [0];
  items.forEach((item, i) => prefix.push(prefix[i]! + item.length + (i ? separator.length : 0)));
  for (let shown = items.length; shown >= 1; shown--) {
    const rest = items.length - shown + unlisted;
    const suffix = rest ? tail(rest) : '';
    if (prefix[shown]! + suffix.length <= max) return items.slice(0, shown).join(separator) + suffix;
  }
  const rest = items.length - 1 + unlisted;
  const suffix = rest ? tail(rest) : '';
  return truncate(items[0]!, Math.max(1, max - suffix.length)) + suffix;
}

/** Characters Discord counts toward an embed's 6000 total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * Makes an embed acceptable to Discord: every part within its limit, empty fields dropped, and the
 * whole within 6000 characters by shortening the description first and then dropping trailing
 * fields, so the most important facts (listed first) survive.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (fitted.title !== undefined) fitted.title = truncate(fitted.title, LIMITS.embedTitle);
  if (fitted.description !== undefined) {
    fitted.description = truncate(fitted.description, LIMITS.embedDescription);
    if (!fitted.description.trim()) delete fitted.description;
  }
  if (fitted.footer) fitted.footer = { ...fitted.footer, text: truncate(fitted.footer.text, LIMITS.footer) };
  if (fitted.author) fitted.author = { ...fitted.author, name: truncate(fitted.author.name, LIMITS.author) };
  if (fitted.fields) {
    fitted.fields = fitted.fields
      .filter((field) => field.name.trim() && field.value.trim())
      .slice(0, LIMITS.embedFields)
      .map((field) => ({ ...field, name: truncate(field.name, LIMITS.fieldName), value: truncate(field.value, LIMITS.fieldValue) }));
  }
  let excess = embedLength(fitted) - LIMITS.embedTotal;
  if (excess > 0 && fitted.description) {
    const keep = Math.max(200, fitted.description.length - excess);
    fitted.description = truncate(fitted.description, keep);
    excess = embedLength(fitted) - LIMITS.embedTotal;
  }
  while (excess > 0 && fitted.fields?.length) {
    fitted.fields = fitted.fields.slice(0, -1);
    excess = embedLength(fitted) - LIMITS.embedTotal;
  }
  if (excess > 0 && fitted.description) fitted.description = truncate(fitted.description, fitted.description.length - excess);
  return fitted;
}
