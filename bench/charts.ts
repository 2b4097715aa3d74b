import { barChart, columnChart, progressChart } from '../src/charts/charts.js';

/**
 * Chart rendering time, per chart kind and overall (p50/p95/max over many renders, PNG encoding included): the
 * target is ≤ 50 ms p95, since a chart is drawn while the member waits for a deferred reply.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((label, i) => ({ label, value: (i * 7) % 13 }));
const films = Array.from({ length: 8 }, (_, i) => ({ label: `A film with a fairly long title number ${i + 1} (19${70 + i})`, value: 20 - i * 2 }));
const histogram = Array.from({ length: 10 }, (_, i) => ({ label: String((i + 1) / 2), value: [0, 1, 0, 3, 2, 8, 5, 11, 6, 4][i]! }));

const kinds: Record<string, () => Promise<unknown>> = {
  'columns (12 months)': () => columnChart('Viewings per month', months),
  'columns (ratings histogram)': () => columnChart('Ratings (stars)', histogram),
  'bars (8 films)': () => barChart('Most watched', films),
  'list progress': () => progressChart('alice · They Shoot Pictures', 712, 1000),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const all: number[] = [];
for (const render of Object.values(kinds)) await render(); // warm-up: font registration and first allocation
console.log(`bench:charts — ${RUNS} renders per kind (PNG encoded)`);
for (const [name, render] of Object.entries(kinds)) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await render();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(`${name.padEnd(28)} p50 ${percentile(times, 50).toFixed(1)} ms · p95 ${percentile(times, 95).toFixed(1)} ms · max ${times.at(-1)!.toFixed(1)} ms`);
}
all.sort((a, b) => a - b);
const p95 = percentile(all, 95);
console.log(`all charts                   p50 ${percentile(all, 50).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms (target ≤ 50 ms: ${p95 <= 50 ? 'met' : 'NOT met'})`);
