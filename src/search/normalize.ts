/**
 * Text normalisation shared by indexing and querying: whatever a member types and whatever the
 * catalog says are reduced to the same plain form, so "Amélie", "AMELIE" and "amelie" meet.
 */

/** Letters that Unicode decomposition leaves alone but readers treat as plain Latin letters. */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
};
const FOLDED_LETTER_PATTERN = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'g');
const COMBINING_MARKS = /\p{M}+/gu;
// French and Italian elisions split ("d'Amélie" → "d amelie", "L'Atalante" → "l atalante");
// any other apostrophe joins, so "Ocean's" and "oceans" meet.
const ELISION = /(^|[^\p{L}])(qu|[cdjlmnst])['’ʼ](?=[aeiouyhàâäéèêëîïôöûüù])/gu;
const APOSTROPHES = /['’‘ʼ`´]/g;
// Vulgar fractions decompose to "1⁄2": keep them apart from a preceding digit ("8½" → "8 1 2").
const VULGAR_FRACTION = /[\u00BC-\u00BE\u2150-\u215E]/g;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const ASCII_PLAIN = /^[a-z0-9 ]*$/;

/** Lowercase, strip diacritics and punctuation, "&" → "and", collapse whitespace. */
export function normalize(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: most catalog strings and queries are already plain ASCII words.
  if (ASCII_PLAIN.test(lower) && !lower.includes('  ') && lower.trim() === lower) return lower;
  // Decompose before and after lowercasing: compatibility forms may decompose to capitals ("ℌ" → "H"),
  // and some capitals lowercase to a letter plus a combining mark ("İ" → "i̇").
  return text
    .replace(VULGAR_FRACTION, ' $&')
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(FOLDED_LETTER_PATTERN, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .replace(/&/g, ' and ')
    .replace(ELISION, '$1$2 ')
    .replace(APOSTROPHES, '')
    .replace(NOT_WORD, ' ')
    .trim();
}

/**
 * Articles that may lead a title (or trail it after a comma, as in library order "Godfather, The").
 * "i", "o", "os", "as", "lo" and "de" are left out: they start too many titles where they are not
 * articles ("I Am Legend", "O Brother", "As Good as It Gets").
 */
export const ARTICLES: ReadonlySet<string> = new Set([
  'the', 'a', 'an',
  'le', 'la', 'les', 'l', 'un', 'une',
  'der', 'die', 'das', 'ein', 'eine',
  'el', 'los', 'las', 'una', 'uno',
  'il', 'gli',
]);

const TRAILING_ARTICLE = /,\s*([\p{L}]+['’ʼ]?)\s*$/u;

/** Where an article moved after a comma, library style ("Godfather, The"), begins; -1 without one. */
function movedArticleAt(title: string): number {
  const trailing = TRAILING_ARTICLE.exec(title);
  return trailing && ARTICLES.has(normalize(trailing[1] ?? '')) ? trailing.index : -1;
}

/** Whether the title ends with its article moved after a comma ("Godfather, The"). */
export function hasMovedArticle(title: string): boolean {
  return movedArticleAt(title) >= 0;
}

/**
 * `normalize`, then drop leading articles ("The Godfather" → "godfather") and an article moved to
 * the end after a comma ("Godfather, The" → "godfather"). A title that is nothing but an article
 * keeps it ("The" stays "the"). Repeated leading articles are all dropped so the result is stable
 * under a second application.
 */
export function normalizeTitle(title: string): string {
  let raw = title;
  const moved = movedArticleAt(raw);
  if (moved >= 0) raw = raw.slice(0, moved);
  if (!raw.trim()) raw = title;
  const words = normalize(raw).split(' ');
  let start = 0;
  while (start < words.length - 1 && ARTICLES.has(words[start]!)) start++;
  return words.slice(start).join(' ');
}

/** The words of already-normalised text. */
export function wordsOf(normalized: string): string[] {
  return normalized ? normalized.split(' ') : [];
}
