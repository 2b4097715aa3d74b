/** A request the bot made that Discord would refuse (or that breaks a project rule, like unguarded mentions). */
export interface Violation {
  /** Short name of the rule, e.g. `double-ack`, `late-ack`, `invalid-form-body`, `allowed-mentions`, `unknown-route`. */
  rule: string;
  /** Human-readable explanation including Discord's error text. */
  message: string;
  method: string;
  path: string;
  /** `METHOD /route/:template`, stable across ids. */
  route: string;
  status: number;
  /** Discord's JSON error code (0 for plain HTTP errors, -1 when the request was accepted anyway). */
  code: number;
  /** The interaction the request concerned, when there is one. */
  interactionId?: string;
  at: string;
}

export class ViolationError extends Error {
  constructor(readonly violation: Violation) {
    super(`Discord refused the bot's request (${violation.rule}): ${violation.route} → ${violation.message}`);
    this.name = 'ViolationError';
  }
}

export interface RequestLogEntry {
  method: string;
  path: string;
  route: string;
  status: number;
  at: string;
}
