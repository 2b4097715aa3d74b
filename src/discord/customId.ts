import { LIMITS } from './limits.js';

/**
 * Every button, select menu and modal Marquee sends carries a custom_id of the form
 * `<command>:<action>[:<arg>...]`, so the router knows which command file handles it and the
 * command can validate its arguments. Parts may not contain ':'; the whole stays within 100 chars.
 */
export interface ParsedCustomId {
  command: string;
  action: string;
  args: string[];
}

const PART = /^[^:]*$/;
const NAME = /^[a-z0-9_-]{1,32}$/;

export function customId(command: string, action: string, ...args: (string | number)[]): string {
  const parts = [command, action, ...args.map(String)];
  if (!NAME.test(command) || !NAME.test(action)) throw new Error(`invalid custom_id name in ${parts.join(':')}`);
  if (!parts.every((part) => PART.test(part))) throw new Error(`custom_id part contains ':' in ${parts.join(':')}`);
  const id = parts.join(':');
  if (id.length > LIMITS.customId) throw new Error(`custom_id longer than ${LIMITS.customId} chars: ${id}`);
  return id;
}

/** Returns null for anything that is not one of ours (malformed, too long, from another bot version). */
export function parseCustomId(raw: string): ParsedCustomId | null {
  if (raw.length === 0 || raw.length > LIMITS.customId) return null;
  const [command, action, ...args] = raw.split(':');
  if (!command || !action || !NAME.test(command) || !NAME.test(action)) return null;
  return { command, action, args };
}
