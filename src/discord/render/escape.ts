import { escapeMarkdown as escapeEveryMarkdown } from 'discord.js';

/**
 * Characters discord.js's escapeMarkdown acts on with its default options (backslash, code, bold, italic,
 * underline, strikethrough, spoiler); headings, lists and masked links are off by default, as they are here.
 */
const MARKDOWN = /[\\`*_~|]/;

/**
 * discord.js's escapeMarkdown (default options), returning text that holds none of its characters unchanged without
 * running its dozen regular expressions: most titles and names hold none, and a /diary page escapes ten titles
 * (about 2 % of the bot's CPU per interaction under load). tests/discord/escape.test.ts checks both agree.
 */
export function escapeMarkdown(text: string): string {
  return MARKDOWN.test(text) ? escapeEveryMarkdown(text) : text;
}

/** What Discord reads as formatting at a line's start: a heading, subtext, a quote, a bulleted item. */
const LINE_START = /^(?:#{1,3}\s|-#\s|>|[-+*]\s)/;
/** A numbered item ("1. "): escaped at its dot, since a backslash before a digit would show. */
const NUMBERED = /^(\d+)(?=[.)]\s)/;

/**
 * Member text shown on one line of a message (a review's snippet): escapeMarkdown, and also what Discord reads
 * beyond it — a heading or subtext at the line's start ("# Masterpiece" would fill the card in large type) and
 * masked links ("[free nitro](https://…)" would hide where the link goes).
 */
export function escapeMemberLine(text: string): string {
  const escaped = escapeMarkdown(text).replace(/[[\]]/g, '\\$&');
  if (LINE_START.test(escaped)) return `\\${escaped}`;
  return escaped.replace(NUMBERED, '$1\\');
}
