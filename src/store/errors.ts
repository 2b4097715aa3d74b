/**
 * A stored guild document that cannot be used (not JSON, fails the schema, or written by a newer Marquee).
 * It is an operator problem, not a user one: the message names the file (or backend location) and the reason.
 */
export class CorruptGuildDataError extends Error {
  override readonly name = 'CorruptGuildDataError';
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`Guild data in ${location} is unusable and was left untouched: ${reason}`);
  }
}

/** The guild id is not a Discord snowflake; raised before any path or key is built from it. */
export class InvalidGuildIdError extends TypeError {
  override readonly name = 'InvalidGuildIdError';
  constructor(guildId: unknown) {
    super(`Not a Discord guild id: ${JSON.stringify(String(guildId).slice(0, 40))}`);
  }
}

export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('The guild store is closed');
  }
}
