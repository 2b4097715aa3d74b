import { describe, expect, it } from 'vitest';
import { ADMINISTRATOR, isModerator, MANAGE_GUILD, parsePermissions } from '../../src/permissions.js';
import { MOD_ROLE, PLAIN_PERMISSIONS } from './helpers.js';

describe('isModerator', () => {
  it('accepts Manage Server (0x20) and Administrator (0x8)', () => {
    expect(MANAGE_GUILD).toBe(0x20n);
    expect(ADMINISTRATOR).toBe(0x8n);
    expect(isModerator({ permissions: '32', roleIds: [] }, {})).toBe(true);
    expect(isModerator({ permissions: '8', roleIds: [] }, {})).toBe(true);
    // Bits above 2^53 must not be lost: Discord bitfields are 64-bit.
    expect(isModerator({ permissions: String((1n << 50n) | MANAGE_GUILD), roleIds: [] }, {})).toBe(true);
    expect(isModerator({ permissions: String(1n << 50n), roleIds: [] }, {})).toBe(false);
  });

  it('refuses a plain member, and neighbouring bits that are not moderation', () => {
    expect(isModerator({ permissions: PLAIN_PERMISSIONS, roleIds: [] }, {})).toBe(false);
    // Manage Channels (0x10) and Ban Members (0x4) are not Manage Server.
    expect(isModerator({ permissions: String(0x10 | 0x4), roleIds: [] }, {})).toBe(false);
    expect(isModerator({ permissions: '0', roleIds: [] }, {})).toBe(false);
  });

  it('accepts the configured moderator role, and only that role', () => {
    const config = { moderatorRoleId: MOD_ROLE };
    expect(isModerator({ permissions: PLAIN_PERMISSIONS, roleIds: ['300000000000000001', MOD_ROLE] }, config)).toBe(true);
    expect(isModerator({ permissions: PLAIN_PERMISSIONS, roleIds: ['300000000000000001'] }, config)).toBe(false);
    expect(isModerator({ permissions: PLAIN_PERMISSIONS, roleIds: [MOD_ROLE] }, {})).toBe(false);
  });

  it('treats a malformed bitfield as no permissions rather than guessing', () => {
    for (const permissions of ['', '-32', '0x20', '32.0', ' 32', 'abc', '1'.repeat(30)]) {
      expect(parsePermissions(permissions)).toBeUndefined();
      expect(isModerator({ permissions, roleIds: [] }, {})).toBe(false);
    }
    expect(parsePermissions('2147483648')).toBe(2147483648n);
  });
});
