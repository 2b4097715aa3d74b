import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { CommandShape, type Command } from './command.js';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

export class CommandRegistry {
  private readonly byName = new Map<string, Command>();

  constructor(commands: readonly Command[]) {
    for (const command of commands) {
      const name = command.data.name;
      if (this.byName.has(name)) throw new Error(`two command files declare /${name}`);
      this.byName.set(name, command);
    }
  }

  get(name: string): Command | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return [...this.byName.keys()].sort();
  }

  all(): Command[] {
    return this.names.map((name) => this.byName.get(name)!);
  }

  /** The definitions sent to Discord when registering commands. */
  definitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
    return this.all().map((command) => command.data.toJSON());
  }
}

/**
 * Loads every command file in `dir` (not its folders: `commands/party/` holds /party's subcommand modules); a file that does not export a valid command stops start-up with its name. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<CommandRegistry> {
  const files = (await readdir(dir)).filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts')).sort();
  const commands: Command[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: unknown };
    const result = CommandShape.safeParse(module.default);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new Error(`commands/${file} does not export a valid command: ${issue.path.join('.') || 'default export'}: ${issue.message}`);
    }
    commands.push(module.default as Command);
  }
  return new CommandRegistry(commands);
}
