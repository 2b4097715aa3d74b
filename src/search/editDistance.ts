/**
 * Edit distance counting insertions, deletions, substitutions and swaps of neighbouring letters
 * (optimal string alignment), the typos people make while typing. Gives up early: any answer above
 * `max` is reported as `max + 1`, which keeps fuzzy look-ups over a large vocabulary cheap.
 */

// Rows reused across calls: the search is single-threaded and this sits on the hot path.
let previousPrevious = new Int32Array(64);
let previous = new Int32Array(64);
let current = new Int32Array(64);

export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > max) return max + 1;
  if (lengthA === 0) return lengthB;
  if (lengthB === 0) return lengthA;
  if (previous.length <= lengthB) {
    previousPrevious = new Int32Array(lengthB + 1);
    previous = new Int32Array(lengthB + 1);
    current = new Int32Array(lengthB + 1);
  }
  for (let j = 0; j <= lengthB; j++) previous[j] = j;
  for (let i = 1; i <= lengthA; i++) {
    current[0] = i;
    let rowMin = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= lengthB; j++) {
      const charB = b.charCodeAt(j - 1);
      const cost = charA === charB ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && charA === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === charB) {
        best = Math.min(best, previousPrevious[j - 2]! + 1);
      }
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    const recycled = previousPrevious;
    previousPrevious = previous;
    previous = current;
    current = recycled;
  }
  const distance = previous[lengthB]!;
  return distance > max ? max + 1 : distance;
}

/** How many typos a word of this length may carry and still be recognised. */
export function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  return 2;
}
