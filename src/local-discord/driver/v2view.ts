import { ComponentKind } from '../validate/components.js';
import { isRecord } from '../validate/fields.js';

/**
 * A Components V2 message read the way a person reads it: its text displays in order, the images beside sections
 * (thumbnails) and in galleries, and the text under each markdown heading. Tests find a card's "Cast" or
 * "In this server" by heading, as a reader would, without depending on how the bot nested the components.
 */
export interface MediaView {
  url: string;
  description: string | undefined;
}

export class V2View {
  /** Every text display, in reading order. */
  readonly texts: string[] = [];
  /** Section accessories that are images (a card's poster). */
  readonly thumbnails: MediaView[] = [];
  /** Items of every media gallery, in order. */
  readonly gallery: MediaView[] = [];
  /** `attachment://` names of file components. */
  readonly files: string[] = [];
  /** Accent colours of the containers. */
  readonly accents: (number | undefined)[] = [];
  /** Index in `texts` of the first text display after the first separator (where a card's body starts). */
  private bodyStart = -1;

  constructor(readonly components: readonly Record<string, unknown>[]) {
    const media = (raw: unknown): MediaView => {
      const item = isRecord(raw) ? raw : {};
      const inner = isRecord(item.media) ? item.media : {};
      return { url: String(inner.url ?? ''), description: typeof item.description === 'string' ? item.description : undefined };
    };
    const walk = (node: unknown): void => {
      if (!isRecord(node)) return;
      if (node.type === ComponentKind.Separator && this.bodyStart < 0) this.bodyStart = this.texts.length;
      if (node.type === ComponentKind.TextDisplay && typeof node.content === 'string') this.texts.push(node.content);
      if (node.type === ComponentKind.Container) this.accents.push(typeof node.accent_color === 'number' ? node.accent_color : undefined);
      if (node.type === ComponentKind.MediaGallery && Array.isArray(node.items)) this.gallery.push(...node.items.map(media));
      if (node.type === ComponentKind.File && isRecord(node.file)) this.files.push(String(node.file.url ?? ''));
      if (Array.isArray(node.components)) node.components.forEach(walk);
      if (isRecord(node.accessory)) {
        if (node.accessory.type === ComponentKind.Thumbnail) this.thumbnails.push(media(node.accessory));
        else walk(node.accessory);
      }
    };
    components.forEach(walk);
  }

  /** All the text, one display per paragraph. */
  get text(): string {
    return this.texts.join('\n');
  }

  /** The first heading line ("## Holy Motors (2012)" → "Holy Motors (2012)"). */
  get title(): string | undefined {
    for (const content of this.texts) {
      const match = /^#{1,3} (.+)$/m.exec(content);
      if (match) return match[1];
    }
    return undefined;
  }

  /** Small grey lines ("-# ...") — a card's footer. */
  get smallPrint(): string[] {
    return this.texts.flatMap((content) => content.split('\n').filter((line) => line.startsWith('-# ')).map((line) => line.slice(3)));
  }

  /** The text under a heading (any level) up to the next heading, or undefined when no heading says `name`. */
  block(name: string): string | undefined {
    for (const content of this.texts) {
      const lines = content.split('\n');
      const start = lines.findIndex((line) => /^#{1,3} /.test(line) && line.replace(/^#{1,3} /, '') === name);
      if (start < 0) continue;
      const end = lines.findIndex((line, index) => index > start && /^#{1,3} /.test(line));
      return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
    }
    return undefined;
  }

  /** A titled block as `{ name, value }`, the shape an embed field had (undefined when no heading says `name`). */
  field(name: string): { name: string; value: string } | undefined {
    const value = this.block(name);
    return value === undefined ? undefined : { name, value };
  }

  /** The first text of the body (after the header), when it has no heading: a view's description. */
  get description(): string | undefined {
    const first = this.bodyStart < 0 ? undefined : this.texts[this.bodyStart];
    return first === undefined || /^#{1,3} /.test(first) || first.startsWith('-# ') ? undefined : first;
  }

  /** The small print as one line, the place an embed's footer had. */
  get footer(): { text: string } | undefined {
    return this.smallPrint.length ? { text: this.smallPrint.join('\n') } : undefined;
  }

  /** Every heading, in order. */
  headings(): string[] {
    return this.texts.flatMap((content) => content.split('\n').filter((line) => /^#{1,3} /.test(line)).map((line) => line.replace(/^#{1,3} /, '')));
  }
}
