import { IANAZone } from 'luxon';
import { Snowflake } from '../config.js';
import { quote, UserError } from '../errors.js';
import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import { DateOrder, type GuildConfig } from '../store/schema.js';

/** The guild's settings (empty object when none were set). */
export async function guildConfig(store: GuildStore, guildId: string): Promise<DeepReadonly<GuildConfig>> {
  return (await store.read(guildId)).config;
}

/** Sets the zone that decides what "today" is for watches logged without a date; `null` resets it to UTC. */
export async function setGuildTimezone(store: GuildStore, guildId: string, zone: string | null): Promise<string | undefined> {
  const name = zone?.trim();
  if (name !== undefined && !IANAZone.isValidZone(name)) {
    throw new UserError(`${quote(name, 60)} is not a time zone; use a name such as Europe/Paris or America/New_York.`);
  }
  // Stored in its canonical spelling (europe/paris → Europe/Paris) so it reads well in /settings.
  const canonical = name === undefined ? undefined : new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  return store.update(guildId, (data) => {
    if (canonical === undefined) delete data.config.timezone;
    else data.config.timezone = canonical;
    return canonical;
  });
}

/** Sets how the server reads an ambiguous numeric date (05/06/2024) in watch dates. */
export async function setDateOrder(store: GuildStore, guildId: string, order: string): Promise<DateOrder> {
  const parsed = DateOrder.safeParse(order);
  if (!parsed.success) throw new UserError('The date format is day-first (05/06 is 5 June) or month-first (05/06 is May 6).');
  await store.update(guildId, (data) => {
    data.config.dateOrder = parsed.data;
  });
  return parsed.data;
}

/** Sets (or with `null` clears) the role whose members may moderate club content. */
export async function setModeratorRole(store: GuildStore, guildId: string, roleId: string | null): Promise<void> {
  if (roleId !== null && !Snowflake.safeParse(roleId).success) throw new UserError('That is not a role.');
  await store.update(guildId, (data) => {
    if (roleId === null) delete data.config.moderatorRoleId;
    else data.config.moderatorRoleId = roleId;
  });
}
