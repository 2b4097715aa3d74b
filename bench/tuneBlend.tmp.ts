import type { Film } from '../src/catalog/schema.js';
import { clubMatrixFor } from '../src/recommend/club.js';
import { ContentModel } from '../src/recommend/features.js';
import { candidateSlots, rankPersonal } from '../src/recommend/personal.js';
import { DEFAULT_TUNING, excludedSlots, memberContext, type Tuning } from '../src/recommend/scoring.js';
import { loadMovieTweetings } from './lib/movietweetings.js';
import { sampleClub } from './lib/movietweetings.js';
import { split, validationOf } from './lib/realData.js';
import { sharedDataDir } from './lib/sharedData.js';

const source = await loadMovieTweetings(sharedDataDir('movietweetings')!);
const model = new ContentModel(source.films as Film[]);
const sizes = process.argv.slice(2).map((s) => (s === 'all' ? source.users.length : Number(s)));
const base: Tuning = { ...DEFAULT_TUNING, ...JSON.parse(process.env.BASE ?? '{}') };
const grid: [string, Partial<Tuning>, ((e: Float64Array) => Float64Array)?][] = [
  ['walk alone', { ease: 0 }],
  ['ease 0.25', { ease: 0.25 }],
  ['ease 0.5', { ease: 0.5 }],
  ['ease 1', { ease: 1 }],
  ['ease 2', { ease: 2 }],
  ['ease alone', { ease: 1, walk: 0 }],
  ['ease alone no content/server', { ease: 1, walk: 0, content: 0, server: 0 }],
  ['ease 1 no server', { ease: 1, server: 0 }],
  ['ease 0.25 no server', { ease: 0.25, server: 0 }],
  ['ease 0.5 no server', { ease: 0.5, server: 0 }],
  ['ease alone + server .15', { ease: 1, walk: 0, content: 0 }],
  ['walk alone no server', { ease: 0, server: 0 }],
  ['walk alone no server/content', { ease: 0, server: 0, content: 0 }],
];
for (const size of sizes) {
  const samples = size >= source.users.length ? 1 : 3;
  const totals = grid.map(() => ({ hits: 0, ndcg: 0, n: 0 }));
  for (let s = 0; s < samples; s++) {
    const validation = validationOf(split(sampleClub(source, size, s + 1), 1), 1);
    const matrix = clubMatrixFor(validation.data, model);
    const t0 = performance.now();
    for (const [user, hidden] of validation.hidden) {
      const context = memberContext(model, matrix, user, base);
      const excluded = excludedSlots(context, model.size, false);
      const candidates = candidateSlots(model, () => true, excluded);
      const ease = context.ease;
      grid.forEach(([, t, f], g) => {
        context.ease = f ? f(ease) : ease;
        const top = rankPersonal(context, candidates, 10, { ...base, ...t }).map((r) => model.films[r.slot]!.id);
        const rel = new Set(hidden);
        let dcg = 0;
        top.forEach((id, i) => { if (rel.has(id)) dcg += 1 / Math.log2(i + 2); });
        let ideal = 0;
        for (let i = 0; i < Math.min(10, rel.size); i++) ideal += 1 / Math.log2(i + 2);
        totals[g]!.hits += dcg > 0 ? 1 : 0;
        totals[g]!.ndcg += dcg / ideal;
        totals[g]!.n += 1;
      });
      context.ease = ease;
    }
    console.error(`size ${size} sample ${s + 1}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  console.log(`\n## ${size} (${JSON.stringify(JSON.parse(process.env.BASE ?? '{}'))})`);
  grid.forEach(([label], g) => console.log(`${label.padEnd(32)} HR ${(totals[g]!.hits / totals[g]!.n).toFixed(3)} NDCG ${(totals[g]!.ndcg / totals[g]!.n).toFixed(3)} (n=${totals[g]!.n})`));
}
