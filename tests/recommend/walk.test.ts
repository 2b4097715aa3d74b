import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClubMatrix, clubMatrixFor, type MemberRow } from '../../src/recommend/club.js';
import { ContentModel } from '../../src/recommend/features.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { DEFAULT_TUNING, memberContext } from '../../src/recommend/scoring.js';
import { exactWalkScores, gradeOf, targetWatchFor, type WalkTuning } from '../../src/recommend/walk.js';
import { LEARNED_MIN_MEMBERS, similarTo } from '../../src/recommend/similar.js';
import { applyEvents, clubEvent } from './clubEvents.js';
import { ClubBuilder, films, userId } from './helpers.js';

const model = new ContentModel(films());
const ALICE = userId(1);

describe('the learned item–item signal', () => {
  it('proposes what members who loved the same films went on to love, even with nothing in common on paper', () => {
    // Holy Motors and The Thing share no director, cast, genre, theme, country or decade.
    const club = new ClubBuilder().favorite(ALICE, 'holy-motors-2012');
    for (const n of [2, 3, 4]) club.favorite(userId(n), 'holy-motors-2012', 'the-thing-1982');
    const top = recommendFor(club.build(), model, ALICE, { limit: 3 }).items[0]!;
    expect(top.film.id).toBe('the-thing-1982');
    expect(top.because).toMatch(/^3 members who loved Holy Motors also loved it/);
  });

  it('counts a dislike against: members who disliked what the member loved pull nothing in', () => {
    const club = new ClubBuilder().favorite(ALICE, 'holy-motors-2012');
    for (const n of [2, 3]) club.favorite(userId(n), 'holy-motors-2012', 'the-thing-1982');
    for (const n of [4, 5, 6, 7]) club.dislike(userId(n), 'holy-motors-2012').favorite(userId(n), 'halloween-1978');
    const data = club.build();
    const context = memberContext(model, clubMatrixFor(data, model), ALICE, DEFAULT_TUNING);
    expect(context.walk[model.slotOf('the-thing-1982')!]).toBeGreaterThan(0);
    expect(context.walk[model.slotOf('halloween-1978')!]).toBeLessThan(0);
    const ids = recommendFor(data, model, ALICE, { limit: 25 }).items.map((item) => item.film.id);
    expect(ids.indexOf('the-thing-1982')).toBeLessThan(ids.indexOf('halloween-1978'));
  });

  it('is deterministic: the same state gives the same suggestions, scores and reasons', () => {
    const club = new ClubBuilder().favorite(ALICE, 'stalker-1979', 'irma-vep-1996').watch(ALICE, 'halloween-1978', { stars: 1 });
    for (const n of [2, 3, 4, 5]) club.favorite(userId(n), 'stalker-1979', 'mirror-1975', 'yojimbo-1961').watch(userId(n), 'the-fog-1980', { stars: 2 + n / 2 });
    const data = club.build();
    const first = recommendFor(data, model, ALICE, { limit: 10 }).items;
    const again = recommendFor(structuredClone(data), model, ALICE, { limit: 10 }).items;
    expect(again.map((item) => [item.film.id, item.score, item.because])).toEqual(first.map((item) => [item.film.id, item.score, item.because]));
  });
});

describe('the walk in small and large clubs', () => {
  it('lets a plain watch propose more in a small club, down to its floor in a large one', () => {
    const tuning = { ...DEFAULT_TUNING, targetWatch: 0.05, smallClubTargetWatch: 0.2, smallClubMembers: 100 };
    expect(targetWatchFor(tuning, 1)).toBe(0.2);
    expect(targetWatchFor(tuning, 100)).toBe(0.2);
    expect(targetWatchFor(tuning, 200)).toBeCloseTo(0.1);
    expect(targetWatchFor(tuning, 400)).toBe(0.05);
    expect(targetWatchFor(tuning, 10_000)).toBe(0.05);
  });

  it('does not lift a film one member happened to see above one that several members loved', () => {
    // Everyone loved Stalker like Alice; three of them also loved Mirror, one merely watched Yojimbo.
    const club = new ClubBuilder().favorite(ALICE, 'stalker-1979');
    for (const n of [2, 3, 4]) club.favorite(userId(n), 'stalker-1979', 'mirror-1975');
    club.favorite(userId(5), 'stalker-1979').watch(userId(5), 'yojimbo-1961');
    const data = club.build();
    const walk = (tuning: Partial<typeof DEFAULT_TUNING>) => {
      const scores = memberContext(model, clubMatrixFor(data, model), ALICE, { ...DEFAULT_TUNING, ...tuning }).walk;
      return { mirror: scores[model.slotOf('mirror-1975')!]!, yojimbo: scores[model.slotOf('yojimbo-1961')!]! };
    };
    const damped = walk({});
    expect(damped.yojimbo).toBeGreaterThan(0);
    expect(damped.mirror).toBeGreaterThan(damped.yojimbo);
    // Without the prior, dividing by (members who saw it)^β rewards the film only one member saw.
    const strong = walk({ walkPrior: 0, walkBeta: 2 });
    expect(strong.yojimbo / strong.mirror).toBeGreaterThan(damped.yojimbo / damped.mirror);
  });
});

