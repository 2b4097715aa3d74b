import type { Embed, Message, Modal } from '../local-discord/index.js';

/**
 * Draws what a Discord user would see, in a terminal: embeds and Components V2 layouts as blocks of text (images
 * as the path the playground saved them to), Discord
 * timestamps as "5 minutes ago", markdown escapes undone, and every button and select menu
 * numbered so that typing its number presses it.
 */
export interface Control {
  kind: 'button' | 'select';
  label: string;
  customId: string;
  disabled: boolean;
  options: { label: string; value: string; description?: string }[];
}

const WIDTH = 78;

export function relativeTime(at: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const units: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Number.POSITIVE_INFINITY, 'year'],
  ];
  let value = abs;
  let unit = 'second';
  for (const [size, name] of units) {
    unit = name;
    if (value < size) break;
    value = Math.floor(value / size);
  }
  if (unit === 'second' && value < 10) return future ? 'in a moment' : 'just now';
  const text = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${text}` : `${text} ago`;
}

/** What mentions name in the server: a member's, channel's or role's name by id (undefined: unknown). */
export interface Names {
  member(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

const NO_NAMES: Names = { member: () => undefined, channel: () => undefined, role: () => undefined };

/**
 * Discord markdown, mentions and timestamps as plain terminal text, as the Discord client shows them: `<#id>` is
 * #name, `<@id>` @name, bold/italic/underline/strikethrough/code lose their marks, a heading stands alone, a masked
 * link shows its text and address, spoilers stay hidden, and escaped characters are themselves.
 */
