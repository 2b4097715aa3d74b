import { describe, expect, it } from 'vitest';
import { guildConfig, setGuildTimezone, setModeratorRole } from '../../src/club/settings.js';
import { UserError } from '../../src/errors.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';
import { GUILD } from './helpers.js';

describe('guild settings', () => {
  it('stores a canonical time zone and can reset it', async () => {
    const store = createMemoryGuildStore();
    expect(await guildConfig(store, GUILD)).toEqual({});
    expect(await setGuildTimezone(store, GUILD, ' europe/paris ')).toBe('Europe/Paris');
    expect((await guildConfig(store, GUILD)).timezone).toBe('Europe/Paris');
    await expect(setGuildTimezone(store, GUILD, 'Mars/Olympus')).rejects.toThrow(UserError);
    await setGuildTimezone(store, GUILD, null);
    expect(await guildConfig(store, GUILD)).toEqual({});
  });

  it('sets and clears the moderator role', async () => {
    const store = createMemoryGuildStore();
    await setModeratorRole(store, GUILD, '300000000000000001');
    expect((await guildConfig(store, GUILD)).moderatorRoleId).toBe('300000000000000001');
    await expect(setModeratorRole(store, GUILD, 'admins')).rejects.toThrow(UserError);
    await setModeratorRole(store, GUILD, null);
    expect((await guildConfig(store, GUILD)).moderatorRoleId).toBeUndefined();
  });
});
