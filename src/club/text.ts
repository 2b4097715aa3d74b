import { UserError } from '../errors.js';
import { REVIEW_MAX_LENGTH } from '../store/schema.js';

/** Trims a review and checks its length. Mentions are kept as typed: rendering is where pings are disabled. */
export function validateReviewText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new UserError('A review needs some text.');
  if (trimmed.length > REVIEW_MAX_LENGTH) {
    throw new UserError(`Reviews are limited to ${REVIEW_MAX_LENGTH} characters; this one has ${trimmed.length}.`);
  }
  return trimmed;
}

/** The start of a text, cut at a word boundary when possible, with an ellipsis when anything was cut. */
export function snippet(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Never split a surrogate pair (an emoji) in half.
  const cut = flat.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
