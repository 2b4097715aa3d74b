import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARTICLES, normalize, normalizeTitle } from '../../src/search/normalize.js';

describe('normalize', () => {
  it.each([
    ['Holy Motors', 'holy motors'],
    ['AMÉLIE', 'amelie'],
    ['Cléo de 5 à 7', 'cleo de 5 a 7'],
    ['Straße', 'strasse'],
    ['Æon Flux', 'aeon flux'],
    ['Ørsted', 'orsted'],
    ['Łódź', 'lodz'],
    ['Istanbul, İstanbul', 'istanbul istanbul'],
    ['Fast & Furious', 'fast and furious'],
    ["Ocean's Eleven", 'oceans eleven'],
    ['Ocean’s Eleven', 'oceans eleven'],
    ["L'Atalante", 'l atalante'],
    ["Le Fabuleux Destin d'Amélie Poulain", 'le fabuleux destin d amelie poulain'],
    ['  Spider-Man:   Into the Spider-Verse!  ', 'spider man into the spider verse'],
    ['8½', '8 1 2'],
    ['8 1/2', '8 1 2'],
    ['東京物語', '東京物語'],
    ['Москва слезам не верит', 'москва слезам не верит'],
    ['', ''],
    ['?!', ''],
  ])('%j → %j', (text, expected) => {
    expect(normalize(text)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => normalize(normalize(text)) === normalize(text)));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => normalize(normalize(text)) === normalize(text)));
  });

  it('leaves only lowercase letters, digits and single spaces, trimmed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const out = normalize(text);
        return out === out.trim() && !out.includes('  ') && /^[\p{L}\p{N} ]*$/u.test(out) && out === out.toLowerCase();
      }),
    );
  });

  const latinWord = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 });
  const accents = ['\u0301', '\u0300', '\u0302', '\u0308', '\u0303', '\u0327', '\u030C'];

  it('ignores diacritics, precomposed or combining', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(latinWord, fc.nat()), { minLength: 1, maxLength: 5 }), (parts) => {
        const plain = parts.map(([word]) => word).join(' ');
        const accented = parts.map(([word, n]) => word[0] + accents[n % accents.length]! + word.slice(1)).join(' ');
        return normalize(accented) === plain && normalize(accented.normalize('NFC')) === plain;
      }),
    );
  });

  it('ignores case and surrounding punctuation', () => {
    fc.assert(
      fc.property(fc.array(latinWord, { minLength: 1, maxLength: 5 }), fc.constantFrom('!', '?', '.', ':', ' - ', '…'), (words, mark) => {
        const plain = words.join(' ');
        return normalize(`${mark}${plain.toUpperCase()}${mark}`) === plain;
      }),
    );
  });
});

describe('normalizeTitle', () => {
  it.each([
    ['The Godfather', 'godfather'],
    ['Godfather, The', 'godfather'],
    ['the godfather', 'godfather'],
    ['A Star Is Born', 'star is born'],
    ['An American in Paris', 'american in paris'],
    ['Les Misérables', 'miserables'],
    ["L'Atalante", 'atalante'],
    ['Das Boot', 'boot'],
    ['Mädchen in Uniform', 'madchen in uniform'],
    ['Atalante, L\'', 'atalante'],
    ['El Topo', 'topo'],
    ['Il Sorpasso', 'sorpasso'],
    ['Paris, Texas', 'paris texas'],
    ['The', 'the'],
    ['The The', 'the'],
    ['I Am Legend', 'i am legend'],
  ])('%j → %j', (title, expected) => {
    expect(normalizeTitle(title)).toBe(expected);
  });

  const word = fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 })
    .filter((candidate) => !ARTICLES.has(candidate));
  const title = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
  const article = fc.constantFrom('The', 'A', 'An', 'Le', 'La', 'Les', 'Der', 'Die', 'Das', 'El', 'Il');

  it('drops a leading article, or one moved to the end after a comma', () => {
    fc.assert(
      fc.property(title, article, (text, leading) => {
        const bare = normalizeTitle(text);
        return normalizeTitle(`${leading} ${text}`) === bare && normalizeTitle(`${text}, ${leading}`) === bare && bare === normalize(text);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => normalizeTitle(normalizeTitle(text)) === normalizeTitle(text)));
  });
});
