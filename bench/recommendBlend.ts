/**
 * How Marquee's learned model meets the walk, scored on the real-data validation splits only (never the test
 * favorites): `npx tsx bench/recommendBlend.ts [50] [300] [all]`; with `--small`, the grid and the per-sample
 * comparison for clubs of 50 (bench/lib/smallClubs.ts). Each member's walk and model scores are computed
 * once per split and every blend below re-ranks them, so a grid costs about one run of the recommender; the splits
 * are those of bench:recommend (bench/lib/realData.ts) under three validation seeds per club sample, pooled, because
 * one seed's differences (±0.02 HR@10 with ~450 members) are smaller than its noise. The figures chose the ease*
 * defaults in src/recommend/scoring.ts; bench/RECOMMEND.md has the table.
 */
import type { Film } from '../src/catalog/schema.js';
import { clubMatrixFor } from '../src/recommend/club.js';
import { ContentModel } from '../src/recommend/features.js';
import { candidateSlots, rankPersonal } from '../src/recommend/personal.js';
import { DEFAULT_TUNING, excludedSlots, memberContext, type Tuning } from '../src/recommend/scoring.js';
import { loadMovieTweetings, sampleClub } from './lib/movietweetings.js';
import { split, validationOf } from './lib/realData.js';
import { smallClubs } from './lib/smallClubs.js';
import { missingSharedData, sharedDataDir } from './lib/sharedData.js';
import { table } from './lib/stats.js';

const K = 10;
const VALIDATION_SEEDS = [1, 2, 3];

/** A blend: a tuning, or `fusedOnly`: reciprocal-rank fusion of the walk and the model over every candidate, nothing else. */
const GRID: [string, Partial<Tuning> | 'fusedOnly'][] = [
  ['DEFAULT_TUNING', {}],
  ['without the learned model (walk, content, server; linear blend)', { ease: 0 }],
  ['without the model, aversion 0.2', { ease: 0, aversion: 0.2 }],
  ['without the model, aversion 0', { ease: 0, aversion: 0 }],
  ['walk and model fused by rank only (no content, server or variety)', 'fusedOnly'],
  ['easeAversion=1', { easeAversion: 1 }],
  ['easeAversion=0', { easeAversion: 0 }],
  ['no content or variety beside the fusion', { content: 0, variety: 0 }],
  ['ease=0.5', { ease: 0.5 }],
];

const dir = sharedDataDir('movietweetings');
if (!dir) {
  console.log(missingSharedData('movietweetings'));
  process.exit(0);
}
const source = await loadMovieTweetings(dir);
const model = new ContentModel(source.films as Film[]);
if (process.argv.includes('--small')) {
  for (const line of smallClubs(source, model)) console.log(line);
  process.exit(0);
}
const requested = process.argv.slice(2);
const sizes = (requested.length ? requested : ['50', '300', 'all']).map((size) => (size === 'all' ? source.users.length : Number(size)));
const columns: string[] = [];
const results: string[][] = GRID.map(() => []);
for (const size of sizes) {
  const samples = size >= source.users.length ? 1 : 3;
  const totals = GRID.map(() => ({ hits: 0, ndcg: 0, members: 0 }));
  for (let sample = 1; sample <= samples; sample++) {
    for (const seed of VALIDATION_SEEDS) {
      const validation = validationOf(split(sampleClub(source, size, sample), 1), seed);
      const matrix = clubMatrixFor(validation.data, model);
      for (const [user, hidden] of validation.hidden) {
        const context = memberContext(model, matrix, user, DEFAULT_TUNING);
        const candidates = candidateSlots(model, () => true, excludedSlots(context, model.size, false));
        const rankOf = (values: Float64Array) => {
          const rank = new Map<number, number>();
          [...candidates].sort((a, b) => values[b]! - values[a]! || a - b).forEach((slot, i) => rank.set(slot, i));
          return rank;
        };
        const byWalk = rankOf(context.walk);
        const byModel = rankOf(context.ease);
        GRID.forEach(([, blend], g) => {
          const top =
            blend === 'fusedOnly'
              ? candidates
                  .map((slot) => ({ slot, score: 1 / (60 + byWalk.get(slot)!) + 1 / (60 + byModel.get(slot)!) }))
                  .sort((a, b) => b.score - a.score || a.slot - b.slot)
                  .slice(0, K)
              : rankPersonal(context, candidates, K, { ...DEFAULT_TUNING, ...blend });
          const relevant = new Set(hidden);
          let dcg = 0;
          top.forEach(({ slot }, i) => {
            if (relevant.has(model.films[slot]!.id)) dcg += 1 / Math.log2(i + 2);
          });
          let ideal = 0;
          for (let i = 0; i < Math.min(K, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
          totals[g]!.hits += dcg > 0 ? 1 : 0;
          totals[g]!.ndcg += dcg / ideal;
          totals[g]!.members += 1;
        });
      }
      console.error(`  club of ${size}, sample ${sample}, validation seed ${seed}: done`);
    }
  }
  columns.push(`${size >= source.users.length ? `all ${size}` : `${size} members`} HR / NDCG (${totals[0]!.members} member-splits)`);
  totals.forEach((total, g) => results[g]!.push(`${(total.hits / total.members).toFixed(3)} / ${(total.ndcg / total.members).toFixed(3)}`));
}
console.log(table(['Blend (validation, pooled over 3 validation seeds)', ...columns], GRID.map(([label], g) => [label, ...results[g]!])));
