import type { RestRequest } from './http.js';

/**
 * Faults the local Discord can inject on purpose, for tests of how the bot copes with a Discord that misbehaves
 * the way the real one does: rate limits (per route and global), server errors, slow answers, refusals
 * (Missing Permissions), something deleted just before the bot's request reaches it, and a gateway that drops
 * the connection or invalidates the session. Every fault that fires is listed in `injected`.
 *
 * An injected REST fault is not a rule the bot broke, so it is never recorded as a violation; the request log
 * shows it (status 429, 500, 403…) like any answer.
 */

/** Which requests a fault applies to: a method and/or a route template (`/channels/:channel/messages`), or a test. */
export interface RequestSelector {
  method?: string;
  /** A route template as the emulator names it, e.g. `/guilds/:guild/scheduled-events`, or a pattern over it. */
  route?: string | RegExp;
  /** Further narrowing, e.g. only the request that edits one message. */
  where?: (request: RestRequest) => boolean;
}

export interface InjectedFault {
  kind: 'rate-limit' | 'server-error' | 'slow' | 'refuse' | 'before-request' | 'gateway-drop' | 'session-invalidated';
  method: string;
  route: string;
  at: string;
}

/** What the HTTP layer answers instead of running the route. */
export interface FaultResponse {
  status: number;
  json: unknown;
  headers: Record<string, string>;
}

/** A refusal Discord answers with, e.g. `{ status: 403, code: 50013, message: 'Missing Permissions' }`. */
export interface Refusal {
  status: number;
  code: number;
  message: string;
}

export const MISSING_PERMISSIONS: Refusal = { status: 403, code: 50013, message: 'Missing Permissions' };

type Action =
  | { kind: 'rate-limit'; retryAfter: number; global: boolean }
  | { kind: 'server-error'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'refuse'; refusal: Refusal }
  | { kind: 'before-request'; run: (request: RestRequest) => void | Promise<void> };

interface Armed {
  selector: RequestSelector;
  action: Action;
  /** How many more requests it applies to (Infinity: until `clear()`). */
  remaining: number;
}

/** The gateway side of the faults (implemented by the emulator's gateway). */
export interface GatewayFaultTarget {
  dropConnections(timeoutMs?: number): Promise<void>;
  invalidateSessions(timeoutMs?: number): Promise<void>;
}

export class Faults {
  readonly injected: InjectedFault[] = [];
  readonly #armed: Armed[] = [];

  constructor(private readonly gateway: GatewayFaultTarget) {}

  /**
   * Answers the next `times` matching requests with 429 and `retry_after` seconds, per route (the bucket is
   * exhausted) or global (`X-RateLimit-Global`, which holds every request of the bot).
   */
  rateLimit(options: RequestSelector & { retryAfter?: number; global?: boolean; times?: number } = {}): this {
    const { retryAfter = 0.2, global = false, times = 1, ...selector } = options;
    return this.#arm(selector, { kind: 'rate-limit', retryAfter, global }, times);
  }

  /** Answers the next `times` matching requests with a 5xx (500 unless `status` says otherwise). */
  serverError(times = 1, options: RequestSelector & { status?: number } = {}): this {
    const { status = 500, ...selector } = options;
    return this.#arm(selector, { kind: 'server-error', status }, times);
  }

  /** Delays every matching request by `ms` before it is handled (until `clear()`, or for `times` requests). */
  slow(ms: number, options: RequestSelector & { times?: number } = {}): this {
    const { times = Infinity, ...selector } = options;
    return this.#arm(selector, { kind: 'slow', ms }, times);
  }

  /** Refuses the next `times` matching requests, by default with 403 Missing Permissions (50013). */
  refuse(options: RequestSelector & { refusal?: Refusal; times?: number }): this {
    const { refusal = MISSING_PERMISSIONS, times = 1, ...selector } = options;
    return this.#arm(selector, { kind: 'refuse', refusal }, times);
  }

  /**
   * Runs `action` when a matching request arrives, before it is handled: a moderator deleting the message the bot
   * is about to edit, a channel removed just before a post. The request then meets the changed world.
   */
  beforeRequest(selector: RequestSelector, action: (request: RestRequest) => void | Promise<void>, times = 1): this {
    return this.#arm(selector, { kind: 'before-request', run: action }, times);
  }

  /** Cuts every gateway connection (no close frame, as a network failure does); resolves once the bot has resumed. */
  async dropGateway(timeoutMs?: number): Promise<void> {
    this.#record('gateway-drop', 'GATEWAY', 'connection');
    await this.gateway.dropConnections(timeoutMs);
  }

  /** Sends INVALID_SESSION (not resumable) to every session; resolves once the bot has identified again. */
  async invalidateSession(timeoutMs?: number): Promise<void> {
    this.#record('session-invalidated', 'GATEWAY', 'op 9');
    await this.gateway.invalidateSessions(timeoutMs);
  }

  /** Disarms every REST fault still waiting. */
  clear(): void {
    this.#armed.splice(0);
  }

  /** Faults still armed (a test can check that all it armed fired). */
  get pending(): number {
    return this.#armed.length;
  }

  /**
   * Called by the HTTP layer for every routed request: runs the `before-request` and `slow` faults that match, and
   * returns the answer of the first matching refusal (rate limit, server error, refusal), if any.
   */
  async intercept(request: RestRequest): Promise<FaultResponse | undefined> {
    for (const armed of [...this.#armed]) {
      if (!this.#matches(armed.selector, request)) continue;
      const { action } = armed;
      this.#consume(armed);
      this.#record(action.kind, request.method, request.route);
      switch (action.kind) {
        case 'before-request':
          request.alteredByFault = true;
          await action.run(request);
          continue;
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, action.ms));
          continue;
        case 'rate-limit':
          return rateLimited(action.retryAfter, action.global);
        case 'server-error':
          return { status: action.status, json: { message: `${action.status}: ${STATUS_TEXT[action.status] ?? 'Server Error'}`, code: 0 }, headers: {} };
        case 'refuse':
          return { status: action.refusal.status, json: { message: action.refusal.message, code: action.refusal.code }, headers: {} };
      }
    }
    return undefined;
  }

  #arm(selector: RequestSelector, action: Action, times: number): this {
    if (!(times > 0)) throw new RangeError('a fault must apply to at least one request');
    this.#armed.push({ selector, action, remaining: times });
    return this;
  }

  #consume(armed: Armed): void {
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed.splice(this.#armed.indexOf(armed), 1);
  }

  #matches(selector: RequestSelector, request: RestRequest): boolean {
    if (selector.method !== undefined && selector.method.toUpperCase() !== request.method) return false;
    if (typeof selector.route === 'string' && selector.route !== request.route) return false;
    if (selector.route instanceof RegExp && !selector.route.test(request.route)) return false;
    return selector.where?.(request) ?? true;
  }

  #record(kind: InjectedFault['kind'], method: string, route: string): void {
    this.injected.push({ kind, method, route, at: new Date().toISOString() });
  }
}

const STATUS_TEXT: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };

/** Discord's 429: the body and the headers discord.js reads (`Retry-After`, `X-RateLimit-Global`, the bucket's state). */
function rateLimited(retryAfter: number, global: boolean): FaultResponse {
  return {
    status: 429,
    json: { message: 'You are being rate limited.', retry_after: retryAfter, global, ...(global ? {} : { code: 0 }) },
    headers: {
      'retry-after': String(retryAfter),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global
        ? { 'x-ratelimit-global': 'true' }
        : { 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': retryAfter.toFixed(3), 'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3) }),
    },
  };
}
