import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ClubMatrix, LiveClubMatrices } from '../../src/recommend/club.js';
import { easeInput, easeScores, fitEase, fitEaseWeights } from '../../src/recommend/ease.js';
import { EaseHolder, easeWorker } from '../../src/recommend/easeHolder.js';
import { ContentModel } from '../../src/recommend/features.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { DEFAULT_TUNING, type Tuning } from '../../src/recommend/scoring.js';
import { DISLIKE, SEEN } from '../../src/recommend/signals.js';
import type { GuildData } from '../../src/store/schema.js';
import { applyEvents, clubEvent } from './clubEvents.js';
import { ClubBuilder, films, GUILD, userId } from './helpers.js';

const model = new ContentModel(films());
/** The learned model on from the first member (the bot waits for `easeMinClub`), every film with 1 member in it. */
const ON: Tuning = { ...DEFAULT_TUNING, ease: 1, easeMinClub: 1, easeMinMembers: 1 };
/** Refit as soon as the model is behind (the bot waits seconds between fits). */
const EAGER = { minRefitGapMs: 0, refitGapFactor: 0 };

const event = clubEvent(8);

function clubOf(history: Parameters<typeof applyEvents>[1]): GuildData {
  const club = new ClubBuilder();
  applyEvents(club, history);
  return club.build();
}

/** What each member is offered: film, score and reasons, in order (the error message when nothing is left). */
function answers(data: GuildData, tuning: Tuning = ON) {
  return Object.keys(data.memberFilms)
    .sort()
    .map((user) => {
      try {
        return recommendFor(data, model, user, { limit: 10 }, tuning).items.map((item) => [item.film.id, item.score, item.because]);
      } catch (error) {
        return (error as Error).message;
      }
    });
}

afterAll(async () => {
  await easeWorker.stop();
});

