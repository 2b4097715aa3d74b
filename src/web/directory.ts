import { DiscordAPIError, type Client } from 'discord.js';
import type { MemberAccess } from '../permissions.js';

export interface DirectoryMember extends MemberAccess {
  /** The name the server shows (nickname, else display name). */
  name: string;
}

/**
 * What the website asks Discord, through the bot's own eyes: which servers the bot is in, and whether someone is a
 * member of one, with their permissions and roles there (the same facts an interaction carries, so the same
 * moderator rule applies).
 */
export interface GuildDirectory {
  guild(guildId: string): { id: string; name: string } | undefined;
  /** `fresh`: ask Discord now rather than trust a remembered answer (every change does: no permission caching). */
  member(guildId: string, userId: string, options?: { fresh?: boolean }): Promise<DirectoryMember | undefined>;
}

const MEMBER_TTL_MS = 30_000;

/**
 * The bot's discord.js client as a directory. A member lookup is one REST call (no privileged intent needed),
 * remembered for 30 s so a browsing member costs Discord one request per half minute, while someone who left or
 * lost a role loses access to the pages within that time. Changes ask with `fresh`, so a moderator whose role was
 * removed a second ago can no longer change anything (found by the hardening suite, tests/hardening/permissions).
 */
export class ClientDirectory implements GuildDirectory {
  readonly #client: Client;
  readonly #members = new Map<string, { at: number; member: DirectoryMember | undefined }>();

  constructor(client: Client) {
    this.#client = client;
  }

  guild(guildId: string): { id: string; name: string } | undefined {
    const guild = this.#client.guilds.cache.get(guildId);
    return guild ? { id: guild.id, name: guild.name } : undefined;
  }

  async member(guildId: string, userId: string, options: { fresh?: boolean } = {}): Promise<DirectoryMember | undefined> {
    const key = `${guildId}:${userId}`;
    const cached = this.#members.get(key);
    if (!options.fresh && cached && Date.now() - cached.at < MEMBER_TTL_MS) return cached.member;
    const guild = this.#client.guilds.cache.get(guildId);
    if (!guild) return undefined;
    let member: DirectoryMember | undefined;
    try {
      const fetched = await guild.members.fetch({ user: userId, force: true });
      member = { name: fetched.displayName, permissions: fetched.permissions.bitfield.toString(), roleIds: [...fetched.roles.cache.keys()] };
    } catch (error) {
      // Unknown Member / Unknown User: not (or no longer) in the server. Anything else is a real failure.
      if (!(error instanceof DiscordAPIError) || (error.code !== 10007 && error.code !== 10013)) throw error;
    }
    if (this.#members.size > 10_000) this.#members.clear();
    this.#members.set(key, { at: Date.now(), member });
    return member;
  }
}
