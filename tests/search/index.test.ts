import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedEditDistance, typoAllowance } from '../../src/search/editDistance.js';
import { SlotTable } from '../../src/search/slotTable.js';
import { TitlePrefixes } from '../../src/search/titlePrefixes.js';
import { Vocabulary } from '../../src/search/vocabulary.js';

/** Plain dynamic-programming optimal string alignment distance, as the reference. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const shortWord = fc.string({ unit: fc.constantFrom(...'abcde'), maxLength: 9 });

describe('boundedEditDistance', () => {
  it('counts substitutions, insertions, deletions and swaps', () => {
    expect(boundedEditDistance('motors', 'moters', 2)).toBe(1);
    expect(boundedEditDistance('master', 'matser', 2)).toBe(1);
    expect(boundedEditDistance('kubrick', 'kubrik', 2)).toBe(1);
    expect(boundedEditDistance('eternals', 'etrenls', 2)).toBe(2);
    expect(boundedEditDistance('heat', 'heat', 0)).toBe(0);
  });

  it('agrees with the plain algorithm up to the bound', () => {
    fc.assert(
      fc.property(shortWord, shortWord, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const exact = reference(a, b);
        return boundedEditDistance(a, b, max) === (exact <= max ? exact : max + 1);
      }),
    );
  });
});

describe('Vocabulary', () => {
  it('finds every word within the typos allowed for the token, and only those', () => {
    const token = fc.string({ unit: fc.constantFrom(...'abcde'), minLength: 4, maxLength: 9 });
    fc.assert(
      fc.property(fc.uniqueArray(shortWord.filter((word) => word.length > 0), { maxLength: 40 }), token, (words, typed) => {
        const vocabulary = new Vocabulary();
        words.forEach((word) => vocabulary.intern(word));
        vocabulary.seal();
        const allowed = typoAllowance(typed.length);
        const found = vocabulary.fuzzy(typed, allowed).map((match) => vocabulary.wordAt(match.word)).sort();
        const within = (limit: number) => words.filter((word) => reference(typed, word) <= limit).sort();
        // One typo is always looked for; two when the token is no word and nothing closer exists,
        // or it has eight letters or more.
        let expected = within(Math.min(allowed, 1));
        if (allowed >= 2 && !words.includes(typed) && (expected.length === 0 || typed.length >= 8)) expected = within(2);
        return JSON.stringify(found) === JSON.stringify(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('lists the words beginning with a prefix, including words added after sealing', () => {
    const vocabulary = new Vocabulary();
    for (const word of ['holy', 'holiday', 'heat', 'hold', 'motors']) vocabulary.intern(word);
    vocabulary.seal();
    vocabulary.intern('holdovers');
    const words = vocabulary.withPrefix('hol', 10).map((id) => vocabulary.wordAt(id));
    expect(words).toEqual(['hold', 'holdovers', 'holiday', 'holy']);
    expect(vocabulary.withPrefix('hol', 2)).toHaveLength(2);
    expect(vocabulary.withPrefix('x', 10)).toEqual([]);
  });
});

describe('SlotTable', () => {
  it('maps ids to slots through growth, removals and re-use', () => {
    const ids: (string | undefined)[] = [];
    const table = new SlotTable((slot) => ids[slot]);
    const live = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const id = `film-${i % 1500}-${i % 7}`;
      const previous = table.get(id);
      if (previous !== undefined) {
        table.delete(id);
        ids[previous] = undefined;
      }
      ids.push(id);
      table.set(id, ids.length - 1);
      live.set(id, ids.length - 1);
      if (i % 3 === 0) {
        const victim = `film-${(i * 7) % 1500}-${(i * 7) % 7}`;
        const slot = table.get(victim);
        if (slot !== undefined) {
          table.delete(victim);
          ids[slot] = undefined;
          live.delete(victim);
        }
      }
    }
    for (const [id, slot] of live) expect(table.get(id)).toBe(slot);
    expect(table.get('film-unknown')).toBeUndefined();
  });
});

describe('TitlePrefixes', () => {
  it('returns the best-ranked live entries starting with a prefix, crowded or not', () => {
    const keys: string[] = [];
    for (let i = 0; i < 6000; i++) keys.push(`${i % 2 ? 'the' : 'a'} ${['night', 'nights', 'nine', 'noon'][i % 4]} ${i}`);
    keys.push('the', 'the night');
    const words = (key: string) => key.split(' ').length;
    const prefixes = new TitlePrefixes((entry) => keys[entry]!, (entry) => words(keys[entry]!) + entry / 1e6, (entry) => entry);
    keys.forEach((_, entry) => prefixes.add(entry));
    const dead = new Set([6001]);
    const live = (slot: number) => !dead.has(slot);
    for (const prefix of ['the n', 'a nin', 'the night 1', 'the', 'zzz']) {
      const expected = keys
        .map((key, entry) => ({ key, entry }))
        .filter(({ key, entry }) => key.startsWith(prefix) && live(entry))
        .sort((a, b) => words(a.key) - words(b.key) || a.entry - b.entry)
        .slice(0, 5)
        .map(({ entry }) => entry);
      expect(prefixes.find(prefix, 5, live)).toEqual(expected);
    }
  });
});

describe('TitlePrefixes, updated in batches', () => {
  it('sorts entries added after a look-up in among the old ones, keeping each rank', () => {
    const keys = ['the night', 'nights', 'the nine', 'noon', 'the night of', 'nine', 'the noon', 'night', 'the nights', 'ninety'];
    const rank = (entry: number) => (entry * 7) % 10; // unrelated to the alphabet
    const batched = new TitlePrefixes((entry) => keys[entry]!, rank, (entry) => entry);
    const whole = new TitlePrefixes((entry) => keys[entry]!, rank, (entry) => entry);
    keys.forEach((_, entry) => whole.add(entry));
    [0, 3, 6, 9].forEach((entry) => batched.add(entry));
    expect(batched.find('the n', 10, () => true)).toEqual([0, 6]);
    [1, 2, 4, 5, 7, 8].forEach((entry) => batched.add(entry));
    for (const prefix of ['n', 'the n', 'the night', 'nin', 'x', '']) {
      const expected = keys
        .map((key, entry) => ({ key, entry }))
        .filter(({ key }) => key.startsWith(prefix))
        .sort((a, b) => rank(a.entry) - rank(b.entry))
        .map(({ entry }) => entry)
        .slice(0, 4);
      expect(batched.find(prefix, 4, () => true)).toEqual(expected);
      expect(whole.find(prefix, 4, () => true)).toEqual(expected);
    }
  });
});

