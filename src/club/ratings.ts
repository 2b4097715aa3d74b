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

/**
 * Reads a rating as members type it: "4.5", "4,5", "★★★★½", "4½", "4.5/5" or a score "92/100".
 * Anything else is a UserError that shows the accepted forms.
 */
export function parseStarsText(input: string): number {
  const text = input.trim().replace(/\s+/g, '');
  const refuse = (): never => {
    throw new UserError(`${quote(input.trim(), 20)} is not a rating. Use ½ to 5 stars in half steps (4.5, 4½, ★★★★½) or a score like 92/100.`);
  };
  if (/^★+½?$/.test(text)) return assertStars([...text].filter((c) => c === '★').length + (text.endsWith('½') ? 0.5 : 0));
  const score = /^(\d{1,3})\/100$/.exec(text);
  if (score) return scoreToStars(Number(score[1]));
  const stars = /^(\d)(?:([.,]5|[.,]0|½))?(?:\/5)?$/.exec(text);
  if (!stars) return refuse();
  const value = Number(stars[1]) + (stars[2] && /5|½/.test(stars[2]) ? 0.5 : 0);
  return assertStars(value);
}
