import {
  ComponentType,
  MessageFlags,
  SeparatorSpacingSize,
  type APIButtonComponent,
  type APIEmbed,
  type APIComponentInContainer,
  type APIMessageTopLevelComponent,
  type APISectionComponent,
  type APITextDisplayComponent,
  type APIThumbnailComponent,
} from 'discord.js';
import { escapeMarkdown } from './escape.js';
import { truncate } from '../limits.js';
import type { ActionRow } from './film.js';

/**
 * Components V2 layout shared by every view Marquee draws as a "card": a container with a header (title, a few
 * lines, an optional poster or button beside them), then titled text blocks, an image gallery and buttons.
 * Views describe what to show as a `V2View`; `renderV2` lays it out and keeps it within Discord's V2 limits
 * (40 components in all, 4,000 characters across text displays), dropping the least important blocks first.
 */

/** Discord's Components V2 limits (components reference), in components or characters. */
export const V2_LIMITS = {
  components: 40,
  text: 4000,
  sectionTexts: 3,
  galleryItems: 10,
  altText: 1024,
  rowButtons: 5,
} as const;

/**
 * What a V2 message may spend on text. Below Discord's 4,000 so a card never sits at the edge: headings and joins
 * the fitter does not count exactly, and a little room for an extension's line.
 */
export const TEXT_BUDGET = 3800;
/** The most one block shows, however much it holds: a card is read at a glance. */
export const BLOCK_MAX = 1000;

export interface V2Block {
  /** Shown as a small heading above the text ("### Cast"); tests and screen readers find blocks by it. */
  heading?: string;
  text: string;
  /** A button beside the block (e.g. "Full cast"): the block becomes a section. */
  button?: APIButtonComponent;
  /** Higher survives longer when the message is over budget (default 0). */
  priority?: number;
  /** Longest the block may be (default BLOCK_MAX). */
  max?: number;
  /** A line drawn above the block: it starts a new group (the server's view after the film's facts). */
  divider?: boolean;
}

export interface MediaItem {
  url: string;
  description: string;
}

export interface V2File {
  attachment: Buffer;
  name: string;
  description?: string;
}

export interface V2View {
  /** The title line, shown as a heading. Already escaped by the caller. */
  title: string;
  /** Lines under the title, beside the thumbnail. */
  subtitle?: string[];
  thumbnail?: MediaItem;
  accent?: number;
  blocks: V2Block[];
  /** Images in a gallery after the blocks (charts, posters). */
  gallery?: MediaItem[];
  /** A small grey line at the bottom of the container. */
  footer?: string;
  /** Buttons and menus inside the container, under everything else. */
  rows?: ActionRow[];
  files?: V2File[];
}

export interface V2Message {
  flags: MessageFlags.IsComponentsV2;
  components: APIMessageTopLevelComponent[];
  files?: V2File[];
}

/**
 * The edit that puts a V2 payload on an existing message. A classic message (one sent before cards were V2) can
 * become V2 only if the edit clears its content and embeds; a V2 message keeps its flag by itself.
 */
export function asEditOf<T extends object>(existingFlags: number | bigint | null | undefined, payload: T): T & { content?: string; embeds?: [] } {
  const isV2 = (BigInt(existingFlags ?? 0) & BigInt(MessageFlags.IsComponentsV2)) !== 0n;
  return isV2 ? payload : { ...payload, content: '', embeds: [] };
}

export const text = (content: string): APITextDisplayComponent => ({ type: ComponentType.TextDisplay, content });
export const divider = (large = false) => ({ type: ComponentType.Separator as const, divider: true, spacing: large ? SeparatorSpacingSize.Large : SeparatorSpacingSize.Small });

function thumbnail(media: MediaItem): APIThumbnailComponent {
  return { type: ComponentType.Thumbnail, media: { url: media.url }, description: truncate(media.description, V2_LIMITS.altText) };
}

function blockText(block: V2Block): string {
  const body = truncate(block.text, block.max ?? BLOCK_MAX);
  return block.heading ? `### ${block.heading}\n${body}` : body;
}

/** Components a list of top-level components counts for, nested ones included. */
export function componentCount(components: readonly unknown[]): number {
  let count = 0;
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    count += 1;
    if (Array.isArray(record.components)) record.components.forEach(walk);
    if (record.accessory) walk(record.accessory);
  };
  components.forEach(walk);
  return count;
}

