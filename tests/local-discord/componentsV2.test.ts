import { DiscordAPIError, MessageFlags, Routes, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/local-discord/errors.js';
import { LocalDiscord, type GuildHandle } from '../../src/local-discord/index.js';
import { MessageFlag, validateMessage, type MessageRules } from '../../src/local-discord/validate/messages.js';
import { startTinyBot, type TinyBot } from './tinyBot.js';

const V2 = MessageFlag.IsComponentsV2;
const create: MessageRules = { mode: 'create', path: [], allowedFlags: MessageFlag.Ephemeral | V2 };
const editOf = (existingFlags: number): MessageRules => ({ mode: 'edit', path: [], allowedFlags: MessageFlag.SuppressEmbeds | V2, existingFlags });

/** The `path[CODE]` strings Discord would report (sorted), or [] when the body is accepted. */
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
    return out.sort();
  }
  return [];
}

const text = (content: string) => ({ type: 10, content });
const thumbnail = (url: string) => ({ type: 11, media: { url }, description: 'Poster' });
const button = (id: string) => ({ type: 2, style: 2, label: id, custom_id: id });
const row = (...components: unknown[]) => ({ type: 1, components });
const section = (texts: unknown[], accessory: unknown) => ({ type: 9, components: texts, accessory });
const container = (...components: unknown[]) => ({ type: 17, accent_color: 0xc9a227, components });
const gallery = (n: number) => ({ type: 12, items: Array.from({ length: n }, (_, i) => ({ media: { url: `https://posters.example/${i}.jpg` } })) });
const v2 = (...components: unknown[]) => ({ flags: V2, components });

