import type { ChatInputCommandInteraction, User } from 'discord.js';
import type { App } from '../app.js';
import { UNKNOWN_MEMBER } from '../club/index.js';

export interface MemberRef {
  userId: string;
  name: string;
}

/**
 * The member a view is about: the `member` option when given, else whoever ran the command.
 * The name is the one the server shows now, falling back to the name Marquee last recorded.
 */
export async function memberOption(interaction: ChatInputCommandInteraction, app: App, guildId: string): Promise<MemberRef> {
  const user: User = interaction.options.getUser('member') ?? interaction.user;
  const member = interaction.options.getMember('member') ?? (user.id === interaction.user.id ? interaction.member : null);
  // A cached GuildMember knows its display name; a raw API member only has its nick.
  const shown = member && 'displayName' in member ? member.displayName : ((member && 'nick' in member && member.nick) || user.globalName || user.username);
  return { userId: user.id, name: shown || (await recordedName(app, guildId, user.id)) };
}

/** The name Marquee recorded for a member when they last did something (never a mention). */
export async function recordedName(app: App, guildId: string, userId: string): Promise<string> {
  return (await app.store.read(guildId)).members[userId] ?? UNKNOWN_MEMBER;
}