describe('the learned item–item model (EASE on graded records)', () => {
  it('solves its ridge problem: (XᵀX + λI)(I − B) is diagonal, and B has a zero diagonal', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 3, maxLength: 80 }), fc.constantFrom(1, 10, 300), (history, lambda) => {
        const matrix = new ClubMatrix(clubOf(history), model);
        const input = easeInput(matrix, { ...ON, easeLambda: lambda });
        const n = input.items.length;
        const b = fitEaseWeights(n, input.rowStart, input.cols, input.values, lambda);
        const g = new Float64Array(n * n);
        for (let r = 0; r + 1 < input.rowStart.length; r++) {
          for (let p = input.rowStart[r]!; p < input.rowStart[r + 1]!; p++) {
            for (let q = input.rowStart[r]!; q < input.rowStart[r + 1]!; q++) g[input.cols[p]! * n + input.cols[q]!]! += input.values[p]! * input.values[q]!;
          }
        }
        for (let i = 0; i < n; i++) g[i * n + i]! += lambda;
        for (let i = 0; i < n; i++) {
          expect(b[i * n + i]).toBe(0);
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            let sum = g[i * n + j]!; // (G + λI) · I
            for (let k = 0; k < n; k++) sum -= g[i * n + k]! * b[k * n + j]!;
            expect(Math.abs(sum)).toBeLessThan(1e-4 * Math.max(1, g[i * n + i]!));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never offers a film the member logged or disliked, and answers the same for the same state', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 80 }), (history) => {
        const data = clubOf(history);
        const matrix = new ClubMatrix(data, model);
        for (const row of matrix.rows) {
          const banned = new Set<string>();
          row.items.forEach((id, i) => {
            if (row.flags[i]! & (SEEN | DISLIKE)) banned.add(matrix.filmIds[id]!);
          });
          let items;
          try {
            items = recommendFor(data, model, row.userId, { limit: 10 }, ON).items;
          } catch {
            continue; // nothing left to offer
          }
          for (const item of items) expect(banned.has(item.film.id), `${item.film.id} offered to ${row.userId}`).toBe(false);
        }
        // Deterministic: a second process (a fresh copy, fitted anew) gives the very same answers.
        expect(answers(structuredClone(data))).toEqual(answers(data));
      }),
      { numRuns: 50 },
    );
  });

  it('does not depend on the order members joined in or the order their records were written', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 5, maxLength: 60 }), (history) => {
        const data = clubOf(history);
        const reordered = structuredClone(data);
        reordered.memberFilms = Object.fromEntries(
          Object.entries(data.memberFilms)
            .reverse()
            .map(([user, records]) => [user, Object.fromEntries(Object.entries(records).reverse())]),
        );
        const a = fitEase(new ClubMatrix(data, model), ON);
        const b = fitEase(new ClubMatrix(reordered, model), ON);
        expect(b.filmIds).toEqual(a.filmIds);
        expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      }),
      { numRuns: 30 },
    );
  });

  it('learns from graded records: what the members who loved a film also loved comes first', () => {
    const club = new ClubBuilder();
    for (let n = 2; n <= 6; n++) club.favorite(userId(n), 'stalker-1979', 'solaris-1972');
    for (let n = 7; n <= 11; n++) club.favorite(userId(n), 'halloween-1978', 'the-thing-1982');
    for (let n = 2; n <= 11; n++) club.watch(userId(n), 'the-shining-1980');
    club.favorite(userId(1), 'stalker-1979');
    const data = club.build();
    const matrix = new ClubMatrix(data, model);
    const scores = easeScores(fitEase(matrix, ON), matrix, matrix.row(userId(1))!, model.size, ON);
    const at = (id: string) => scores[model.slotOf(id)!]!;
    expect(at('solaris-1972')).toBeGreaterThan(at('the-shining-1980'));
    expect(at('solaris-1972')).toBeGreaterThan(at('the-thing-1982'));
    expect(recommendFor(data, model, userId(1), { limit: 1 }, { ...ON, walk: 0, content: 0, server: 0 }).items[0]!.film.id).toBe('solaris-1972');
  });

  it('fits in a worker thread to the very weights an inline fit gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 3, maxLength: 80 }), async (history) => {
        const matrix = new ClubMatrix(clubOf(history), model);
        const input = easeInput(matrix, ON);
        const inline = fitEaseWeights(input.items.length, input.rowStart, input.cols, input.values, input.lambda);
        const copy = easeInput(matrix, ON); // the worker takes ownership of the buffers it is sent
        const threaded = await easeWorker.fit(copy.items.length, copy.rowStart, copy.cols, copy.values, copy.lambda);
        expect(Array.from(threaded)).toEqual(Array.from(inline));
      }),
      { numRuns: 15 },
    );
  });

  it('in the background: answers without the model until the first fit, never blocks, and once refitted equals a fresh fit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 5, maxLength: 60 }),
        fc.array(fc.array(event, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        async (history, writes) => {
          const club = new ClubBuilder();
          applyEvents(club, history);
          const live = new LiveClubMatrices({}, EAGER);
          const first = club.build();
          const matrix = live.prepare(GUILD, first, model);
          expect(matrix.ease.background).toBe(true);
          // Before the first fit is ready the request answers at once, as the recommender without the model does.
          expect(answers(first)).toEqual(answers(structuredClone(first), { ...ON, ease: 0 }));
          await live.settled(GUILD);
          expect(answers(first)).toEqual(answers(structuredClone(first)));
          for (const write of writes) {
            applyEvents(club, write);
            const data = club.build();
            live.prepare(GUILD, data, model);
            // Between fits: the last fit with the member's fresh records, the same answer for the same state.
            const stale = answers(data);
            expect(answers(data)).toEqual(stale);
            await live.settled(GUILD);
            // Patched matrix + background refit = a fresh process fitting inline from scratch.
            expect(answers(data)).toEqual(answers(structuredClone(data)));
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a holder left inline fits on demand; one refitting in the background keeps the last fit until the next is ready', async () => {
    const data = new ClubBuilder().favorite(userId(1), 'stalker-1979').favorite(userId(2), 'stalker-1979', 'solaris-1972').build();
    const matrix = new ClubMatrix(data, model);
    expect(matrix.ease.background).toBe(false);
    const inline = matrix.ease.modelFor(matrix, ON)!;
    expect(inline.version).toBe(matrix.version);
    const holder = new EaseHolder(EAGER);
    expect(holder.modelFor(matrix, ON)).toBeUndefined();
    await holder.settled();
    const fitted = holder.modelFor(matrix, ON)!;
    expect(Array.from(fitted.weights)).toEqual(Array.from(inline.weights));
    matrix.setMember(userId(3), undefined, new ClubBuilder().favorite(userId(3), 'mirror-1975').build().memberFilms[userId(3)]);
    expect(holder.modelFor(matrix, ON)).toBe(fitted);
    await holder.settled();
    expect(holder.modelFor(matrix, ON)!.version).toBe(matrix.version);
  });

  it('is off in a club smaller than easeMinClub', () => {
    const data = new ClubBuilder().favorite(userId(1), 'stalker-1979').favorite(userId(2), 'stalker-1979', 'solaris-1972').build();
    const matrix = new ClubMatrix(data, model);
    expect(matrix.ease.modelFor(matrix, { ...ON, easeMinClub: 3 })).toBeUndefined();
  });
});
