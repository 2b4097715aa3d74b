import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/local-discord/errors.js';
import { MessageFlag, validateChoices, validateMessage, type MessageRules } from '../../src/local-discord/validate/messages.js';
import { validateModal } from '../../src/local-discord/validate/modal.js';

const create: MessageRules = { mode: 'create', path: ['data'], allowedFlags: MessageFlag.Ephemeral | MessageFlag.IsComponentsV2 };

/** The `code`s Discord would report, as `path[CODE]` strings. */
function refusals(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const out: string[] = [];
    const walk = (node: unknown, path: string[]): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === '_errors') for (const e of value as { code: string }[]) out.push(`${path.join('.')}[${e.code}]`);
        else walk(value, [...path, key]);
      }
    };
    walk(error.body.errors, []);
    return out;
  }
  return [];
}

const button = (id: string, label = id) => ({ type: 2, style: 1, custom_id: id, label });
const row = (...components: unknown[]) => ({ type: 1, components });
const field = (name: string, value: string) => ({ name, value });

describe('message payload limits', () => {
  it('accepts a message at every limit', () => {
    const body = {
      content: 'c'.repeat(2000),
      embeds: [
        {
          title: 't'.repeat(256),
          description: 'd'.repeat(1500),
          fields: Array.from({ length: 4 }, (_, i) => field(`f${i}`, 'v'.repeat(1000))),
          footer: { text: 'f'.repeat(100) },
          author: { name: 'a'.repeat(100) },
        },
      ],
      components: Array.from({ length: 5 }, (_, r) => row(...Array.from({ length: 5 }, (_, b) => button(`b${r}-${b}`, 'l'.repeat(80))))),
    };
    expect(refusals(() => validateMessage(body, create))).toEqual([]);
  });

  it('refuses content, embed and field overflows with their paths', () => {
    expect(refusals(() => validateMessage({ content: 'c'.repeat(2001) }, create))).toEqual(['data.content[BASE_TYPE_MAX_LENGTH]']);
    expect(refusals(() => validateMessage({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) }, create))).toEqual([
      'data.embeds[BASE_TYPE_MAX_LENGTH]',
    ]);
    expect(
      refusals(() =>
        validateMessage(
          {
            embeds: [
              {
                title: 't'.repeat(257),
                fields: [field('', 'v'), field('n', 'v'.repeat(1025))],
                footer: { text: 'f'.repeat(2049) },
                author: { name: 'a'.repeat(257) },
              },
            ],
          },
          create,
        ),
      ).sort(),
    ).toEqual(
      [
        'data.embeds.0.title[BASE_TYPE_MAX_LENGTH]',
        'data.embeds.0.fields.0.name[BASE_TYPE_BAD_LENGTH]',
        'data.embeds.0.fields.1.value[BASE_TYPE_BAD_LENGTH]',
        'data.embeds.0.footer.text[BASE_TYPE_BAD_LENGTH]',
        'data.embeds.0.author.name[BASE_TYPE_BAD_LENGTH]',
      ].sort(),
    );
    expect(refusals(() => validateMessage({ embeds: [{ fields: Array.from({ length: 26 }, () => field('n', 'v')) }] }, create))).toEqual([
      'data.embeds.0.fields[BASE_TYPE_MAX_LENGTH]',
    ]);
  });

  it('counts the 6000-character budget across all embeds of a message', () => {
    const big = { description: 'd'.repeat(3500) };
    expect(refusals(() => validateMessage({ embeds: [big] }, create))).toEqual([]);
    expect(refusals(() => validateMessage({ embeds: [big, big] }, create))).toEqual(['data.embeds[MAX_EMBED_SIZE_EXCEEDED]']);
  });

  it('measures lengths in code points like Discord', () => {
    expect(refusals(() => validateMessage({ content: '🎬'.repeat(2000) }, create))).toEqual([]);
    expect(refusals(() => validateMessage({ content: '🎬'.repeat(2001) }, create))).toEqual(['data.content[BASE_TYPE_MAX_LENGTH]']);
  });

  it('refuses bad component layouts', () => {
    expect(refusals(() => validateMessage({ components: Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))) }, create))).toEqual([
      'data.components[BASE_TYPE_MAX_LENGTH]',
    ]);
    expect(refusals(() => validateMessage({ components: [row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))] }, create))).toEqual([
      'data.components.0.components[BASE_TYPE_BAD_LENGTH]',
    ]);
    const select = { type: 3, custom_id: 's', options: [{ label: 'a', value: 'a' }] };
    expect(refusals(() => validateMessage({ components: [row(select, button('b'))] }, create))).toEqual([
      'data.components.0.components[COMPONENT_LAYOUT_WIDTH_EXCEEDED]',
    ]);
    expect(refusals(() => validateMessage({ components: [row(button('same')), row(button('same'))] }, create))).toEqual([
      'data.components.1.components.0.custom_id[COMPONENT_CUSTOM_ID_DUPLICATED]',
    ]);
    expect(refusals(() => validateMessage({ components: [row(button('x'.repeat(101), 'ok'))] }, create))).toEqual([
      'data.components.0.components.0.custom_id[BASE_TYPE_BAD_LENGTH]',
    ]);
    expect(refusals(() => validateMessage({ components: [row(button('b', 'l'.repeat(81)))] }, create))).toEqual([
      'data.components.0.components.0.label[BASE_TYPE_MAX_LENGTH]',
    ]);
    const crowded = { ...select, options: Array.from({ length: 26 }, (_, i) => ({ label: `o${i}`, value: `o${i}` })) };
    expect(refusals(() => validateMessage({ components: [row(crowded)] }, create))).toEqual([
      'data.components.0.components.0.options[BASE_TYPE_BAD_LENGTH]',
    ]);
    const longOption = { ...select, options: [{ label: 'l'.repeat(101), value: 'v'.repeat(101) }] };
    expect(refusals(() => validateMessage({ components: [row(longOption)] }, create)).sort()).toEqual([
      'data.components.0.components.0.options.0.label[BASE_TYPE_BAD_LENGTH]',
      'data.components.0.components.0.options.0.value[BASE_TYPE_BAD_LENGTH]',
    ]);
    const link = { type: 2, style: 5, label: 'Wiki', url: 'https://example.com', custom_id: 'x' };
    expect(refusals(() => validateMessage({ components: [row(link)] }, create))).toEqual([
      'data.components.0.components.0.custom_id[BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED]',
    ]);
  });

  it('keeps legacy fields out of Components V2 messages', () => {
    const v2 = { flags: MessageFlag.IsComponentsV2, content: 'hi', components: [{ type: 10, content: 'Holy Motors' }] };
    expect(refusals(() => validateMessage(v2, create))).toEqual(['data.content[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]']);
    expect(refusals(() => validateMessage({ ...v2, content: undefined }, create))).toEqual([]);
  });

  it('refuses flags the context does not allow and mutually exclusive allowed_mentions', () => {
    expect(refusals(() => validateMessage({ content: 'x', flags: MessageFlag.Ephemeral }, { mode: 'create', path: [], allowedFlags: 0 }))).toEqual([
      'flags[MESSAGE_FLAGS_INVALID]',
    ]);
    expect(refusals(() => validateMessage({ content: 'x', allowed_mentions: { parse: ['users'], users: ['1'] } }, create))).toEqual([
      'data.allowed_mentions.users[MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE]',
    ]);
  });
});

