import fc from 'fast-check';
import { escapeMarkdown as discordEscape } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/discord/render/escape.js';

const SEED = 20261207;

describe('escapeMarkdown', () => {
  it('returns what discord.js escapeMarkdown returns for any text, markdown characters included (seed printed on failure)', () => {
    // Text made mostly of the characters escaping is about, plus ordinary letters, emoji, links and custom emoji.
    const piece = fc.oneof(
      fc.constantFrom('\\', '`', '```', '*', '**', '_', '__', '~~', '|', '||', '#', '- ', '[a](b)', 'https://x.y/__a__', '<:e:123>', ' ', '\n', 'é', '🎬'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }).map((parts) => parts.join('')), (text) => {
        expect(escapeMarkdown(text)).toBe(discordEscape(text));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('escapes what needs it and returns plain titles as they are', () => {
    expect(escapeMarkdown('The Grand Budapest Hotel')).toBe('The Grand Budapest Hotel');
    expect(escapeMarkdown('*batteries not included')).toBe('\\*batteries not included');
    expect(escapeMarkdown('__init__ || ~~x~~')).toBe(discordEscape('__init__ || ~~x~~'));
  });
});
