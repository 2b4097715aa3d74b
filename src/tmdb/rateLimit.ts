import { abortableSleep } from './sleep.js';

/**
 * A client-side token bucket: up to `burst` requests at once, then `perSecond` a second. TMDB
 * allows a few dozen requests a second per key; staying under that keeps a busy club from
 * ever seeing its 429. A 429's Retry-After pauses every request until it has passed.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Stops handing out tokens for `ms` (a Retry-After); a later, shorter pause does not shorten it. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** How long a request asked for now would wait for its token. */
  waitMs(): number {
    this.refill();
    const paused = Math.max(0, this.pausedUntil - this.now());
    if (paused > 0) return paused;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /**
   * Takes a token, waiting for one if need be. Resolves false without waiting when the token would
   * come after `deadline` (a caller with a deadline would rather give up now than late).
   */
  async take(signal?: AbortSignal, deadline = Infinity): Promise<boolean> {
    for (;;) {
      const wait = this.waitMs();
      if (wait === 0) {
        this.tokens -= 1;
        return true;
      }
      if (this.now() + wait > deadline) return false;
      await abortableSleep(wait, signal);
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }
}