export function plain(text: string, now: Date, names: Names = NO_NAMES): string {
  return text
    .replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, style?: string) => {
      const at = new Date(Number(seconds) * 1000);
      return style === 'R' || style === undefined ? relativeTime(at, now) : at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    })
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id) ?? 'unknown-channel'}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.role(id) ?? 'unknown-role'}`)
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.member(id) ?? 'unknown-user'}`)
    .replace(/\|\|([\s\S]*?)\|\|/g, '[spoiler hidden]')
    .replace(/\[([^\]\n]+)\]\(<?(https?:[^)\s>]+)>?\)/g, '$1 ($2)')
    .replace(/^(?:#{1,3}|-#) +/gm, '')
    .replace(/\*\*([\s\S]*?)\*\*/g, '$1')
    .replace(/__([\s\S]*?)__/g, '$1')
    .replace(/~~([\s\S]*?)~~/g, '$1')
    .replace(/(^|[^\\*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/(^|[^\\\w])_([^_\n]+)_(?!\w)/g, '$1$2')
    .replace(/^> /gm, '  “')
    .replace(/```\w*\n?/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\*_~`|>#\[\]()-])/g, '$1');
}

function wrap(text: string, indent = ''): string {
  return text
    .split('\n')
    .map((line) => {
      const words = line.split(' ');
      const lines: string[] = [];
      let current = '';
      for (const word of words) {
        if ((current + ' ' + word).trim().length > WIDTH - indent.length && current) {
          lines.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      lines.push(current);
      return lines.map((l) => indent + l).join('\n');
    })
    .join('\n');
}

function renderEmbed(embed: Embed, now: Date, names: Names): string {
  const out: string[] = [];
  if (embed.title) out.push(`  ${plain(embed.title, now, names).toUpperCase()}`);
  if (embed.description) out.push(wrap(plain(embed.description, now, names), '  '));
  for (const field of embed.fields) out.push(`  ${plain(field.name, now, names)}:\n${wrap(plain(field.value, now, names), '    ')}`);
  if (embed.footer) out.push(`  — ${plain(embed.footer.text, now, names)}`);
  return out.join('\n');
}

export interface RenderOptions {
  /** The message's number in the playground (#4), to press its buttons later. */
  number?: number;
  names?: Names;
  /** Where each attachment (by id) was saved. */
  saved?: ReadonlyMap<string, string>;
}

/** The message's buttons and select menus, in the order a user sees them (inside containers and sections too). */
export function controlsOf(message: Message): Control[] {
  const controls: Control[] = [];
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const component = node as Record<string, unknown>;
    const control = toControl(component);
    if (control) controls.push(control);
    if (Array.isArray(component.components)) component.components.forEach(walk);
    if (component.accessory) walk(component.accessory);
  };
  message.components.forEach(walk);
  return controls;
}

function toControl(component: Record<string, unknown>): Control | undefined {
  if (component.type === 2 && typeof component.custom_id === 'string') {
    return { kind: 'button', label: String(component.label ?? component.custom_id), customId: component.custom_id, disabled: component.disabled === true, options: [] };
  }
  if (component.type === 3) {
    const options = (component.options as { label: string; value: string; description?: string }[]) ?? [];
    return { kind: 'select', label: String(component.placeholder ?? 'Choose'), customId: String(component.custom_id), disabled: component.disabled === true, options };
  }
  return undefined;
}

interface Drawing {
  out: string[];
  number: number;
  now: Date;
  names: Names;
  /** attachment file name → where the playground saved it. */
  files: ReadonlyMap<string, string>;
}

function buttonText(control: Control, number: number): string {
  return `[${number}] ${control.label}${control.disabled ? ' (off)' : ''}`;
}

/** An image a V2 message shows: an attached one says where it was saved, a link shows its address. */
function mediaLine(raw: unknown, drawing: Drawing, kind: string): string {
  const item = (raw ?? {}) as { media?: { url?: string }; description?: string; url?: string };
  const url = item.media?.url ?? item.url ?? '';
  const attached = /^attachment:\/\/(.+)$/.exec(url)?.[1];
  const where = attached ? (drawing.files.get(attached) ? `saved to ${drawing.files.get(attached)}` : attached) : url;
  return `${kind} ${item.description ? `${plain(item.description, drawing.now, drawing.names)} ` : ''}(${where})`;
}

/** Components V2 as indented text: a container is a framed block, a section's image or button sits beside its text. */
function drawComponent(node: unknown, drawing: Drawing, indent: string): void {
  if (typeof node !== 'object' || node === null) return;
  const component = node as Record<string, unknown>;
  const { out } = drawing;
  switch (component.type) {
    case 1: {
      const buttons: string[] = [];
      for (const child of (component.components as Record<string, unknown>[] | undefined) ?? []) {
        const control = toControl(child);
        if (!control) continue;
        drawing.number += 1;
        if (control.kind === 'button') {
          buttons.push(buttonText(control, drawing.number));
          continue;
        }
        out.push(`${indent}[${drawing.number}] ▾ ${control.label}`);
        control.options.forEach((option, i) => out.push(`${indent}     ${drawing.number}.${i + 1} ${option.label}${option.description ? ` — ${option.description}` : ''}`));
      }
      if (buttons.length) out.push(indent + buttons.join('  '));
      return;
    }
    case 10: {
      const content = String(component.content ?? '');
      // Headings in capitals, small print after a dash, the rest wrapped.
      for (const line of content.split('\n')) {
        if (/^#{1,3} /.test(line)) out.push(`${indent}${plain(line, drawing.now, drawing.names).toUpperCase()}`);
        else if (line.startsWith('-# ')) out.push(`${indent}— ${plain(line, drawing.now, drawing.names)}`);
        else out.push(wrap(plain(line, drawing.now, drawing.names), indent));
      }
      return;
    }
    case 9: {
      const accessory = component.accessory as Record<string, unknown> | undefined;
      if (accessory?.type === 11) out.push(`${indent}${mediaLine(accessory, drawing, '🖼')}`);
      ((component.components as unknown[]) ?? []).forEach((child) => drawComponent(child, drawing, indent));
      const control = accessory ? toControl(accessory) : undefined;
      if (control) {
        drawing.number += 1;
        out.push(`${indent}${buttonText(control, drawing.number)}`);
      }
      return;
    }
    case 12:
      for (const item of (component.items as unknown[]) ?? []) out.push(`${indent}${mediaLine(item, drawing, '🖼')}`);
      return;
    case 13:
      out.push(`${indent}${mediaLine(component.file, drawing, '📎')}`);
      return;
    case 14:
      out.push(component.divider === false ? '' : `${indent}${'┄'.repeat(Math.max(3, WIDTH - indent.length - 2))}`);
      return;
    case 17:
      out.push(`  ┌${'─'.repeat(WIDTH - 4)}`);
      ((component.components as unknown[]) ?? []).forEach((child) => drawComponent(child, drawing, '  │ '));
      out.push(`  └${'─'.repeat(WIDTH - 4)}`);
      return;
    default:
      return;
  }
}

export function renderMessage(message: Message, author: string, now: Date, options: RenderOptions = {}): string {
  const names = options.names ?? NO_NAMES;
  const out: string[] = [];
  const head = `${options.number === undefined ? '' : `#${options.number} `}${author}${message.ephemeral ? ' (only you can see this)' : ''}`;
  out.push(`── ${head} ${'─'.repeat(Math.max(3, WIDTH - head.length - 4))}`);
  if (message.content) out.push(wrap(plain(message.content, now, names)));
  for (const embed of message.embeds) out.push(renderEmbed(embed, now, names));
  const files = new Map<string, string>();
  for (const attachment of message.attachments) {
    const saved = options.saved?.get(attachment.id);
    if (saved) files.set(attachment.filename, saved);
  }
  const shown = new Set<string>();
  if (message.componentsV2) {
    // A V2 message shows its files only where a component points at them.
    const json = JSON.stringify(message.components);
    for (const match of json.matchAll(/attachment:\/\/([^"]+)/g)) shown.add(match[1]!);
  }
  for (const attachment of message.attachments) {
    if (shown.has(attachment.filename)) continue;
    const saved = options.saved?.get(attachment.id);
    out.push(`  📎 ${attachment.filename} (${attachment.size} bytes)${saved ? ` → saved to ${saved}` : ''}`);
  }
  // Numbered in the order a user sees them; a row's buttons share one line.
  const drawing: Drawing = { out, number: 0, now, names, files };
  for (const component of message.components) drawComponent(component, drawing, '');
  return out.join('\n');
}

export function renderModal(modal: Modal): string {
  return `── form: ${modal.title} ${'─'.repeat(Math.max(3, WIDTH - modal.title.length - 10))}\n(answer each field; an empty line leaves an optional field blank)`;
}
