import { describe, expect, it } from 'vitest';
import { BASELINES, MARQUEE_VARIANTS, realDataReport, REAL_DATA_PLAN, seedsFor, type SizeResult } from '../../bench/lib/realData.js';

/** bench:recommend's real-data report on a hand-made result: the per-sample comparison the club-of-50 target reads. */
describe('real-data report, per club sample', () => {
  const names = [...MARQUEE_VARIANTS.map(([name]) => name), ...BASELINES.map((family) => family.name)];
  const at = (name: string) => names.indexOf(name);

  /** Every ranking scores `base`, except the ones given. */
  function run(sample: number, seed: number, overrides: Record<string, [number, number]>): SizeResult['runs'][number] {
    const scores = names.map((name) => {
      const [hr, ndcg] = overrides[name] ?? [0.1, 0.05];
      return { hr, ndcg, members: 20 };
    });
    return { sample, seed, members: 20, scores };
  }

  const result: SizeResult = {
    size: 50,
    label: '50 members',
    names,
    runs: [
      // Sample 1: Marquee ahead of every model baseline on both metrics.
      run(1, 1, { Marquee: [0.4, 0.2], EASE: [0.3, 0.1] }),
      run(1, 2, { Marquee: [0.4, 0.2], EASE: [0.3, 0.1] }),
      // Sample 2: RP3beta ahead on HR@10 by 0.05 and 0.25 (mean 0.15, sd 0.141, se 0.1: within 2 se); level on NDCG@10.
      run(2, 1, { Marquee: [0.3, 0.2], RP3beta: [0.35, 0.2] }),
      run(2, 2, { Marquee: [0.2, 0.2], RP3beta: [0.45, 0.2] }),
    ],
    tuned: names.map((name) => ({ name, label: '' })),
    itemsForEase: 0,
    easeMs: 0,
    seconds: 1,
  };
  const report = realDataReport(result).join('\n');

  it("compares Marquee, per sample, with that sample's best model baseline, paired by seed", () => {
    expect(report).toContain('| sample 1 (2 seeds, ~20 members) | EASE 0.300 | +0.100 ± 0.000 (se 0.000) |');
    expect(report).toContain('| sample 2 (2 seeds, ~20 members) | RP3beta 0.400 | −0.150 ± 0.141 (se 0.100) |');
    expect(report).toContain('HR@10: Marquee ahead or level on 1 of 2 samples, behind by less than two standard errors on 1');
    expect(report).toContain('NDCG@10: Marquee ahead or level on 2 of 2 samples');
    // Popularity rankings are never "the best model baseline", however well they score.
    expect(at('Popularity (most watched)')).toBeGreaterThan(0);
    const popular = realDataReport({ ...result, runs: result.runs.map((r) => ({ ...r, scores: r.scores.map((s, i) => (names[i]!.startsWith('Popularity') ? { ...s, hr: 0.9 } : s)) })) }).join('\n');
    expect(popular).toContain('| sample 1 (2 seeds, ~20 members) | EASE 0.300 |');
  });

  it('uses ten hiding seeds in clubs of 50 and three in larger ones', () => {
    expect(seedsFor(REAL_DATA_PLAN, 50)).toHaveLength(10);
    expect(seedsFor(REAL_DATA_PLAN, 300)).toEqual([1, 2, 3]);
    expect(seedsFor(REAL_DATA_PLAN, 595)).toEqual([1, 2, 3]);
  });
});
