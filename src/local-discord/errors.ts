/**
 * Discord's REST error shapes. Handlers throw `ApiError`; the HTTP layer turns it into the JSON body Discord
 * sends and records a violation (every refused request is a rule the bot broke).
 */
export type ErrorPath = ReadonlyArray<string | number>;

export interface FieldError {
  readonly code: string;
  readonly message: string;
}

export interface ApiErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
  retry_after?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    /** Short machine-readable name of the broken rule, e.g. `double-ack`, `invalid-form-body`. */
    readonly rule: string,
    /** Why, in the emulator's words (kept out of the response body, which stays exactly Discord's). */
    detail?: string,
  ) {
    super(detail ? `${describe(body)} — ${detail}` : describe(body));
    this.name = 'ApiError';
  }

  /** The same refusal with an explanation for the violation record. */
  explained(detail: string): ApiError {
    return new ApiError(this.status, this.body, this.rule, detail);
  }
}

function describe(body: ApiErrorBody): string {
  const details = body.errors ? flatten(body.errors, '') : [];
  return details.length ? `${body.message} (${details.join('; ')})` : body.message;
}

function flatten(node: unknown, path: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '_errors' && Array.isArray(value)) {
      for (const error of value as FieldError[]) out.push(`${path || '(body)'}[${error.code}]: ${error.message}`);
    } else {
      out.push(...flatten(value, path ? `${path}.${key}` : key));
    }
  }
  return out;
}

/** Collects field errors under their paths, then renders Discord's nested `errors` object. */
export class FormErrors {
  private readonly items: { path: ErrorPath; error: FieldError }[] = [];

  add(path: ErrorPath, code: string, message: string): void {
    this.items.push({ path, error: { code, message } });
  }

  get count(): number {
    return this.items.length;
  }

  toObject(): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    for (const { path, error } of this.items) {
      let node = root;
      for (const key of path) {
        const k = String(key);
        const next = (node[k] ??= {}) as Record<string, unknown>;
        node = next;
      }
      ((node._errors ??= []) as FieldError[]).push(error);
    }
    return root;
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw invalidFormBody(this);
  }
}

export function invalidFormBody(errors: FormErrors): ApiError {
  return new ApiError(400, { message: 'Invalid Form Body', code: 50035, errors: errors.toObject() }, 'invalid-form-body');
}

export function singleFieldError(path: ErrorPath, code: string, message: string): ApiError {
  const errors = new FormErrors();
  errors.add(path, code, message);
  return invalidFormBody(errors);
}

const simple = (status: number, code: number, message: string, rule: string) => (): ApiError =>
  new ApiError(status, { message, code }, rule);

export const Errors = {
  unauthorized: simple(401, 0, '401: Unauthorized', 'unauthorized'),
  notFound: simple(404, 0, '404: Not Found', 'unknown-route'),
  methodNotAllowed: simple(405, 0, '405: Method Not Allowed', 'unknown-route'),
  unknownChannel: simple(404, 10003, 'Unknown Channel', 'unknown-channel'),
  unknownGuild: simple(404, 10004, 'Unknown Guild', 'unknown-guild'),
  unknownMember: simple(404, 10007, 'Unknown Member', 'unknown-member'),
  unknownMessage: simple(404, 10008, 'Unknown Message', 'unknown-message'),
  unknownUser: simple(404, 10013, 'Unknown User', 'unknown-user'),
  unknownWebhook: simple(404, 10015, 'Unknown Webhook', 'unknown-webhook'),
  unknownInteraction: simple(404, 10062, 'Unknown interaction', 'unknown-interaction'),
  unknownCommand: simple(404, 10063, 'Unknown application command', 'unknown-command'),
  unknownScheduledEvent: simple(404, 10070, 'Unknown Guild Scheduled Event', 'unknown-scheduled-event'),
  unknownApplication: simple(404, 10002, 'Unknown Application', 'unknown-application'),
  maxCommands: simple(400, 30032, 'Maximum number of application commands reached (100)', 'too-many-commands'),
  payloadTooLarge: simple(413, 40005, 'Request entity too large', 'payload-too-large'),
  alreadyAcknowledged: simple(400, 40060, 'Interaction has already been acknowledged.', 'double-ack'),
  missingAccess: simple(403, 50001, 'Missing Access', 'missing-access'),
  cannotEditOthers: simple(403, 50005, 'Cannot edit a message authored by another user', 'edit-foreign-message'),
  emptyMessage: simple(400, 50006, 'Cannot send an empty message', 'empty-message'),
  nonTextChannel: simple(400, 50008, 'Cannot send messages in a non-text channel', 'non-text-channel'),
  missingPermissions: simple(403, 50013, 'Missing Permissions', 'missing-permissions'),
  invalidWebhookToken: simple(401, 50027, 'Invalid Webhook Token', 'expired-interaction-token'),
  badRequest: (message: string): ApiError => new ApiError(400, { message, code: 50109 }, 'invalid-json'),
};
