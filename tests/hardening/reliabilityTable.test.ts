import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReliability, renderReliability, replaceSection, sectionOf } from '../../scripts/reliability.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README’s Reliability table', () => {
  it('is the renderer’s output (rewritten by `npm run reliability`, not typed by hand)', () => {
    const table = sectionOf(README);
    const suites = parseReliability(table);
    expect(suites.length, 'suites in the table').toBeGreaterThan(0);
    expect(renderReliability(suites)).toBe(table);
  });

  it('renders every row, escapes cell separators, totals the figures, and reads back what it wrote', () => {
    const suites = [
      { suite: 'b-suite', rows: [{ area: 'files', what: 'a | b', tried: 3, refused: 2, lost: 0, note: 'note' }] },
      { suite: 'a-suite', rows: [{ area: 'ids', what: 'pressed', tried: 5, refused: 5, lost: 1 }] },
    ];
    const table = renderReliability(suites);
    expect(table.split('\n')).toEqual([
      '| Suite | Area | What was tried | Tried | Refused | Lost |',
      '|---|---|---|---:|---:|---:|',
      '| a-suite | ids | pressed | 5 | 5 | 1 |',
      '| b-suite | files | a \\| b (note) | 3 | 2 | 0 |',
      '| **all** | | | **8** | **7** | **1** |',
    ]);
    expect(renderReliability(parseReliability(table))).toBe(table);
    const readme = replaceSection('# X\n<!-- reliability:start -->\nold\n<!-- reliability:end -->\nafter\n', table);
    expect(sectionOf(readme)).toBe(table);
    expect(readme.endsWith('<!-- reliability:end -->\nafter\n')).toBe(true);
  });
});
