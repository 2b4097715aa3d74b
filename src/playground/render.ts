import type { Embed, Message, Modal } from '../local-discord/index.js';

/**
 * Draws what a Discord user would see, in a terminal: embeds as blocks of text, Discord
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

/** Discord markdown and timestamps as plain terminal text. */
export function plain(text: string, now: Date): string {
  return text
    .replace(/<t:(\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, style?: string) => {
      const at = new Date(Number(seconds) * 1000);
      return style === 'R' || style === undefined ? relativeTime(at, now) : at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    })
    .replace(/\|\|([\s\S]*?)\|\|/g, '[spoiler hidden]')
    .replace(/\*\*([\s\S]*?)\*\*/g, '$1')
    .replace(/(^|[^\\])\*([^*\n]+)\*/g, '$1$2')
    .replace(/^> /gm, '  “')
    .replace(/```\n?/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\*_~`|>#-])/g, '$1');
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

function renderEmbed(embed: Embed, now: Date): string {
  const out: string[] = [];
  if (embed.title) out.push(`  ${plain(embed.title, now).toUpperCase()}`);
  if (embed.description) out.push(wrap(plain(embed.description, now), '  '));
  for (const field of embed.fields) out.push(`  ${plain(field.name, now)}:\n${wrap(plain(field.value, now), '    ')}`);
  if (embed.footer) out.push(`  — ${plain(embed.footer.text, now)}`);
  return out.join('\n');
}

/** The message's buttons and select menus, in the order a user sees them. */
export function controlsOf(message: Message): Control[] {
  return message.components.flatMap((row) => ((row.components as Record<string, unknown>[] | undefined) ?? []).map(toControl).filter((control): control is Control => control !== undefined));
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

export function renderMessage(message: Message, author: string, now: Date): string {
  const out: string[] = [];
  out.push(`── ${author}${message.ephemeral ? ' (only you can see this)' : ''} ${'─'.repeat(Math.max(3, WIDTH - author.length - 4 - (message.ephemeral ? 26 : 0)))}`);
  if (message.content) out.push(wrap(plain(message.content, now)));
  for (const embed of message.embeds) out.push(renderEmbed(embed, now));
  for (const attachment of message.attachments) out.push(`  📎 ${attachment.filename} (${attachment.size} bytes)`);
  // Numbered in the order a user sees them, row by row; a row's buttons share one line.
  let number = 0;
  for (const row of message.components) {
    const buttons: string[] = [];
    for (const component of (row.components as Record<string, unknown>[] | undefined) ?? []) {
      const control = toControl(component);
      if (!control) continue;
      number += 1;
      if (control.kind === 'button') {
        buttons.push(`[${number}] ${control.label}${control.disabled ? ' (off)' : ''}`);
        continue;
      }
      out.push(`[${number}] ▾ ${control.label}`);
      control.options.forEach((option, i) => out.push(`     ${number}.${i + 1} ${option.label}${option.description ? ` — ${option.description}` : ''}`));
    }
    if (buttons.length) out.push(buttons.join('  '));
  }
  return out.join('\n');
}

export function renderModal(modal: Modal): string {
  return `── form: ${modal.title} ${'─'.repeat(Math.max(3, WIDTH - modal.title.length - 10))}\n(answer each field; an empty line leaves an optional field blank)`;
}
