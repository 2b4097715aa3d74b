import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitEmbed, joinWithinLimit, truncate } from '../../src/discord/limits.js';
import { customId, parseCustomId } from '../../src/discord/customId.js';
import { redact, registerSecret } from '../../src/log.js';

describe('truncate', () => {
  it('keeps short text and cuts long text at a word with an ellipsis', () => {
    expect(truncate('Holy Motors', 20)).toBe('Holy Motors');
    expect(truncate('A performer is driven around Paris all day', 20)).toBe('A performer is…');
  });
  it('never exceeds the limit nor splits an emoji', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const out = truncate(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(false);
      }),
    );
  });
});

describe('joinWithinLimit', () => {
  it('says how many were left out', () => {
    const names = ['Denis Lavant', 'Édith Scob', 'Eva Mendes', 'Kylie Minogue', 'Michel Piccoli'];
    expect(joinWithinLimit(names, 200)).toBe(names.join(', '));
    expect(joinWithinLimit(names, 40)).toBe('Denis Lavant, Édith Scob and 3 more');
  });
  it('always fits', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 20, max: 1024 }), (items, max) => {
        expect(joinWithinLimit(items, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('fitEmbed', () => {
  it('keeps every part and the total within Discord limits', () => {
    const embed = fitEmbed({
      title: 'T'.repeat(300),
      description: 'word '.repeat(2000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i}`, value: 'v '.repeat(700) })),
      footer: { text: 'f'.repeat(3000) },
    });
    expect(embed.title!.length).toBeLessThanOrEqual(256);
    expect(embed.description!.length).toBeLessThanOrEqual(4096);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    expect(embed.fields!.every((field) => field.value.length <= 1024)).toBe(true);
    const total = embed.title!.length + embed.description!.length + embed.footer!.text.length + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.fields![0]!.name).toBe('Field 0');
  });
  it('drops empty fields, which Discord refuses', () => {
    expect(fitEmbed({ fields: [{ name: 'Cast', value: '' }, { name: 'Runtime', value: '1h' }] }).fields).toEqual([{ name: 'Runtime', value: '1h' }]);
  });
});

describe('custom ids', () => {
  it('round-trips', () => {
    expect(parseCustomId(customId('film', 'cast', 'holy-motors-2012'))).toEqual({ command: 'film', action: 'cast', args: ['holy-motors-2012'] });
  });
  it('refuses what is not ours', () => {
    for (const raw of ['', 'film', ':cast', 'Film:cast', 'x'.repeat(101), 'film:cast:' + 'a'.repeat(95)]) expect(parseCustomId(raw)).toBeNull();
  });
  it('refuses to build an id Discord would reject or we could not parse', () => {
    expect(() => customId('film', 'cast', 'a:b')).toThrow();
    expect(() => customId('film', 'cast', 'x'.repeat(100))).toThrow();
  });
});

describe('log redaction', () => {
  it('masks the bot token and interaction tokens', () => {
    registerSecret('MTIz.secret-token.value');
    expect(redact('token MTIz.secret-token.value leaked')).toBe('token [redacted] leaked');
    expect(redact('PATCH /webhooks/123/aW50ZXJhY3Rpb246MTIzOnRva2Vu/messages/@original')).toBe('PATCH /webhooks/123/[redacted]/messages/@original');
  });
});