describe('Components V2 payloads', () => {
  it('accepts a film card: container, section with a thumbnail, separator, gallery, file and buttons', () => {
    const card = v2(
      container(
        section([text('## Holy Motors (2012)'), text('Leos Carax · 1h 55m')], thumbnail('https://posters.example/holy-motors.jpg')),
        { type: 14, divider: true, spacing: 1 },
        text('From dawn to dusk, a few hours in the life of Monsieur Oscar.'),
        section([text('Rate it')], button('rate')),
        gallery(10),
        { type: 13, file: { url: 'attachment://ratings.png' } },
        row(button('watched'), button('favorite')),
      ),
    );
    expect(refusals(() => validateMessage(card, create))).toEqual([]);
  });

  it('refuses legacy content, embeds, polls and stickers alongside the flag', () => {
    const body = { ...v2(text('hi')), content: 'hi', embeds: [{ title: 'x' }], poll: { question: { text: 'q' } }, sticker_ids: ['1'] };
    expect(refusals(() => validateMessage(body, create))).toEqual([
      'content[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]',
      'embeds[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]',
      'poll[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]',
      'sticker_ids[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]',
    ]);
  });

  it('refuses V2 components in a classic message and classic-only limits do not apply to V2', () => {
    expect(refusals(() => validateMessage({ components: [text('hi')] }, create))).toEqual(['components.0.type[UNION_TYPE_CHOICES]']);
    const six = Array.from({ length: 6 }, (_, i) => text(`line ${i}`));
    expect(refusals(() => validateMessage({ components: [row(button('a')), row(button('b')), row(button('c')), row(button('d')), row(button('e')), row(button('f'))] }, create))).toEqual([
      'components[BASE_TYPE_MAX_LENGTH]',
    ]);
    expect(refusals(() => validateMessage(v2(...six), create))).toEqual([]);
  });

  it('enforces nesting: what a section, container and section accessory may hold', () => {
    expect(refusals(() => validateMessage(v2(section([row(button('a'))], thumbnail('https://x.example/p.jpg'))), create))).toEqual([
      'components.0.components.0.type[UNION_TYPE_CHOICES]',
    ]);
    expect(refusals(() => validateMessage(v2(container(container(text('x')))), create))).toEqual(['components.0.components.0.type[UNION_TYPE_CHOICES]']);
    expect(refusals(() => validateMessage(v2(section([text('x')], text('not an accessory'))), create))).toEqual(['components.0.accessory.type[UNION_TYPE_CHOICES]']);
    expect(refusals(() => validateMessage(v2(section([text('x')], undefined)), create))).toEqual(['components.0.accessory[BASE_TYPE_REQUIRED]']);
    expect(refusals(() => validateMessage(v2(thumbnail('https://x.example/p.jpg')), create))).toEqual(['components.0.type[UNION_TYPE_CHOICES]']);
    expect(refusals(() => validateMessage(v2(row(text('x'))), create))).toEqual(['components.0.components.0.type[UNION_TYPE_CHOICES]']);
  });

  it('counts sections of 1–3 text displays and galleries of 1–10 items', () => {
    const four = [text('a'), text('b'), text('c'), text('d')];
    expect(refusals(() => validateMessage(v2(section(four, thumbnail('https://x.example/p.jpg'))), create))).toEqual(['components.0.components[BASE_TYPE_BAD_LENGTH]']);
    expect(refusals(() => validateMessage(v2(section([], thumbnail('https://x.example/p.jpg'))), create))).toEqual(['components.0.components[BASE_TYPE_BAD_LENGTH]']);
    expect(refusals(() => validateMessage(v2(gallery(11)), create))).toEqual(['components.0.items[BASE_TYPE_BAD_LENGTH]']);
    expect(refusals(() => validateMessage(v2(gallery(0)), create))).toEqual(['components.0.items[BASE_TYPE_BAD_LENGTH]']);
  });

  it('counts 40 components in all, nested ones included, and 4,000 characters across text displays', () => {
    // A container with 39 texts is 40 components; one more text anywhere is 41.
    const full = container(...Array.from({ length: 39 }, (_, i) => text(`t${i}`)));
    expect(refusals(() => validateMessage(v2(full), create))).toEqual([]);
    expect(refusals(() => validateMessage(v2(full, text('one more')), create))).toEqual(['components[COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED]']);
    // A row of five buttons is six components.
    const rows = Array.from({ length: 7 }, (_, r) => row(...Array.from({ length: 5 }, (_, b) => button(`b${r}${b}`))));
    expect(refusals(() => validateMessage(v2(...rows), create))).toEqual(['components[COMPONENT_MAX_TOTAL_COMPONENTS_EXCEEDED]']);
    expect(refusals(() => validateMessage(v2(text('x'.repeat(2000)), container(text('y'.repeat(2000)))), create))).toEqual([]);
    expect(refusals(() => validateMessage(v2(text('x'.repeat(2000)), container(text('y'.repeat(2001)))), create))).toEqual(['components[MESSAGE_TEXT_DISPLAY_TOO_LONG]']);
  });

  it('keeps numeric ids unique and positive, and custom ids unique across the tree', () => {
    expect(refusals(() => validateMessage(v2({ ...text('a'), id: 7 }, container({ ...text('b'), id: 7 })), create))).toEqual(['components.1.components.0.id[COMPONENT_ID_DUPLICATED]']);
    expect(refusals(() => validateMessage(v2({ ...text('a'), id: 0 }), create))).toEqual(['components.0.id[NUMBER_TYPE_MIN]']);
    expect(refusals(() => validateMessage(v2(row(button('same')), container(section([text('x')], button('same')))), create))).toEqual([
      'components.1.components.0.accessory.custom_id[COMPONENT_CUSTOM_ID_DUPLICATED]',
    ]);
  });

  it('checks media: schemes, alt text length, spoiler type; files only from attachments', () => {
    expect(refusals(() => validateMessage(v2(section([text('x')], thumbnail('ftp://x.example/p.jpg'))), create))).toEqual(['components.0.accessory.media.url[URL_TYPE_INVALID_SCHEME]']);
    const longAlt = { type: 11, media: { url: 'https://x.example/p.jpg' }, description: 'd'.repeat(1025), spoiler: 'yes' };
    expect(refusals(() => validateMessage(v2(section([text('x')], longAlt)), create))).toEqual([
      'components.0.accessory.description[BASE_TYPE_MAX_LENGTH]',
      'components.0.accessory.spoiler[BOOLEAN_TYPE_CONVERT]',
    ]);
    expect(refusals(() => validateMessage(v2({ type: 13, file: { url: 'https://x.example/f.csv' } }), create))).toEqual(['components.0.file.url[URL_TYPE_INVALID_SCHEME]']);
    const parsed = validateMessage(v2({ type: 13, file: { url: 'attachment://diary.csv' } }, gallery(1)), create);
    expect(parsed.attachmentRefs?.map((ref) => ref.filename)).toEqual(['diary.csv']);
  });

  it('keeps the flag once set: an edit may not remove it, and an edit may add it', () => {
    expect(refusals(() => validateMessage({ flags: 0, components: [row(button('a'))] }, editOf(V2)))).toEqual(['flags[MESSAGE_CANNOT_REMOVE_COMPONENTS_V2_FLAG]']);
    // Without `flags` the message stays V2, so its components are read as V2.
    expect(refusals(() => validateMessage({ components: [text('still V2')] }, editOf(V2)))).toEqual([]);
    expect(refusals(() => validateMessage({ content: 'back to text' }, editOf(V2)))).toEqual(['content[MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2]']);
    expect(refusals(() => validateMessage({ flags: V2, components: [text('now V2')], embeds: [] }, editOf(0)))).toEqual([]);
  });
});

