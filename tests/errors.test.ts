import { describe, expect, it } from 'vitest';
import { literal, quote } from '../src/errors.js';

describe('text quoted in messages', () => {
  it('shows Markdown as typed, not as formatting', () => {
    expect(literal('**Best** of _2024_ ~~no~~ `code` ||spoiler|| [link](x) back\\slash')).toBe(
      '\\*\\*Best\\*\\* of \\_2024\\_ \\~\\~no\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[link\\](x) back\\\\slash',
    );
    expect(literal('Amélie (2001)')).toBe('Amélie (2001)');
  });

  it('quotes, cut to a length', () => {
    expect(quote('Canon')).toBe('“Canon”');
    expect(quote('*Canon*')).toBe('“\\*Canon\\*”');
    expect(quote('abcdef', 3)).toBe('“abc”');
  });
});
