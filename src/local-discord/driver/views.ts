import type { Emulator } from '../emulator.js';
import type { InteractionRecord } from '../interactions.js';
import { apiMessage } from '../serialize.js';
import { ComponentKind, isSelectKind } from '../validate/components.js';
import { isRecord } from '../validate/fields.js';
import { MessageFlag, type AllowedMentions } from '../validate/messages.js';
import type { ModalInput } from '../validate/modal.js';
import { V2View } from './v2view.js';
import type { AttachmentRecord, MessageRecord } from '../world.js';

export interface EmbedField {
  name: string;
  value: string;
  inline: boolean;
}

/** One embed as the user sees it. */
export class Embed {
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly url: string | undefined;
  readonly color: number | undefined;
  readonly timestamp: string | undefined;
  readonly footer: { text: string; iconUrl?: string } | undefined;
  readonly author: { name: string; url?: string; iconUrl?: string } | undefined;
  readonly image: { url: string } | undefined;
  readonly thumbnail: { url: string } | undefined;
  readonly fields: EmbedField[];

  constructor(readonly raw: Record<string, unknown>) {
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    const obj = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);
    this.title = text(raw.title);
    this.description = text(raw.description);
    this.url = text(raw.url);
    this.color = typeof raw.color === 'number' ? raw.color : undefined;
    this.timestamp = text(raw.timestamp);
    const footer = obj(raw.footer);
    this.footer = footer ? { text: text(footer.text) ?? '', ...(text(footer.icon_url) && { iconUrl: text(footer.icon_url) }) } : undefined;
    const author = obj(raw.author);
    this.author = author
      ? { name: text(author.name) ?? '', ...(text(author.url) && { url: text(author.url) }), ...(text(author.icon_url) && { iconUrl: text(author.icon_url) }) }
      : undefined;
    const image = obj(raw.image);
    this.image = image ? { url: text(image.url) ?? '' } : undefined;
    const thumbnail = obj(raw.thumbnail);
    this.thumbnail = thumbnail ? { url: text(thumbnail.url) ?? '' } : undefined;
    this.fields = (Array.isArray(raw.fields) ? raw.fields : []).filter(isRecord).map((f) => ({
      name: text(f.name) ?? '',
      value: text(f.value) ?? '',
      inline: f.inline === true,
    }));
  }

  field(name: string): EmbedField | undefined {
    return this.fields.find((f) => f.name === name);
  }

  /** Every visible string of the embed, one per line. */
  get text(): string {
    return [this.author?.name, this.title, this.description, ...this.fields.flatMap((f) => [f.name, f.value]), this.footer?.text]
      .filter((s): s is string => typeof s === 'string' && s.length > 0)
      .join('\n');
  }
}

/** A file attached to a message, with its bytes. */
export class Attachment {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly contentType: string | null;
  readonly description: string | undefined;
  readonly url: string;
  readonly ephemeral: boolean;
  readonly bytes: Buffer;

  constructor(record: AttachmentRecord) {
    this.id = record.id;
    this.filename = record.filename;
    this.size = record.size;
    this.contentType = record.contentType;
    this.description = record.description;
    this.url = record.url;
    this.ephemeral = record.ephemeral;
    this.bytes = Buffer.from(record.data);
  }

  text(): string {
    return this.bytes.toString('utf8');
  }
}

export interface ButtonView {
  label: string | undefined;
  customId: string | undefined;
  style: number;
  disabled: boolean;
  url: string | undefined;
  emoji: string | undefined;
  raw: Record<string, unknown>;
}

export interface SelectOptionView {
  label: string;
  value: string;
  description: string | undefined;
  default: boolean;
}

export interface SelectView {
  type: number;
  customId: string;
  placeholder: string | undefined;
  minValues: number;
  maxValues: number;
  disabled: boolean;
  options: SelectOptionView[];
  raw: Record<string, unknown>;
}

/** Walks a component tree (rows, sections, containers, labels) depth-first. */
export function allComponents(components: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (!isRecord(node)) return;
    out.push(node);
    if (Array.isArray(node.components)) node.components.forEach(walk);
    if (node.accessory !== undefined) walk(node.accessory);
    if (node.component !== undefined) walk(node.component);
  };
  components.forEach(walk);
  return out;
}

