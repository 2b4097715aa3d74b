import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { readFilmForm, type FilmFormText } from '../../src/catalog/filmForm.js';

const form = (fields: Partial<FilmFormText>): FilmFormText => ({ titleYear: 'Dunkirk (2017)', directors: '', cast: '', synopsis: '', poster: '', ...fields });

function refusal(fields: Partial<FilmFormText>): string {
  try {
    readFilmForm(form(fields), 'new');
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('the form was accepted');
}

describe('the /catalog form, refused', () => {
  it('says what is wrong in the member’s terms, never a validator’s wording', () => {
    expect(refusal({ titleYear: 'Film (3000)' })).toBe('Year: a year from 1870 to 2100.');
    expect(refusal({ titleYear: 'Film (1850)' })).toBe('Year: a year from 1870 to 2100.');
    expect(refusal({ titleYear: `${'x'.repeat(210)} (2017)` })).toBe('Title: at most 200 characters.');
    expect(refusal({ directors: `${'d'.repeat(201)}` })).toBe('Director(s): at most 200 characters a name.');
    expect(refusal({ directors: Array.from({ length: 21 }, (_, i) => `D${i}`).join(', ') })).toBe('Director(s): at most 20 names.');
    expect(refusal({ cast: `Someone as ${'c'.repeat(201)}` })).toBe('Cast: at most 200 characters a name or part.');
    expect(refusal({ poster: 'not a url' })).toBe('Poster: an https link to an image (a .jpg, .png or .webp file, or one on an image host such as upload.wikimedia.org)');
  });
});
