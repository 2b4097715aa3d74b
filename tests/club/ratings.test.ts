import { describe, expect, it } from 'vitest';
import { assertStars, ratingText, readRating, scoreToStars, STAR_STEPS, starsText, starsToScore, summarizeRatings } from '../../src/club/ratings.js';
import { snippet, validateReviewText } from '../../src/club/text.js';
import { UserError } from '../../src/errors.js';

describe('stars and scores', () => {
  it('converts stars to /100 and back', () => {
    expect(STAR_STEPS).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    expect(STAR_STEPS.map(starsToScore)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (const stars of STAR_STEPS) expect(scoreToStars(starsToScore(stars))).toBe(stars);
    expect(scoreToStars(92)).toBe(4.5);
    expect(scoreToStars(96)).toBe(5);
    expect(scoreToStars(0)).toBe(0.5);
    expect(starsToScore(4.6)).toBe(92); // an average, like the seed's "92/100"
    expect(() => scoreToStars(101)).toThrow(UserError);
  });

  it('validates ratings', () => {
    expect(assertStars(3.5)).toBe(3.5);
    for (const bad of [0, 0.25, 5.5, 3.3, Number.NaN]) expect(() => assertStars(bad)).toThrow(UserError);
  });

  it('writes stars as text', () => {
    expect(starsText(4.5)).toBe('★★★★½');
    expect(starsText(0.5)).toBe('½');
    expect(starsText(5)).toBe('★★★★★');
    expect(starsText(3.74)).toBe('★★★½');
  });

  it('summarizes ratings into an average and ten buckets', () => {
    const summary = summarizeRatings([5, 5, 4, 0.5]);
    expect(summary.average).toBeCloseTo(3.625);
    expect(summary.score).toBe(73);
    expect(summary.histogram.map((bucket) => bucket.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 2]);
  });
});

describe('review text', () => {
  it('trims and bounds the text', () => {
    expect(validateReviewText('  fine \n')).toBe('fine');
    expect(() => validateReviewText(' \t ')).toThrow(/needs some text/);
    expect(() => validateReviewText('a'.repeat(2001))).toThrow(/2000 characters; this one has 2001/);
  });

  it('cuts snippets at a word, never inside an emoji', () => {
    expect(snippet('short  and\nsweet')).toBe('short and sweet');
    const cut = snippet('word '.repeat(100), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/word…$/);
    const emoji = snippet('x'.repeat(8) + '🎬🎬', 10);
    expect(emoji).toBe('x'.repeat(8) + '…');
  });
});

describe('reading the review form’s rating', () => {
  it('reads stars and scores as people type them, saying when a score was rounded', () => {
    const read = (typed: string) => {
      const reading = readRating(typed);
      return reading && ratingText(reading);
    };
    expect(read('')).toBeUndefined();
    expect(read('  ')).toBeUndefined();
    expect(read('4.5')).toBe('★★★★½');
    expect(read('4,5')).toBe('★★★★½');
    expect(read('4½')).toBe('★★★★½');
    expect(read('4 stars')).toBe('★★★★');
    expect(read('1 star')).toBe('★');
    expect(read('4★')).toBe('★★★★');
    expect(read('★★★½')).toBe('★★★½');
    expect(read('4.5/5')).toBe('★★★★½');
    expect(read('8/10')).toBe('★★★★ (8/10)');
    expect(read('7/10')).toBe('★★★½ (7/10)');
    expect(read('92/100')).toBe('★★★★½ (92/100, rounded to the nearest half star)');
    expect(read('0/10')).toBe('½ (0/10, rounded to the nearest half star)');
    // The lowest rating, as the refusal itself writes it ("Use ½ to 5 stars").
    expect(read('½')).toBe('½');
    expect(read('½★')).toBe('½');
  });

  it('refuses what it cannot read, naming the forms it takes', () => {
    for (const typed of ['five', '8', '4.3', '11/10', '5/1000', '-1', '4 stars!']) {
      expect(() => readRating(typed)).toThrow(UserError);
    }
    expect(() => readRating('8')).toThrow(/say out of what, e\.g\. 8\/10/);
    expect(() => readRating('five')).toThrow(/or a score like 8\/10 or 92\/100, or leave it empty/);
  });
});