describe('modals and autocomplete results', () => {
  const input = (id: string, label = 'Label') => row({ type: 4, custom_id: id, label, style: 1 });

  it('accepts a valid modal and refuses long titles, labels and too many rows', () => {
    expect(refusals(() => validateModal({ custom_id: 'm', title: 'Review', components: [input('a')] }, ['data']))).toEqual([]);
    expect(refusals(() => validateModal({ custom_id: 'm', title: 't'.repeat(46), components: [input('a', 'l'.repeat(46))] }, ['data'])).sort()).toEqual([
      'data.components.0.components.0.label[BASE_TYPE_BAD_LENGTH]',
      'data.title[BASE_TYPE_BAD_LENGTH]',
    ]);
    const six = Array.from({ length: 6 }, (_, i) => input(`i${i}`));
    expect(refusals(() => validateModal({ custom_id: 'm', title: 'Review', components: six }, ['data']))).toEqual(['data.components[BASE_TYPE_BAD_LENGTH]']);
    expect(refusals(() => validateModal({ custom_id: 'm', title: 'Review', components: [row(button('b'))] }, ['data']))).toContain(
      'data.components.0.components.0.type[UNION_TYPE_CHOICES]',
    );
  });

  it('accepts label components wrapping text inputs and string selects', () => {
    const label = { type: 18, label: 'Rating', component: { type: 3, custom_id: 'r', options: [{ label: '5', value: '5' }] } };
    const text = { type: 18, label: 'Review', component: { type: 4, custom_id: 't', style: 2 } };
    expect(refusals(() => validateModal({ custom_id: 'm', title: 'Review', components: [label, text] }, ['data']))).toEqual([]);
  });

  it('limits autocomplete choices and checks value types', () => {
    const choices = (n: number) => ({ choices: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, value: `v${i}` })) });
    expect(validateChoices(choices(25), 3, ['data'])).toHaveLength(25);
    expect(refusals(() => validateChoices(choices(26), 3, ['data']))).toEqual(['data.choices[BASE_TYPE_MAX_LENGTH]']);
    expect(refusals(() => validateChoices({ choices: [{ name: '', value: 'v'.repeat(101) }] }, 3, ['data'])).sort()).toEqual([
      'data.choices.0.name[BASE_TYPE_BAD_LENGTH]',
      'data.choices.0.value[BASE_TYPE_MAX_LENGTH]',
    ]);
    expect(refusals(() => validateChoices({ choices: [{ name: 'n', value: 'seven' }] }, 4, ['data']))).toEqual(['data.choices.0.value[NUMBER_TYPE_COERCE]']);
  });
});
