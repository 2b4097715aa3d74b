import type { BaseInteraction } from 'discord.js';
import type { Actor } from '../club/index.js';
import type { MemberAccess } from '../permissions.js';
import { UserError } from '../errors.js';

/** The guild an interaction happened in; Marquee's club features only make sense inside a server. */
export function guildIdOf(interaction: BaseInteraction): string {
  if (!interaction.inGuild()) throw new UserError('Marquee works inside a server, not in direct messages.');
  return interaction.guildId;
}

/** Who is acting, named as the server shows them (kept so views can print names without pinging). */
export function actorOf(interaction: BaseInteraction): Actor {
  const guildId = guildIdOf(interaction);
  const member = interaction.member;
  // A cached GuildMember knows its display name; a raw API member only has its nick.
  const displayName = member && 'displayName' in member ? member.displayName : member && 'nick' in member ? member.nick : undefined;
  const name = (displayName || interaction.user.globalName || interaction.user.username).slice(0, 100);
  return { guildId, userId: interaction.user.id, name };
}

/**
 * What the member may do, as the interaction itself reports it (permissions resolved by Discord in
 * this channel, and role ids), for the domain's server-side permission checks.
 */
export function accessOf(interaction: BaseInteraction): MemberAccess {
  guildIdOf(interaction);
  const member = interaction.member;
  const roles = member?.roles;
  const roleIds = Array.isArray(roles) ? roles : roles ? [...roles.cache.keys()] : [];
  return { permissions: interaction.memberPermissions?.bitfield.toString() ?? '0', roleIds };
}
