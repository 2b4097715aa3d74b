import { Snowflake } from '../config.js';
import { CorruptGuildDataError, InvalidGuildIdError } from './errors.js';
import { GuildData, SCHEMA_VERSION } from './schema.js';

/**
 * Steps that reshape a document of version N into version N+1, keyed by N. New sections never need one (their
 * defaults are merged on read).
 */
const MIGRATIONS: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: undo records grouped by member (stored in each member's partition), keyed by token, oldest first.
  1: (data) => {
    const undo: Record<string, Record<string, unknown>> = {};
    for (const record of Array.isArray(data['undo']) ? (data['undo'] as { userId?: unknown; token?: unknown }[]) : []) {
      (undo[String(record?.userId)] ??= {})[String(record?.token)] = record;
    }
    return { ...data, undo };
  },
};

/** Throws unless `guildId` is a snowflake; every backend calls it before using the id as a path or key. */
export function assertGuildId(guildId: string): void {
  if (!Snowflake.safeParse(guildId).success) throw new InvalidGuildIdError(guildId);
}

/**
 * Validates a stored document (lowdb's read() neither validates nor merges defaults) and fills in the defaults
 * of sections added since it was written. `location` names the file or row for the error message.
 */
export function parseGuildData(raw: unknown, location: string): GuildData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CorruptGuildDataError(location, 'expected a JSON object');
  }
  let document = raw as Record<string, unknown>;
  const version = document['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new CorruptGuildDataError(location, 'missing or invalid "version"');
  }
  if (version > SCHEMA_VERSION) {
    throw new CorruptGuildDataError(
      location,
      `written by a newer Marquee (schema version ${version}; this one reads up to ${SCHEMA_VERSION})`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new CorruptGuildDataError(location, `no migration from schema version ${v}`);
    document = { ...step(document), version: v + 1 };
  }
  const result = GuildData.safeParse(document);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
    throw new CorruptGuildDataError(location, issues.join('; ') + more);
  }
  return result.data;
}
