export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const secrets = new Set<string>();

/** Registers a value (such as the bot token) that must never appear in any log line. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.add(secret);
}

/**
 * Interaction tokens travel inside webhook and callback URLs (and so inside discord.js error
 * messages); they are bearer credentials for 15 minutes, so they are masked like the bot token.
 */
const URL_TOKENS = /(\/(?:webhooks\/\d+|interactions\/\d+)\/)[\w.-]{20,}/g;

export function redact(text: string): string {
  let out = text.replace(URL_TOKENS, '$1[redacted]');
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export interface LogFormat {
  /** `text` (default): time, level, message, then the context as JSON; `json`: one JSON object per line. */
  format?: 'text' | 'json';
  /** Fields on every JSON line (a sharded process: its shard ids and count). */
  fields?: Record<string, unknown>;
  /** The shard of a server, so a JSON line about a `guildId` names the shard it came through. */
  shardOf?: (guildId: string) => number;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line + '\n'), format: LogFormat = {}): Logger {
  const emit = (at: LogLevel, message: string, context?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    if (format.format === 'json') {
      const guildId = context?.guildId;
      const shard = typeof guildId === 'string' && /^\d{17,20}$/.test(guildId) && format.shardOf ? { shard: format.shardOf(guildId) } : {};
      const described = context ? Object.fromEntries(Object.entries(context).map(([key, value]) => [key, describe(value)])) : {};
      write(redact(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...format.fields, ...shard, ...described })));
      return;
    }
    const details = context
      ? ' ' + JSON.stringify(Object.fromEntries(Object.entries(context).map(([key, value]) => [key, describe(value)])))
      : '';
    write(redact(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${details}`));
  };
  return {
    debug: (message, context) => emit('debug', message, context),
    info: (message, context) => emit('info', message, context),
    warn: (message, context) => emit('warn', message, context),
    error: (message, context) => emit('error', message, context),
  };
}

/** A logger that keeps lines in memory, for tests that assert what was logged. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger(level, (line) => lines.push(line)), { lines });
}
