import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClubMatrix, type MemberRow, neighboursOf, type NeighbourOptions } from '../../src/recommend/club.js';
import { ContentModel } from '../../src/recommend/features.js';
import { applyEvents, clubEvent } from './clubEvents.js';
import { ClubBuilder, films } from './helpers.js';

const model = new ContentModel(films());

/** The neighbours as their definition reads: every overlapping member scored, all sorted, the first `count` kept. */
function neighboursByDefinition(matrix: ClubMatrix, row: MemberRow, options: NeighbourOptions) {
  const found = matrix.rows.flatMap((other) => {
    if (other === row || other.norm === 0 || row.norm === 0) return [];
    let dot = 0;
    let common = 0;
    row.items.forEach((id, i) => {
      const at = other.items.indexOf(id);
      if (at < 0 || row.club[i] === 0 || other.club[at] === 0) return;
      dot += row.club[i]! * other.club[at]!;
      common += 1;
    });
    if (common === 0) return [];
    const similarity = (dot / (row.norm * other.norm)) * (common / (common + options.shrinkage));
    return similarity >= options.minSimilarity ? [{ userId: other.userId, similarity, common }] : [];
  });
  return found.sort((a, b) => b.similarity - a.similarity || a.userId.localeCompare(b.userId)).slice(0, options.count);
}

describe('a member’s neighbours', () => {
  it('are the most similar members, ties by user id, in a club where hundreds overlap (the cut-off path) as in a small one', () => {
    fc.assert(
      fc.property(fc.array(clubEvent(400), { minLength: 200, maxLength: 1500 }), fc.integer({ min: 1, max: 40 }), (history, count) => {
        const club = new ClubBuilder();
        applyEvents(club, history);
        const matrix = new ClubMatrix(club.build(), model);
        const options = { count, minSimilarity: 0.05, shrinkage: 3 };
        for (const row of matrix.rows.slice(0, 20)) {
          const fast = neighboursOf(matrix, row, options).map((neighbour) => ({ userId: neighbour.row.userId, similarity: neighbour.similarity, common: neighbour.common }));
          const slow = neighboursByDefinition(matrix, row, options);
          expect(fast.map((n) => [n.userId, n.common])).toEqual(slow.map((n) => [n.userId, n.common]));
          fast.forEach((n, i) => expect(n.similarity).toBeCloseTo(slow[i]!.similarity, 12));
        }
      }),
      { numRuns: 30 },
    );
  });
});
