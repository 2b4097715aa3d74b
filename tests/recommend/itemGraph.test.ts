import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClubMatrix, LiveClubMatrices } from '../../src/recommend/club.js';
import { ContentModel } from '../../src/recommend/features.js';
import { buildItemGraph, graphScores } from '../../src/recommend/itemGraph.js';
import { recommendFor } from '../../src/recommend/personal.js';
import { DEFAULT_TUNING } from '../../src/recommend/scoring.js';
import { DISLIKE, SEEN } from '../../src/recommend/signals.js';
import { exactWalkScores } from '../../src/recommend/walk.js';
import type { GuildData } from '../../src/store/schema.js';
import { applyEvents, clubEvent, memberAnswers } from './clubEvents.js';
import { ClubBuilder, films, GUILD, userId } from './helpers.js';

const model = new ContentModel(films());
/** Every server keeps a table and rebuilds it as soon as it is behind (the bot waits for 20,000 records and 2 s). */
const ALWAYS = { exactWalkRecords: 0, minRebuildGapMs: 0, rebuildGapFactor: 0 };

const event = clubEvent(7);
const apply = applyEvents;
const answers = (data: GuildData) => memberAnswers(data, model);

/** Films a member logged (seen) or disliked: never to be offered. */
function forbidden(user: string, matrix: ClubMatrix): Set<string> {
  const row = matrix.row(user);
  const ids = new Set<string>();
  row?.items.forEach((id, i) => {
    if (row.flags[i]! & (SEEN | DISLIKE)) ids.add(matrix.filmIds[id]!);
  });
  return ids;
}

describe('the item–item table of a large server', () => {
  it('scores every film a member can be offered as the exact walk does', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 80 }), (history) => {
        const club = new ClubBuilder();
        apply(club, history);
        const matrix = new ClubMatrix(club.build(), model);
        const graph = buildItemGraph(matrix, model, DEFAULT_TUNING);
        for (const row of matrix.rows) {
          const exact = exactWalkScores(matrix, row, model.size, DEFAULT_TUNING);
          const table = graphScores(graph, matrix, row, model.size, DEFAULT_TUNING);
          const seen = new Set(Array.from(row.items, (id, i) => (row.flags[i]! & SEEN ? matrix.slotOfItem[id]! : -1)));
          for (let slot = 0; slot < model.size; slot++) {
            if (seen.has(slot)) continue;
            expect(Math.abs(table[slot]! - exact[slot]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(exact[slot]!)));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('between rebuilds answers from the last table and the member’s fresh records; once rebuilt in the background it equals a table built from scratch', async () => {
    // fast-check's async property: each run awaits the background rebuild (no sleeps; it resolves when done).
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 5, maxLength: 60 }), fc.array(fc.array(event, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }), async (history, writes) => {
        const club = new ClubBuilder();
        apply(club, history);
        const live = new LiveClubMatrices(ALWAYS);
        const first = club.build();
        live.prepare(GUILD, first, model);
        // No table yet: the first request walks exactly (the table is built in the background), as a fresh start does.
        expect(answers(first)).toEqual(freshBeforeTable(first));
        await live.settled(GUILD);
        for (const write of writes) {
          apply(club, write);
          const data = club.build();
          const matrix = live.prepare(GUILD, data, model);
          const stale = answers(data);
          // Deterministic for a state (the same table and records give the same answer)…
          expect(answers(data)).toEqual(stale);
          // …and never a film the member logged or disliked, whatever the table says.
          for (const [i, user] of Object.keys(data.memberFilms).sort().entries()) {
            const items = stale.personal[i];
            if (!Array.isArray(items)) continue;
            const banned = forbidden(user, matrix);
            for (const [filmId] of items) expect(banned.has(filmId as string)).toBe(false);
          }
          await live.settled(GUILD);
          expect(answers(data)).toEqual(await fresh(data));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('reads the table only past the record threshold: a small server walks exactly, as before', () => {
    const club = new ClubBuilder().favorite(userId(1), 'holy-motors-2012');
    for (const n of [2, 3, 4]) club.favorite(userId(n), 'holy-motors-2012', 'the-thing-1982');
    const data = club.build();
    const matrix = new LiveClubMatrices().prepare(GUILD, data, model);
    expect(matrix.graphs.wants(matrix)).toBe(false);
    expect(recommendFor(data, model, userId(1), { limit: 1 }).items[0]!.film.id).toBe('the-thing-1982');
  });
});

/** The answers of a server seen for the first time (a fresh process) before its table is built: the exact walk. */
function freshBeforeTable(data: GuildData) {
  const copy = structuredClone(data);
  new LiveClubMatrices(ALWAYS).prepare(GUILD, copy, model);
  return answers(copy);
}

/** The answers of a fresh process once its table, built from scratch in the background, is ready. */
async function fresh(data: GuildData) {
  const copy = structuredClone(data);
  const live = new LiveClubMatrices(ALWAYS);
  live.prepare(GUILD, copy, model);
  answers(copy);
  await live.settled(GUILD);
  return answers(copy);
}