function toButton(raw: Record<string, unknown>): ButtonView {
  const emoji = isRecord(raw.emoji) ? (typeof raw.emoji.name === 'string' ? raw.emoji.name : String(raw.emoji.id)) : undefined;
  return {
    label: typeof raw.label === 'string' ? raw.label : undefined,
    customId: typeof raw.custom_id === 'string' ? raw.custom_id : undefined,
    style: typeof raw.style === 'number' ? raw.style : 1,
    disabled: raw.disabled === true,
    url: typeof raw.url === 'string' ? raw.url : undefined,
    emoji,
    raw,
  };
}

export function toSelect(raw: Record<string, unknown>): SelectView {
  const options = (Array.isArray(raw.options) ? raw.options : []).filter(isRecord).map((o) => ({
    label: String(o.label ?? ''),
    value: String(o.value ?? ''),
    description: typeof o.description === 'string' ? o.description : undefined,
    default: o.default === true,
  }));
  return {
    type: raw.type as number,
    customId: String(raw.custom_id ?? ''),
    placeholder: typeof raw.placeholder === 'string' ? raw.placeholder : undefined,
    minValues: typeof raw.min_values === 'number' ? raw.min_values : 1,
    maxValues: typeof raw.max_values === 'number' ? raw.max_values : 1,
    disabled: raw.disabled === true,
    options,
    raw,
  };
}

/**
 * A message exactly as one user sees it at one moment (a snapshot). `followUps` and `latest()` look at the live
 * state of the emulator.
 */
export class Message {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly authorId: string;
  readonly type: number;
  readonly content: string;
  readonly embeds: Embed[];
  /** Raw component JSON as the bot sent it (with the numeric ids Discord assigns). */
  readonly components: Record<string, unknown>[];
  readonly flags: number;
  readonly attachments: Attachment[];
  /** `allowed_mentions` as the bot sent it on its latest write (undefined when it sent none). */
  readonly allowedMentions: AllowedMentions | null | undefined;
  /** Who this message actually pinged. */
  readonly mentions: { users: string[]; roles: string[]; everyone: boolean };
  readonly createdAt: Date;
  readonly editedAt: Date | null;
  /** The API object Discord would return for it. */
  readonly raw: Record<string, unknown>;
  /** The interaction whose response or follow-up this message is (if any). */
  readonly interactionId: string | undefined;

  constructor(
    private readonly emulator: Emulator,
    record: MessageRecord,
    /** The interaction a driver action performed, when this message is that action's result. */
    private readonly resultOf?: InteractionRecord,
  ) {
    this.id = record.id;
    this.channelId = record.channelId;
    this.guildId = record.guildId;
    this.authorId = record.authorId;
    this.type = record.type;
    this.content = record.content;
    this.embeds = record.embeds.map((e) => new Embed(structuredClone(e)));
    this.components = structuredClone(record.components);
    this.flags = record.flags;
    this.attachments = record.attachments.map((a) => new Attachment(a));
    this.allowedMentions = record.allowedMentions === undefined ? undefined : structuredClone(record.allowedMentions);
    this.mentions = structuredClone(record.mentions);
    this.createdAt = new Date(record.createdAt);
    this.editedAt = record.editedAt ? new Date(record.editedAt) : null;
    this.raw = apiMessage(emulator.world, record) as unknown as Record<string, unknown>;
    this.interactionId = record.interactionId;
  }

  get ephemeral(): boolean {
    return (this.flags & MessageFlag.Ephemeral) !== 0;
  }

  /** A deferred reply still "thinking". */
  get loading(): boolean {
    return (this.flags & MessageFlag.Loading) !== 0;
  }

  get embed(): Embed | undefined {
    return this.embeds[0];
  }

  /** Whether the bot sent this message with the IS_COMPONENTS_V2 flag. */
  get componentsV2(): boolean {
    return (this.flags & MessageFlag.IsComponentsV2) !== 0;
  }

  /** The message's Components V2 layout as a reader sees it (undefined for a classic message). */
  get v2(): V2View | undefined {
    return this.componentsV2 ? new V2View(this.components) : undefined;
  }

  buttons(): ButtonView[] {
    return allComponents(this.components).filter((c) => c.type === ComponentKind.Button).map(toButton);
  }

  button(labelOrCustomId: string): ButtonView | undefined {
    return this.buttons().find((b) => b.label === labelOrCustomId || b.customId === labelOrCustomId);
  }

  selects(): SelectView[] {
    return allComponents(this.components).filter((c) => isSelectKind(c.type)).map(toSelect);
  }

  /** Every visible string: content, embeds, text displays, button labels. */
  get text(): string {
    const displays = allComponents(this.components)
      .filter((c) => c.type === ComponentKind.TextDisplay && typeof c.content === 'string')
      .map((c) => c.content as string);
    return [this.content, ...this.embeds.map((e) => e.text), ...displays].filter((s) => s.length > 0).join('\n');
  }

