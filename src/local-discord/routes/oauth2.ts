import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ApiError, type ApiErrorBody, Errors } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { Handler, RestRequest, RestResponse, Router } from '../http.js';
import { apiUser } from '../serialize.js';
import type { UserRecord } from '../world.js';

/**
 * Discord's OAuth2 authorization code flow, as a website that signs members in with Discord sees it: the consent
 * page (`/oauth2/authorize`, outside the versioned API), the token exchange (`POST /api/v10/oauth2/token`) and
 * the two bearer routes `identify` and `guilds` open (`/users/@me`, `/users/@me/guilds`).
 *
 * The consent page stands in for discord.com in a browser where someone is signed in: it asks who is signed in
 * (a select of the world's users, which a test picks like a person would) and whether to authorize.
 */

const SCOPES = new Set(['identify', 'guilds', 'email', 'guilds.members.read']);
const CODE_TTL_MS = 10 * 60_000;
const TOKEN_TTL_S = 7 * 24 * 3600;

interface Grant {
  userId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
}

export class OAuth2State {
  readonly clientSecret = randomBytes(24).toString('base64url');
  /** Redirect URIs registered "in the developer portal"; an authorization for any other is refused. */
  readonly redirectUris = new Set<string>();
  readonly codes = new Map<string, Grant>();
  readonly tokens = new Map<string, Grant>();
}

function oauthError(status: number, error: string, description: string): ApiError {
  return new ApiError(status, { message: description, code: 0, error, error_description: description } as ApiErrorBody, `oauth2-${error.replace(/_/g, '-')}`);
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
}

