/**
 * Runs the local Discord as a process: prints one JSON line (API URL, token, ids of the seeded guilds) and serves
 * until killed. Usage:
 *   tsx src/local-discord/cli.ts [--port N] [--ack-deadline MS] [--heartbeat MS] [--token T]
 *                                [--guild NAME]... [--member NAME]... [--moderator NAME]...
 * Members and moderators (Manage Server) are added to every seeded guild.
 */
import { parseArgs } from 'node:util';
import { LocalDiscord } from './LocalDiscord.js';

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} expects a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'ack-deadline': { type: 'string' },
      heartbeat: { type: 'string' },
      token: { type: 'string' },
      guild: { type: 'string', multiple: true },
      member: { type: 'string', multiple: true },
      moderator: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
    },
    strict: true,
  });
  const port = positiveInt(values.port, '--port');
  const ackDeadlineMs = positiveInt(values['ack-deadline'], '--ack-deadline');
  const heartbeatIntervalMs = positiveInt(values.heartbeat, '--heartbeat');
  const discord = await LocalDiscord.start({
    ...(port !== undefined && { port }),
    ...(ackDeadlineMs !== undefined && { ackDeadlineMs }),
    ...(heartbeatIntervalMs !== undefined && { heartbeatIntervalMs }),
    ...(values.token !== undefined && { token: values.token }),
    ...(values.verbose && { log: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  const guilds = (values.guild ?? []).map((name) => {
    const guild = discord.createGuild({ name });
    const members: Record<string, string> = { [guild.owner.username]: guild.owner.id };
    for (const username of values.member ?? []) members[username] = guild.addMember({ username }).id;
    for (const username of values.moderator ?? []) members[username] = guild.addMember({ username, permissions: ['ManageGuild'] }).id;
    return { id: guild.id, name, channels: { general: guild.defaultChannel.id }, members };
  });
  process.stdout.write(
    `${JSON.stringify({
      apiUrl: discord.apiUrl,
      token: discord.token,
      applicationId: discord.applicationId,
      gatewayUrl: discord.gatewayUrl,
      guilds,
    })}\n`,
  );
  const shutdown = (): void => {
    void discord.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