describe('/similar with the club', () => {
  it(`ranks by what members loved together once ${LEARNED_MIN_MEMBERS} members logged the film`, () => {
    const club = new ClubBuilder();
    for (let n = 2; n < 2 + LEARNED_MIN_MEMBERS; n++) club.favorite(userId(n), 'holy-motors-2012', 'the-thing-1982');
    const result = similarTo(model, 'holy-motors-2012', { limit: 5 }, { data: club.build(), userId: ALICE });
    expect(result.learned).toBe(true);
    expect(result.items[0]).toMatchObject({ film: { id: 'the-thing-1982' }, lovedTogether: LEARNED_MIN_MEMBERS });
  });

  it('keeps to the films’ facts while fewer members logged it', () => {
    const club = new ClubBuilder();
    for (let n = 2; n < 1 + LEARNED_MIN_MEMBERS; n++) club.favorite(userId(n), 'holy-motors-2012', 'the-thing-1982');
    const data = club.build();
    const result = similarTo(model, 'holy-motors-2012', { limit: 5 }, { data, userId: ALICE });
    expect(result.learned).toBe(false);
    expect(result.items.map((item) => item.film.id)).toEqual(similarTo(model, 'holy-motors-2012', { limit: 5 }).items.map((item) => item.film.id));
    expect(result.items.some((item) => item.lovedTogether !== undefined)).toBe(false);
  });
});

/**
 * The walk as its definition reads (walk.ts's doc comment), one record at a time: what the fast walk, with its grade
 * tables and cached rows, must give to the last bit.
 */
function walkByDefinition(matrix: ClubMatrix, row: MemberRow, size: number, tuning: WalkTuning): Float64Array {
  const scores = new Float64Array(size);
  const weight = new Float64Array(matrix.rows.length);
  const targetWatch = targetWatchFor(tuning, matrix.rows.length);
  const touched: number[] = [];
  row.items.forEach((id, i) => {
    const grade = gradeOf(row.flags[i]!, tuning);
    if (grade === 0) return;
    const members = matrix.itemMembers[id]!;
    const damping = Math.pow(members.length, tuning.walkAlpha);
    members.forEach((other, k) => {
      if (other === row.index) return;
      const agreement = grade * gradeOf(matrix.rows[other]!.flags[matrix.itemAt[id]![k]!]!, tuning);
      if (agreement === 0) return;
      if (weight[other] === 0) touched.push(other);
      weight[other]! += agreement / damping;
    });
  });
  for (const other of touched) {
    const theirs = matrix.rows[other]!;
    const step = weight[other]! / Math.pow(Math.max(1, theirs.seen), tuning.walkAlpha);
    if (step === 0) continue;
    theirs.items.forEach((id, i) => {
      const slot = matrix.slotOfItem[id]!;
      if (slot >= 0) scores[slot]! += step * gradeOf(theirs.flags[i]!, tuning, targetWatch);
    });
  }
  for (let slot = 0; slot < size; slot++) {
    if (scores[slot] !== 0) scores[slot]! /= Math.pow(Math.max(1, matrix.watchers[slot]! + tuning.walkPrior), tuning.walkBeta);
  }
  return scores;
}

describe('the exact walk', () => {
  it('gives, to the last bit, what its definition gives, for every member, including after their row changed', () => {
    fc.assert(
      fc.property(fc.array(clubEvent(8), { minLength: 1, maxLength: 80 }), fc.array(clubEvent(8), { maxLength: 6 }), (history, later) => {
        const club = new ClubBuilder();
        applyEvents(club, history);
        const data = club.build();
        const matrix = clubMatrixFor(data, model);
        const check = () => {
          for (const row of matrix.rows) {
            expect(exactWalkScores(matrix, row, model.size, DEFAULT_TUNING)).toEqual(walkByDefinition(matrix, row, model.size, DEFAULT_TUNING));
          }
        };
        check();
        // Rows' cached grades must follow a change of the row.
        applyEvents(club, later);
        const next = club.build();
        for (const user of Object.keys(next.memberFilms)) matrix.setMember(user, next.members[user], next.memberFilms[user]);
        check();
      }),
      { numRuns: 80 },
    );
  });
});