/** Characters across every text display. */
export function textLength(components: readonly unknown[]): number {
  let length = 0;
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === ComponentType.TextDisplay && typeof record.content === 'string') length += [...record.content].length;
    if (Array.isArray(record.components)) record.components.forEach(walk);
  };
  components.forEach(walk);
  return length;
}

function layout(view: V2View, blocks: readonly V2Block[]): APIComponentInContainer[] {
  const inner: APIComponentInContainer[] = [];
  const headTexts = [text(truncate(`## ${view.title}`, 300))];
  if (view.subtitle?.length) headTexts.push(text(truncate(view.subtitle.join('\n'), 1000)));
  if (view.thumbnail) inner.push({ type: ComponentType.Section, components: headTexts, accessory: thumbnail(view.thumbnail) } satisfies APISectionComponent);
  else inner.push(...headTexts);
  blocks.forEach((block, index) => {
    if (block.divider) inner.push(divider(index > 0));
    if (block.button) inner.push({ type: ComponentType.Section, components: [text(blockText(block))], accessory: block.button });
    else inner.push(text(blockText(block)));
  });
  if (view.gallery?.length) {
    inner.push({
      type: ComponentType.MediaGallery,
      items: view.gallery.slice(0, V2_LIMITS.galleryItems).map((item) => ({ media: { url: item.url }, description: truncate(item.description, V2_LIMITS.altText) })),
    });
  }
  if (view.footer) inner.push(text(`-# ${truncate(view.footer, 500)}`));
  if (view.rows?.length) inner.push(...view.rows);
  return inner;
}

/**
 * The view as a V2 message. `around` are top-level components outside the container (a note above it, a menu or a
 * pager under it) that the budget must leave room for. Blocks are dropped, least important and then last first,
 * until the whole message is within the limits.
 */
export function renderV2(view: V2View, around: { before?: APIMessageTopLevelComponent[]; after?: APIMessageTopLevelComponent[] } = {}): V2Message {
  const before = around.before ?? [];
  const after = around.after ?? [];
  const build = (blocks: readonly V2Block[]): APIMessageTopLevelComponent[] => [
    ...before,
    { type: ComponentType.Container, ...(view.accent !== undefined && { accent_color: view.accent }), components: layout(view, blocks) },
    ...after,
  ];
  let blocks = view.blocks.filter((block) => block.text.trim().length > 0);
  let components = build(blocks);
  // Drop order: lowest priority first, and among equals the block shown last.
  const dropOrder = blocks
    .map((block, index) => ({ block, index }))
    .sort((a, b) => (a.block.priority ?? 0) - (b.block.priority ?? 0) || b.index - a.index)
    .map((entry) => entry.block);
  while ((componentCount(components) > V2_LIMITS.components || textLength(components) > TEXT_BUDGET) && dropOrder.length > 0) {
    const dropped = dropOrder.shift();
    blocks = blocks.filter((block) => block !== dropped);
    components = build(blocks);
  }
  return { flags: MessageFlags.IsComponentsV2, components, ...(view.files?.length && { files: view.files }) };
}

/** A short note above a card ("Closest match for …"), as its own text display outside the container. */
export function note(content: string): APITextDisplayComponent {
  return text(truncate(content, 500));
}

/**
 * A view written for a classic embed (title, description, fields, footer) as a V2 view: the description becomes
 * the first block, each field a titled block (consecutive inline fields share one text display, side by side in
 * an embed and one under the other here), the footer the small print. Lets every view keep its one wording.
 */
export function viewFromEmbed(embed: APIEmbed, extra: Partial<V2View> = {}): V2View {
  const blocks: V2Block[] = [];
  if (embed.description) blocks.push({ text: embed.description, priority: 9, max: 2000 });
  const fields = embed.fields ?? [];
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field.inline) {
      const group = [field];
      while (fields[index + 1]?.inline) group.push(fields[++index]!);
      blocks.push({ text: group.map((item) => `### ${item.name}\n${item.value}`).join('\n'), priority: 5 - blocks.length * 0.01, max: 1500 });
    } else {
      blocks.push({ heading: field.name, text: field.value, priority: 5 - blocks.length * 0.01 });
    }
  }
  // A line between the header and the body, as under an embed's title.
  if (blocks[0]) blocks[0].divider = true;
  return {
    title: escapeMarkdown(embed.title ?? ''),
    ...(embed.color !== undefined && { accent: embed.color }),
    ...(embed.thumbnail && { thumbnail: { url: embed.thumbnail.url, description: embed.title ?? 'Image' } }),
    blocks,
    ...(embed.footer && { footer: embed.footer.text }),
    ...extra,
  };
}
