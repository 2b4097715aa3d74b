import { quote, UserError } from '../errors.js';

/** The ten possible ratings, ½ to 5. */
export const STAR_STEPS: readonly number[] = Array.from({ length: 10 }, (_, i) => (i + 1) / 2);

export function isStars(value: number): boolean {
  return Number.isFinite(value) && value >= 0.5 && value <= 5 && Number.isInteger(value * 2);
}

export function assertStars(value: number): number {
  if (!isStars(value)) {
    throw new UserError(`Ratings go from ½ to 5 stars in half steps (½, 1, 1½ … 5); ${String(value)} is not one of them.`);
  }
  return value;
}

/** Stars as a score out of 100 (★★★★½ → 90), the form of the seed pages' "92/100"; works for averages too. */
export function starsToScore(stars: number): number {
  return Math.round(stars * 20);
}

/** A score out of 100 to the nearest half star (92 → 4.5), for members who think in scores. */
export function scoreToStars(score: number): number {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw new UserError(`A score goes from 0 to 100; ${String(score)} is outside that.`);
  }
  return Math.min(5, Math.max(0.5, Math.round(score / 10) / 2));
}

/** ★★★★½ style text for one rating (rounded to a half star, so averages work too). */
export function starsText(stars: number): string {
  const halves = Math.min(10, Math.max(1, Math.round(stars * 2)));
  return '★'.repeat(Math.floor(halves / 2)) + (halves % 2 ? '½' : '');
}

export interface RatingSummary {
  count: number;
  /** Mean stars, unrounded; undefined without ratings. */
  average?: number;
  /** The mean as a score out of 100. */
  score?: number;
  /** One bucket per STAR_STEPS value, ½ first, zero counts included. */
  histogram: { stars: number; count: number }[];
}

export function summarizeRatings(ratings: readonly number[]): RatingSummary {
  const histogram = STAR_STEPS.map((stars) => ({ stars, count: 0 }));
  for (const stars of ratings) {
    const bucket = histogram[Math.round(stars * 2) - 1];
    if (bucket) bucket.count += 1;
  }
  if (ratings.length === 0) return { count: 0, histogram };
  const average = ratings.reduce((sum, stars) => sum + stars, 0) / ratings.length;
  return { count: ratings.length, average, score: starsToScore(average), histogram };
}

export interface RatingReading {
  stars: number;
  /** The rating as the member wrote it, when it was a score out of something other than 5 ("8/10", "92/100"). */
  given?: string;
  /** The score fell between two half stars and was rounded to the nearest one. */
  rounded: boolean;
}

const ACCEPTED_FORMS = 'Use ½ to 5 stars (4.5, 4½, 4 stars, 4★, ★★★★½) or a score like 8/10 or 92/100';

/**
 * Reads the rating of a review form, in the forms people type: stars ("4.5", "4,5", "4½", "4 stars", "4★",
 * "★★★★½", "4.5/5") or a score out of any scale up to 100 ("8/10", "92/100"), kept when it falls on a half star and
 * rounded to the nearest one otherwise (said in `rounded`). Empty: no rating (undefined). Anything else is a
 * UserError naming the accepted forms.
 */
export function readRating(input: string): RatingReading | undefined {
  const text = input.trim().replace(/\s+/g, ' ').toLowerCase();
  if (text === '') return undefined;
  const refuse = (why = ''): never => {
    throw new UserError(`${quote(input.trim(), 30)} is not a rating I can read${why}. ${ACCEPTED_FORMS}, or leave it empty.`);
  };
  const compact = text.replace(/ /g, '');
  // "½" alone (or "½★"): the lowest rating, as the refusal below writes it.
  if (/^½★?$/.test(compact)) return { stars: 0.5, rounded: false };
  if (/^★+½?$/.test(compact)) return { stars: assertStars([...compact].filter((c) => c === '★').length + (compact.endsWith('½') ? 0.5 : 0)), rounded: false };
  const number = String.raw`(\d{1,3}(?:[.,]\d{1,2})?)(½)?`;
  const starsForm = new RegExp(`^${number}(?:★|stars?|/5)?$`).exec(compact);
  if (starsForm) {
    const value = Number(starsForm[1]!.replace(',', '.')) + (starsForm[2] ? 0.5 : 0);
    if (value > 5) refuse(` (stars go up to 5: for a score, say out of what, e.g. ${starsForm[1]}/10)`);
    if (!isStars(value)) refuse(' (stars go in half steps)');
    return { stars: value, rounded: false };
  }
  const score = new RegExp(`^${number}/(\\d{1,3})$`).exec(compact);
  if (!score) return refuse();
  const value = Number(score[1]!.replace(',', '.')) + (score[2] ? 0.5 : 0);
  const scale = Number(score[3]);
  if (scale < 2 || scale > 100 || value > scale) return refuse(` (a score goes from 0 to its scale, at most /100)`);
  const exact = (value / scale) * 5;
  const stars = Math.min(5, Math.max(0.5, Math.round(exact * 2) / 2));
  return { stars, given: `${score[1]}${score[2] ?? ''}/${scale}`, rounded: stars !== exact };
}

/** "★★★★½", with how the member wrote it: "★★★★ (8/10)", "★★★★½ (92/100, rounded to the nearest half star)". */
export function ratingText(reading: RatingReading): string {
  if (!reading.given) return starsText(reading.stars);
  return `${starsText(reading.stars)} (${reading.given}${reading.rounded ? ', rounded to the nearest half star' : ''})`;
}