async function refusal(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DiscordAPIError)) throw new Error(`expected a DiscordAPIError, got ${String(error)}`);
  return error;
}

describe('Components V2 through the REST routes', () => {
  let discord: LocalDiscord;
  let bot: TinyBot;
  let guild: GuildHandle;
  let channel: TextChannel;

  beforeAll(async () => {
    discord = await LocalDiscord.start();
    guild = discord.createGuild({ name: 'Film Club' });
    bot = await startTinyBot(discord);
    channel = (await bot.client.channels.fetch(guild.defaultChannel.id)) as TextChannel;
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.stop();
  });

  it('posts a V2 message with an attached image it references, and refuses a reference to a missing file', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const sent = await channel.send({
      flags: MessageFlags.IsComponentsV2,
      components: [container(section([text('Holy Motors')], { type: 11, media: { url: 'attachment://poster.png' } }), { type: 12, items: [{ media: { url: 'attachment://chart.png' } }] })],
      files: [
        { attachment: png, name: 'poster.png' },
        { attachment: png, name: 'chart.png' },
      ],
      allowedMentions: { parse: [] },
    } as never);
    const seen = discord.message(sent.id)!;
    expect(seen.flags & MessageFlag.IsComponentsV2).not.toBe(0);
    expect(seen.attachments.map((a) => a.filename).sort()).toEqual(['chart.png', 'poster.png']);

    const missing = await refusal(
      bot.client.rest.post(Routes.channelMessages(guild.defaultChannel.id), {
        body: { flags: V2, components: [{ type: 12, items: [{ media: { url: 'attachment://nowhere.png' } }] }] },
      }),
    );
    expect(missing.code).toBe(50035);
    expect(JSON.stringify(missing.rawError)).toContain('UNFURLED_MEDIA_ATTACHMENT_NOT_FOUND');

    // An edit that drops the file while the gallery still points at it is refused too.
    const dropped = await refusal(bot.client.rest.patch(Routes.channelMessage(guild.defaultChannel.id, sent.id), { body: { attachments: [] } }));
    expect(dropped.code).toBe(50035);
    expect(discord.takeViolations().map((v) => v.rule)).toEqual(['invalid-form-body', 'invalid-form-body']);
  });

  it('never lets an edit take the flag off, and turns a classic message into V2 only when its content and embeds are cleared', async () => {
    const v2Message = await channel.send({ flags: MessageFlags.IsComponentsV2, components: [text('Tonight: Holy Motors')], allowedMentions: { parse: [] } } as never);
    const removed = await refusal(bot.client.rest.patch(Routes.channelMessage(guild.defaultChannel.id, v2Message.id), { body: { flags: 0, content: 'plain again' } }));
    expect(removed.code).toBe(50035);
    expect(JSON.stringify(removed.rawError)).toContain('MESSAGE_CANNOT_REMOVE_COMPONENTS_V2_FLAG');

    const classic = await channel.send({ content: 'Tonight', embeds: [{ title: 'Holy Motors' }], allowedMentions: { parse: [] } });
    const keptEmbeds = await refusal(bot.client.rest.patch(Routes.channelMessage(guild.defaultChannel.id, classic.id), { body: { flags: V2, components: [text('Tonight')] } }));
    expect(JSON.stringify(keptEmbeds.rawError)).toContain('MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2');
    await bot.client.rest.patch(Routes.channelMessage(guild.defaultChannel.id, classic.id), { body: { flags: V2, content: '', embeds: [], components: [text('Tonight')] } });
    const converted = discord.message(classic.id)!;
    expect(converted.flags & MessageFlag.IsComponentsV2).not.toBe(0);
    expect(converted.text).toBe('Tonight');
    expect(discord.takeViolations().map((v) => v.rule)).toEqual(['invalid-form-body', 'invalid-form-body']);
  });
});
