/**
 * Who may moderate club content (lists, and later other shared things). Discord-free on purpose: the command
 * layer passes what the interaction carries (the member's permission bitfield as Discord sends it, a decimal
 * string, and their role ids), and domain code decides here, on the server side, on every change.
 * `default_member_permissions` on a command only hides it by default; a server admin can override that, so it is
 * never relied on.
 */

/** Permission bits, as documented by Discord. */
export const ADMINISTRATOR = 1n << 3n;
export const MANAGE_GUILD = 1n << 5n;

export interface MemberAccess {
  /** The member's resolved permissions in the channel, as Discord's decimal bitfield string (e.g. "2147483648"). */
  permissions: string;
  roleIds: readonly string[];
}

/** The bitfield as a bigint, or undefined when it is not a plain decimal number (never guess with bad input). */
export function parsePermissions(bitfield: string): bigint | undefined {
  if (typeof bitfield !== 'string' || !/^\d{1,25}$/.test(bitfield)) return undefined;
  return BigInt(bitfield);
}

/**
 * A moderator has Manage Server, or Administrator (which implies every permission), or the role the server set
 * with `/config moderator-role`.
 */
export function isModerator(access: MemberAccess, config: { readonly moderatorRoleId?: string | undefined }): boolean {
  const bits = parsePermissions(access.permissions);
  if (bits !== undefined && (bits & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n) return true;
  const role = config.moderatorRoleId;
  return role !== undefined && Array.isArray(access.roleIds) && access.roleIds.includes(role);
}

/** Server settings (/config) are for those who manage the server itself, not the moderator role they appoint. */
export function canManageServer(access: MemberAccess): boolean {
  const bits = parsePermissions(access.permissions);
  return bits !== undefined && (bits & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
}