  private interaction(): InteractionRecord | undefined {
    return this.resultOf ?? (this.interactionId ? this.emulator.interactions.get(this.interactionId) : undefined);
  }

  /** Follow-up messages of the interaction that produced this result, as its user sees them now. */
  get followUps(): Message[] {
    const record = this.interaction();
    if (!record) return [];
    return record.followUpIds
      .map((id) => this.emulator.world.messages.get(id))
      .filter((m): m is MessageRecord => m !== undefined && !m.deleted)
      .map((m) => new Message(this.emulator, m));
  }

  /** Waits for the `index`-th follow-up (0-based) of the interaction behind this message (the timeout bounds a failure). */
  async waitForFollowUp(index = 0, timeoutMs = 15_000): Promise<Message> {
    const record = this.interaction();
    if (!record) throw new Error(`message ${this.id} does not come from an interaction`);
    const found = (): Message | undefined => this.followUps[index];
    const existing = found();
    if (existing) return existing;
    return new Promise((resolve, reject) => {
      // A follow-up is announced before it is filed under its interaction: look once the route is done.
      const onCreated = (): void => void setImmediate(check);
      const check = (): void => {
        const message = found();
        if (!message) return;
        clearTimeout(timer);
        this.emulator.bus.off('message-created', onCreated);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.emulator.bus.off('message-created', onCreated);
        reject(new Error(`no follow-up #${index} to ${record.label} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.emulator.bus.on('message-created', onCreated);
    });
  }

  /** The current state of this message, or undefined when it was deleted. */
  latest(): Message | undefined {
    const record = this.emulator.world.messages.get(this.id);
    if (!record || record.deleted) return undefined;
    return new Message(this.emulator, record, this.resultOf);
  }
}

export interface TextInputView {
  kind: 'text';
  customId: string;
  label: string;
  description: string | undefined;
  style: 'short' | 'paragraph';
  required: boolean;
  minLength: number | undefined;
  maxLength: number | undefined;
  placeholder: string | undefined;
  /** Prefilled value. */
  value: string | undefined;
}

export interface ModalSelectView extends SelectView {
  kind: 'select';
  label: string;
  required: boolean;
}

export type ModalFieldView = TextInputView | ModalSelectView;

/** A modal the bot opened for one user. */
export class Modal {
  readonly customId: string;
  readonly title: string;
  readonly fields: ModalFieldView[];
  readonly raw: ModalInput;

  constructor(
    /** The interaction the bot answered with this modal. */
    readonly interactionId: string,
    readonly userId: string,
    modal: ModalInput,
  ) {
    this.raw = structuredClone(modal);
    this.customId = modal.custom_id;
    this.title = modal.title;
    this.fields = modalFields(modal.components);
  }

  get inputs(): TextInputView[] {
    return this.fields.filter((f): f is TextInputView => f.kind === 'text');
  }

  field(customId: string): ModalFieldView | undefined {
    return this.fields.find((f) => f.customId === customId);
  }
}

function textInput(raw: Record<string, unknown>, label: string, description: string | undefined): TextInputView {
  return {
    kind: 'text',
    customId: String(raw.custom_id),
    label,
    description,
    style: raw.style === 2 ? 'paragraph' : 'short',
    required: raw.required !== false,
    minLength: typeof raw.min_length === 'number' ? raw.min_length : undefined,
    maxLength: typeof raw.max_length === 'number' ? raw.max_length : undefined,
    placeholder: typeof raw.placeholder === 'string' ? raw.placeholder : undefined,
    value: typeof raw.value === 'string' ? raw.value : undefined,
  };
}

function modalFields(components: Record<string, unknown>[]): ModalFieldView[] {
  const fields: ModalFieldView[] = [];
  for (const component of components) {
    if (component.type === ComponentKind.ActionRow && Array.isArray(component.components)) {
      for (const child of component.components.filter(isRecord)) {
        if (child.type === ComponentKind.TextInput) fields.push(textInput(child, String(child.label ?? ''), undefined));
      }
    } else if (component.type === ComponentKind.Label && isRecord(component.component)) {
      const label = String(component.label ?? '');
      const description = typeof component.description === 'string' ? component.description : undefined;
      const child = component.component;
      if (child.type === ComponentKind.TextInput) fields.push(textInput(child, label, description));
      else if (child.type === ComponentKind.StringSelect) {
        fields.push({ ...toSelect(child), kind: 'select', label, required: child.required !== false });
      }
    }
  }
  return fields;
}
