/** Discord snowflakes: 42 bits of milliseconds since the Discord epoch, then worker/process/increment bits. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  private lastMs = 0n;
  private increment = 0n;

  /** A new id, strictly greater than every id this generator issued before (ids double as creation order). */
  next(at: number = Date.now()): string {
    let ms = BigInt(at) - DISCORD_EPOCH;
    if (ms < this.lastMs) ms = this.lastMs;
    if (ms === this.lastMs) {
      this.increment += 1n;
      if (this.increment > 0xfffn) {
        ms += 1n;
        this.increment = 0n;
      }
    } else {
      this.increment = 0n;
    }
    this.lastMs = ms;
    // Worker 1, process 0 — constant, like a single Discord API node.
    return ((ms << 22n) | (1n << 17n) | this.increment).toString();
  }
}

export function timestampOf(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}
