import { Errors, singleFieldError } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { RestRequest, RestResponse, Router } from '../http.js';
import { hasPermission } from '../permissions.js';
import { apiChannel, apiGuild, apiMember, apiRole, apiScheduledEvent } from '../serialize.js';
import { validateScheduledEvent } from '../validate/scheduledEvents.js';
import type { GuildRecord, ScheduledEventRecord } from '../world.js';

function botGuild(emulator: Emulator, guildId: string): GuildRecord {
  const guild = emulator.world.guild(guildId);
  if (!guild || !guild.members.has(emulator.world.bot.id)) throw Errors.unknownGuild();
  return guild;
}

function listMembers(emulator: Emulator, request: RestRequest): RestResponse {
  const guild = botGuild(emulator, request.params.guild ?? '');
  // Listing members is gated by the privileged GUILD_MEMBERS intent being enabled for the application.
  if (!emulator.options.privilegedIntents.includes('GuildMembers')) throw Errors.missingAccess();
  const limit = request.query.has('limit') ? Number(request.query.get('limit')) : 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw singleFieldError(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 1000.');
  }
  const after = BigInt(request.query.get('after') ?? '0');
  const members = [...guild.members.values()]
    .filter((m) => BigInt(m.userId) > after)
    .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
    .slice(0, limit);
  return { status: 200, json: members.map((m) => apiMember(emulator.world, m)) };
}

function requireEventPermission(emulator: Emulator, guild: GuildRecord, event?: ScheduledEventRecord): void {
  const bits = emulator.permissions(guild, emulator.world.bot.id);
  const creator = event === undefined || event.creatorId === emulator.world.bot.id;
  if (hasPermission(bits, 'ManageEvents')) return;
  if (creator && hasPermission(bits, 'CreateEvents')) return;
  throw Errors.missingPermissions();
}

function scheduledEvent(emulator: Emulator, request: RestRequest): { guild: GuildRecord; event: ScheduledEventRecord } {
  const guild = botGuild(emulator, request.params.guild ?? '');
  const event = guild.scheduledEvents.get(request.params.event ?? '');
  if (!event) throw Errors.unknownScheduledEvent();
  return { guild, event };
}

function channelType(emulator: Emulator, guild: GuildRecord) {
  return (channelId: string): number | undefined => {
    const channel = emulator.world.channel(channelId);
    return channel && channel.guildId === guild.id ? channel.type : undefined;
  };
}

function createEvent(emulator: Emulator, request: RestRequest): RestResponse {
  const guild = botGuild(emulator, request.params.guild ?? '');
  requireEventPermission(emulator, guild);
  const fields = validateScheduledEvent(request.body, { channelType: channelType(emulator, guild), now: Date.now() });
  const event: ScheduledEventRecord = {
    ...fields,
    id: emulator.ids.next(),
    guildId: guild.id,
    creatorId: emulator.world.bot.id,
    userCount: 0,
  };
  guild.scheduledEvents.set(event.id, event);
  emulator.dispatch('GUILD_SCHEDULED_EVENT_CREATE', apiScheduledEvent(emulator.world, event, false), guild.id);
  return { status: 200, json: apiScheduledEvent(emulator.world, event, false) };
}

function editEvent(emulator: Emulator, request: RestRequest): RestResponse {
  const { guild, event } = scheduledEvent(emulator, request);
  requireEventPermission(emulator, guild, event);
  const fields = validateScheduledEvent(request.body, { existing: event, channelType: channelType(emulator, guild), now: Date.now() });
  Object.assign(event, fields);
  emulator.dispatch('GUILD_SCHEDULED_EVENT_UPDATE', apiScheduledEvent(emulator.world, event, false), guild.id);
  return { status: 200, json: apiScheduledEvent(emulator.world, event, false) };
}

export function registerGuildRoutes(router: Router, emulator: Emulator): void {
  router.add('GET', '/guilds/:guild', 'bot', (r) => ({
    status: 200,
    json: apiGuild(botGuild(emulator, r.params.guild ?? ''), r.query.get('with_counts') === 'true'),
  }));
  router.add('GET', '/guilds/:guild/channels', 'bot', (r) => ({
    status: 200,
    json: emulator.world.guildChannels(botGuild(emulator, r.params.guild ?? '')).map(apiChannel),
  }));
  router.add('GET', '/guilds/:guild/roles', 'bot', (r) => ({
    status: 200,
    json: [...botGuild(emulator, r.params.guild ?? '').roles.values()].map(apiRole),
  }));
  router.add('GET', '/guilds/:guild/members', 'bot', (r) => listMembers(emulator, r));
  router.add('GET', '/guilds/:guild/members/:user', 'bot', (r) => {
    const member = botGuild(emulator, r.params.guild ?? '').members.get(r.params.user ?? '');
    if (!member) throw Errors.unknownMember();
    return { status: 200, json: apiMember(emulator.world, member) };
  });
  router.add('GET', '/guilds/:guild/scheduled-events', 'bot', (r) => {
    const guild = botGuild(emulator, r.params.guild ?? '');
    const withCount = r.query.get('with_user_count') === 'true';
    return { status: 200, json: [...guild.scheduledEvents.values()].map((e) => apiScheduledEvent(emulator.world, e, withCount)) };
  });
  router.add('POST', '/guilds/:guild/scheduled-events', 'bot', (r) => createEvent(emulator, r));
  router.add('GET', '/guilds/:guild/scheduled-events/:event', 'bot', (r) => {
    const { event } = scheduledEvent(emulator, r);
    return { status: 200, json: apiScheduledEvent(emulator.world, event, r.query.get('with_user_count') === 'true') };
  });
  router.add('PATCH', '/guilds/:guild/scheduled-events/:event', 'bot', (r) => editEvent(emulator, r));
  router.add('DELETE', '/guilds/:guild/scheduled-events/:event', 'bot', (r) => {
    const { guild, event } = scheduledEvent(emulator, r);
    requireEventPermission(emulator, guild, event);
    guild.scheduledEvents.delete(event.id);
    emulator.dispatch('GUILD_SCHEDULED_EVENT_DELETE', apiScheduledEvent(emulator.world, event, false), guild.id);
    return { status: 204 };
  });
}
