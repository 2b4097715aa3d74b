import type { App } from '../app.js';
import { randomBytes } from 'node:crypto';

/**
 * State behind paginated replies that does not fit in a 100-char custom_id (a search's query and
 * filters). It lives in memory for a while and then expires; a button pointing at an expired
 * session tells the user to run the command again, which is what a restart means for it too.
 */
export class SessionStore<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(value: T): string {
    const id = randomBytes(6).toString('base64url');
    this.set(id, value);
    return id;
  }

  /** Keeps `value` under an id made elsewhere (a token of a record kept in the store, see src/pending). */
  set(id: string, value: T): void {
    this.evictExpired();
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, { value, expires: this.now() + this.ttlMs });
  }

  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expires < this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.value;
  }

  /** Forgets a session, e.g. once its one use is spent. */
  delete(id: string): void {
    this.entries.delete(id);
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expires < now) this.entries.delete(id);
  }
}

/** One store per running app, on the app's clock (tests move it to expire sessions): `const drafts = perApp<Draft>(…)`. */
export function perApp<T>(ttlMs: number, maxEntries: number): (app: App) => SessionStore<T> {
  const stores = new WeakMap<App, SessionStore<T>>();
  return (app) => {
    let store = stores.get(app);
    if (!store) {
      store = new SessionStore<T>(ttlMs, maxEntries, () => app.now().getTime());
      stores.set(app, store);
    }
    return store;
  };
}
