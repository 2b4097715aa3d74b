import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { ApiError, Errors } from './errors.js';

/** A file part of a multipart body (`files[n]`). */
export interface Upload {
  index: number;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

export interface RestRequest {
  method: string;
  /** Path below /api/v10, e.g. `/channels/1/messages`. */
  path: string;
  /** The matched route template, e.g. `/channels/:channel/messages`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  uploads: Upload[];
  /** Set by handlers once they know which interaction a request concerns (for violation records). */
  interactionId?: string;
  /**
   * A `before-request` fault changed the world just before this request (deleted its message, its channel): the
   * refusal it meets is the fault's doing, so it is answered as Discord would but not recorded as a violation.
   */
  alteredByFault?: boolean;
}

export interface RestResponse {
  status: number;
  json?: unknown;
  binary?: { contentType: string; data: Buffer };
}

export type Handler = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: 'bot' | 'none';
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'none' };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, auth: 'bot' | 'none', handler: Handler): void {
    this.routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean).map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { kind: 'found', route, params };
    }
    return pathMatched ? { kind: 'wrong-method' } : { kind: 'none' };
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const expected = template[i] as string;
    const actual = parts[i] as string;
    if (expected.startsWith(':')) params[expected.slice(1)] = actual;
    else if (expected !== actual) return undefined;
  }
  return params;
}

/** Bodies beyond this are refused outright, like Discord's edge does with oversized uploads. */
export const MAX_REQUEST_BYTES = 110 * 1024 * 1024;

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) throw Errors.payloadTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON or multipart/form-data (`payload_json` + `files[n]`, as @discordjs/rest sends files). */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: unknown; uploads: Upload[] }> {
  if (raw.length === 0) return { body: undefined, uploads: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType as string, raw);
  // OAuth2's token endpoint takes a form, as Discord's does.
  if (type.startsWith('application/x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), uploads: [] };
  if (type.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')) as unknown, uploads: [] };
    } catch {
      throw Errors.badRequest('The request body contains invalid JSON.');
    }
  }
  throw new ApiError(400, { message: 'Unsupported Content-Type', code: 0 }, 'unsupported-content-type');
}

async function parseMultipart(contentType: string, raw: Buffer): Promise<{ body: unknown; uploads: Upload[] }> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw Errors.badRequest('The multipart body could not be parsed.');
  }
  let body: Record<string, unknown> = {};
  const uploads: Upload[] = [];
  let nextIndex = 0;
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') {
      if (key === 'payload_json') {
        try {
          const parsed = JSON.parse(value) as unknown;
          body = { ...body, ...(typeof parsed === 'object' && parsed !== null ? parsed : {}) };
        } catch {
          throw Errors.badRequest('The request body contains invalid JSON.');
        }
      } else body[key] = value;
      continue;
    }
    const match = /^files\[(\d+)\]$/.exec(key);
    const index = match ? Number(match[1]) : nextIndex;
    nextIndex = Math.max(nextIndex, index + 1);
    uploads.push({
      index,
      filename: value.name || 'blob',
      contentType: value.type || null,
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, uploads };
}

export function sendJson(response: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || json === undefined) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(json);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
  });
  response.end(text);
}

/** Bucket ids by `method route`: a hash each, computed once (the set of routes is small and fixed). */
const buckets = new Map<string, string>();

/** Generous rate-limit headers so discord.js's limiter is exercised without ever throttling. */
export function rateLimitHeaders(method: string, route: string): Record<string, string> {
  const key = `${method} ${route}`;
  let bucket = buckets.get(key);
  if (bucket === undefined) buckets.set(key, (bucket = createHash('sha1').update(key).digest('hex').slice(0, 16)));
  return {
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '999',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-scope': 'user',
  };
}