/** Checks what Discord checks before showing the consent page; a bad request gets an error page, never a redirect. */
function readAuthorize(emulator: Emulator, params: URLSearchParams): AuthorizeRequest | string {
  if (params.get('response_type') !== 'code') return 'response_type must be "code" (the authorization code flow).';
  const clientId = params.get('client_id') ?? '';
  if (clientId !== emulator.applicationId) return 'Unknown application (client_id).';
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!emulator.oauth2.redirectUris.has(redirectUri)) return `Invalid OAuth2 redirect_uri: ${redirectUri || '(none)'} is not registered for this application.`;
  const scopes = (params.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((scope) => !SCOPES.has(scope))) return `Invalid scope: ${params.get('scope') ?? '(none)'}.`;
  return { clientId, redirectUri, scopes, state: params.get('state') };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(response: ServerResponse, status: number, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Discord — authorize</title><link rel="icon" href="data:,"></head><body>${body}</body></html>`;
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html).toString() });
  response.end(html);
}

function people(emulator: Emulator): UserRecord[] {
  return [...emulator.world.users.values()].filter((user) => !user.bot);
}

/** GET: the consent page. POST: the person's answer, which redirects back to the site with a code (or an error). */
export async function serveAuthorize(emulator: Emulator, method: string, url: URL, body: Buffer, response: ServerResponse): Promise<void> {
  const params = method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
  const request = readAuthorize(emulator, params);
  if (typeof request === 'string') return page(response, 400, `<h1>Authorization failed</h1><p>${escape(request)}</p>`);
  if (method === 'GET') {
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state']
      .filter((key) => params.has(key))
      .map((key) => `<input type="hidden" name="${key}" value="${escape(params.get(key)!)}">`)
      .join('');
    const options = people(emulator)
      .map((user) => `<option value="${user.id}">${escape(user.username)}</option>`)
      .join('');
    return page(
      response,
      200,
      `<h1>${escape(emulator.options.applicationName)} wants to access your account</h1>` +
        `<p>Scopes: ${request.scopes.map(escape).join(', ')}</p>` +
        `<form method="post" action="/oauth2/authorize">${hidden}` +
        `<label for="user_id">Signed in to Discord as</label> <select id="user_id" name="user_id">${options}</select> ` +
        `<button type="submit" name="decision" value="authorize">Authorize</button> ` +
        `<button type="submit" name="decision" value="cancel">Cancel</button></form>`,
    );
  }
  const back = new URL(request.redirectUri);
  if (request.state !== null) back.searchParams.set('state', request.state);
  const user = emulator.world.user(params.get('user_id') ?? '');
  if (params.get('decision') !== 'authorize' || !user || user.bot) {
    back.searchParams.set('error', 'access_denied');
    back.searchParams.set('error_description', 'The resource owner or authorization server denied the request');
  } else {
    const code = randomBytes(16).toString('base64url');
    emulator.oauth2.codes.set(code, { userId: user.id, scopes: request.scopes, redirectUri: request.redirectUri, expiresAt: Date.now() + CODE_TTL_MS });
    back.searchParams.set('code', code);
  }
  response.writeHead(302, { location: back.toString() });
  response.end();
}

function clientCredentials(request: RestRequest): { id: string; secret: string } {
  const basic = /^Basic (.+)$/.exec(String(request.headers.authorization ?? ''));
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  return { id: String(body.client_id ?? ''), secret: String(body.client_secret ?? '') };
}

function exchangeCode(emulator: Emulator, request: RestRequest): RestResponse {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw oauthError(400, 'invalid_request', 'The token endpoint takes application/x-www-form-urlencoded bodies.');
  }
  const body = (request.body ?? {}) as Record<string, unknown>;
  const client = clientCredentials(request);
  if (client.id !== emulator.applicationId || client.secret !== emulator.oauth2.clientSecret) throw oauthError(401, 'invalid_client', 'Invalid client credentials.');
  if (body.grant_type !== 'authorization_code') throw oauthError(400, 'unsupported_grant_type', 'Only authorization_code is supported here.');
  const code = String(body.code ?? '');
  const grant = emulator.oauth2.codes.get(code);
  // A code is good once: a replayed one is refused like an unknown one.
  emulator.oauth2.codes.delete(code);
  if (!grant || grant.expiresAt < Date.now()) throw oauthError(400, 'invalid_grant', 'Invalid "code" in request.');
  if (body.redirect_uri !== grant.redirectUri) throw oauthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
  const accessToken = randomBytes(24).toString('base64url');
  emulator.oauth2.tokens.set(accessToken, { ...grant, expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
  return {
    status: 200,
    json: { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_S, refresh_token: randomBytes(24).toString('base64url'), scope: grant.scopes.join(' ') },
  };
}

/** The user a bearer token was granted by, provided the grant has `scope`. */
function bearerUser(emulator: Emulator, request: RestRequest, scope: string): UserRecord {
  const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
  const grant = emulator.oauth2.tokens.get(token);
  if (!grant || grant.expiresAt < Date.now()) throw Errors.unauthorized().explained('the bearer token is unknown or expired');
  if (!grant.scopes.includes(scope)) throw Errors.unauthorized().explained(`the bearer token lacks the ${scope} scope`);
  const user = emulator.world.user(grant.userId);
  if (!user) throw Errors.unauthorized();
  return user;
}

/**
 * `/users/@me` and `/users/@me/guilds` answer both a bot token (the bot's own account, `botHandler`) and a user's
 * bearer token (the person who authorized).
 */
export function botOrBearer(emulator: Emulator, botHandler: Handler, bearerHandler: (user: UserRecord, request: RestRequest) => RestResponse): Handler {
  return (request) => {
    const authorization = String(request.headers.authorization ?? '');
    if (authorization.startsWith('Bearer ')) return bearerHandler(bearerUser(emulator, request, request.path.endsWith('/guilds') ? 'guilds' : 'identify'), request);
    if (authorization !== `Bot ${emulator.options.token}`) {
      throw Errors.unauthorized().explained('the Authorization header is neither "Bot <token>" nor "Bearer <token>"');
    }
    return botHandler(request);
  };
}

export const bearerMe = (user: UserRecord): RestResponse => ({ status: 200, json: { ...apiUser(user), locale: user.locale, mfa_enabled: false, premium_type: 0 } });

/** The servers the person is in, with their permissions there, as `guilds` shows them. */
export function bearerGuilds(emulator: Emulator) {
  return (user: UserRecord): RestResponse => ({
    status: 200,
    json: [...emulator.world.guilds.values()]
      .filter((guild) => guild.members.has(user.id))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((guild) => ({
        id: guild.id,
        name: guild.name,
        icon: null,
        banner: null,
        owner: guild.ownerId === user.id,
        permissions: emulator.permissions(guild, user.id).toString(),
        features: [],
      })),
  });
}

export function registerOAuth2Routes(router: Router, emulator: Emulator): void {
  router.add('POST', '/oauth2/token', 'none', (request) => exchangeCode(emulator, request));
}
