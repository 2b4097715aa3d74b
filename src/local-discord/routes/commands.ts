import { Errors, FormErrors } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { RestRequest, RestResponse, Router } from '../http.js';
import { apiCommand } from '../serialize.js';
import { checkCommand, checkCommandList, COMMAND_LIMITS, type CommandDefinition } from '../validate/commands.js';
import type { CommandRecord } from '../world.js';

/** The command map of the requested scope, after checking the application and guild exist. */
function scope(emulator: Emulator, request: RestRequest): { commands: Map<string, CommandRecord>; guildId?: string } {
  if (request.params.application !== emulator.applicationId) throw Errors.unknownApplication();
  const guildId = request.params.guild;
  if (guildId === undefined) return { commands: emulator.world.globalCommands };
  const guild = emulator.world.guild(guildId);
  if (!guild || !guild.members.has(emulator.world.bot.id)) throw Errors.missingAccess();
  return { commands: emulator.world.commandsFor(guildId), guildId };
}

function toRecord(emulator: Emulator, definition: CommandDefinition, id: string, guildId: string | undefined): CommandRecord {
  return {
    ...definition,
    id,
    application_id: emulator.applicationId,
    version: emulator.ids.next(),
    ...(guildId !== undefined && { guild_id: guildId }),
  };
}

function findByName(commands: Map<string, CommandRecord>, definition: CommandDefinition): CommandRecord | undefined {
  return [...commands.values()].find((c) => c.name === definition.name && c.type === definition.type);
}

function bulkOverwrite(emulator: Emulator, request: RestRequest): RestResponse {
  const { commands, guildId } = scope(emulator, request);
  const errors = new FormErrors();
  const definitions = checkCommandList(errors, request.body);
  errors.throwIfAny();
  // Commands that keep their name and type keep their id, as Discord does.
  const next = definitions.map((definition) => toRecord(emulator, definition, findByName(commands, definition)?.id ?? emulator.ids.next(), guildId));
  commands.clear();
  for (const record of next) commands.set(record.id, record);
  emulator.bus.emit('commands-changed', guildId);
  return { status: 200, json: next.map(apiCommand) };
}

function create(emulator: Emulator, request: RestRequest): RestResponse {
  const { commands, guildId } = scope(emulator, request);
  const errors = new FormErrors();
  const definition = checkCommand(errors, [], request.body);
  errors.throwIfAny();
  if (!definition) throw Errors.notFound();
  const existing = findByName(commands, definition);
  if (!existing) {
    const count = [...commands.values()].filter((c) => c.type === definition.type).length;
    if (count >= (COMMAND_LIMITS[definition.type] ?? 0)) throw Errors.maxCommands();
  }
  const record = toRecord(emulator, definition, existing?.id ?? emulator.ids.next(), guildId);
  commands.set(record.id, record);
  emulator.bus.emit('commands-changed', guildId);
  return { status: existing ? 200 : 201, json: apiCommand(record) };
}

function edit(emulator: Emulator, request: RestRequest): RestResponse {
  const { commands, guildId } = scope(emulator, request);
  const current = commands.get(request.params.command ?? '');
  if (!current) throw Errors.unknownCommand();
  const { id: _id, application_id: _app, version: _version, guild_id: _guild, ...definition } = current;
  const errors = new FormErrors();
  const merged = checkCommand(errors, [], { ...definition, ...(request.body as object), type: current.type });
  errors.throwIfAny();
  if (!merged) throw Errors.notFound();
  const clash = findByName(commands, merged);
  if (clash && clash.id !== current.id) {
    errors.add(['name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    errors.throwIfAny();
  }
  const record = toRecord(emulator, merged, current.id, guildId);
  commands.set(record.id, record);
  emulator.bus.emit('commands-changed', guildId);
  return { status: 200, json: apiCommand(record) };
}

export function registerCommandRoutes(router: Router, emulator: Emulator): void {
  for (const base of ['/applications/:application/commands', '/applications/:application/guilds/:guild/commands']) {
    router.add('GET', base, 'bot', (r) => ({ status: 200, json: [...scope(emulator, r).commands.values()].map(apiCommand) }));
    router.add('PUT', base, 'bot', (r) => bulkOverwrite(emulator, r));
    router.add('POST', base, 'bot', (r) => create(emulator, r));
    router.add('GET', `${base}/:command`, 'bot', (r) => {
      const command = scope(emulator, r).commands.get(r.params.command ?? '');
      if (!command) throw Errors.unknownCommand();
      return { status: 200, json: apiCommand(command) };
    });
    router.add('PATCH', `${base}/:command`, 'bot', (r) => edit(emulator, r));
    router.add('DELETE', `${base}/:command`, 'bot', (r) => {
      const { commands, guildId } = scope(emulator, r);
      if (!commands.delete(r.params.command ?? '')) throw Errors.unknownCommand();
      emulator.bus.emit('commands-changed', guildId);
      return { status: 204 };
    });
  }
}
