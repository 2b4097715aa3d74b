import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../app.js';
import type { Film } from '../catalog/schema.js';
import type { ServerCatalog } from '../catalog/serverCatalog.js';
import { Snowflake } from '../config.js';
import { filmChoices } from '../discord/filmOption.js';
import { isStorageRefusal, isUserError, STORAGE_REFUSED_MESSAGE } from '../errors.js';
import { IMPORT_MAX_BYTES, type ListActor } from '../lists/index.js';
import { isModerator } from '../permissions.js';
import type { GuildDirectory } from './directory.js';
import { html, type Html, withoutMarkdownEscapes } from './html.js';
import { authorizeUrl, completeSignIn, type OAuthClient, oauthEndpoints, OAuthError } from './oauth.js';
import { filmRoutes } from './routes/films.js';
import { listRoutes } from './routes/lists.js';
import { pageRoutes } from './routes/pages.js';
import { FLASH_COOKIE, randomToken, SESSION_COOKIE, SESSION_DAYS, type Session, Signer, STATE_COOKIE } from './session.js';
import type { Flash, PageContext, Viewer } from './pages/layout.js';
import { messagePage, serversPage } from './pages/misc.js';

export interface WebOptions {
  port: number;
  host: string;
  /** Where browsers reach the site (links, OAuth2 redirect, Secure cookies when https). */
  publicUrl?: string;
  sessionSecret: string;
  /** Unset: sign-in is off (public servers' pages still work). */
  oauth?: { clientId: string; clientSecret: string };
}

export interface RunningWeb {
  url: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** A refusal with the page to show for it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const FlashSchema = z.object({ kind: z.enum(['ok', 'error']), text: z.string().max(2000), exp: z.number().int() });
const NextPath = z.string().max(500).regex(/^\/(?!\/)[^\s\\]*$/);

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'site.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/site.css', import.meta.url)) },
  'site.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/site.js', import.meta.url)) },
};

/** Everything a route needs: the app, the bot's view of Discord, and the request's resolved visitor. */
export class Web {
  readonly signer: Signer;
  readonly secureCookies: boolean;
  oauth: OAuthClient | undefined;

  constructor(
    readonly app: App,
    readonly directory: GuildDirectory,
    readonly options: WebOptions,
  ) {
    this.signer = new Signer(options.sessionSecret);
    this.secureCookies = options.publicUrl?.startsWith('https:') ?? false;
  }

  /**
   * The films this server's pages show: the shared catalog plus the films the server added, corrected or merged
   * (src/catalog/serverCatalog.ts), never another server's. Its records are read first, as the Discord layer does
   * before an interaction, so a film added a moment ago in Discord has its page here.
   */
  async catalogFor(guildId: string): Promise<ServerCatalog> {
    await this.app.serverFilms.prepare(guildId);
    return this.app.catalogFor(guildId);
  }

  /**
   * The film at `:film` in this server's catalog. An id merged into another film gives the kept film (its `id`
   * differs from the one asked: pages redirect to the kept film's address). Unknown here (another server's film,
   * a typo): not found.
   */
  async film(guildId: string, filmId: string): Promise<{ film: Film; catalog: ServerCatalog }> {
    const catalog = await this.catalogFor(guildId);
    const film = catalog.get(filmId);
    if (!film) throw new HttpError(404, 'No such film', 'This server’s catalog has no film with that id.');
    return { film, catalog };
  }

  session(request: FastifyRequest): Session | undefined {
    return this.signer.readSession(request.cookies[SESSION_COOKIE]);
  }

  /** Reads (and clears) the message the previous POST left for this page. */
  takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
    const flash = this.signer.verify(FlashSchema, request.cookies[FLASH_COOKIE]);
    if (request.cookies[FLASH_COOKIE] !== undefined) reply.clearCookie(FLASH_COOKIE, { path: '/' });
    return flash && { kind: flash.kind, text: flash.text };
  }

  setFlash(reply: FastifyReply, kind: Flash['kind'], text: string): void {
    reply.setCookie(FLASH_COOKIE, this.signer.sign({ kind, text: text.slice(0, 2000), exp: Date.now() + 60_000 }), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookies,
    });
  }

  /**
   * Who is asking about this server, checked on every request: the bot must be in it; members see it, and so
   * does anyone when its moderators made it public. Moderators are decided by the same rule as in Discord.
   */
  async visitor(request: FastifyRequest, reply: FastifyReply, guildIdText: string): Promise<PageContext & { guild: { id: string; name: string } }> {
    const guildId = Snowflake.safeParse(guildIdText);
    const guild = guildId.success ? this.directory.guild(guildId.data) : undefined;
    if (!guild) throw new HttpError(404, 'Server not found', 'Marquee is not in this server, or there is no such server.');
    // Its films read before any page is built: diaries, lists and parties then name the films the server added.
    await this.app.serverFilms.prepare(guild.id);
    const session = this.session(request);
    const here = request.url.split('?')[0]!;
    const base: PageContext & { guild: { id: string; name: string } } = { guild, here, flash: this.takeFlash(request, reply) };
    if (session) {
      base.signedIn = { name: session.name };
      base.csrf = this.signer.csrfToken(session);
    }
    const config = (await this.app.store.read(guild.id)).config;
    // The servers Discord listed at sign-in narrow who is asked about; the bot's own lookup decides.
    const member = session?.guildIds.includes(guild.id) ? await this.directory.member(guild.id, session.userId) : undefined;
    if (member) {
      const viewer: Viewer = { userId: session!.userId, name: member.name, member: true, moderator: isModerator(member, config) };
      return { ...base, viewer };
    }
    if (config.webPublic === true) {
      return session ? { ...base, viewer: { userId: session.userId, name: session.name, member: false, moderator: false } } : base;
    }
    if (!session) throw new HttpError(401, 'Sign in to see this server', 'This server’s pages are for its members. Sign in with Discord to see them.');
    throw new HttpError(403, 'Members only', 'You are not a member of this server, so its pages are closed to you.');
  }

  /**
   * For every change: a session, the session's own CSRF token in the form, and membership of the server (checked
   * now, through the bot). `moderator` additionally refuses non-moderators before the domain, which checks again.
   */
  async writer(request: FastifyRequest, reply: FastifyReply, guildIdText: string, token: unknown, need: 'member' | 'moderator'): Promise<{ context: PageContext; actor: ListActor }> {
    const session = this.session(request);
    if (!session) throw new HttpError(401, 'Sign in first', 'Sign in with Discord to change anything.');
    if (!this.signer.checkCsrf(session, token)) throw new HttpError(403, 'Form expired', 'This form’s security token is missing or wrong. Reload the page and try again.');
    const context = await this.visitor(request, reply, guildIdText);
    const guildId = context.guild.id;
    // Asked afresh, not from the page's remembered lookup: a role removed a second ago must already count.
    const member = context.viewer?.member ? await this.directory.member(guildId, session.userId, { fresh: true }) : undefined;
    if (!member || !context.viewer?.member) throw new HttpError(403, 'Members only', 'Only members of this server can do that.');
    if (need === 'moderator' && !isModerator(member, (await this.app.store.read(guildId)).config)) {
      throw new HttpError(403, 'Moderators only', 'Only moderators can change server lists: members with Manage Server, or the moderator role.');
    }
    return { context, actor: { guildId, userId: session.userId, name: member.name, access: { permissions: member.permissions, roleIds: member.roleIds } } };
  }

  sendPage(reply: FastifyReply, page: Html, status = 200): FastifyReply {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .send(page.text);
  }

  /** After a form: back to `to` with a message (Post/Redirect/Get), or JSON for the page's scripts. */
  done(request: FastifyRequest, reply: FastifyReply, to: string, said: string, kind: Flash['kind'] = 'ok'): FastifyReply {
    const text = withoutMarkdownEscapes(said);
    if (wantsJson(request)) return reply.status(kind === 'ok' ? 200 : 400).send({ ok: kind === 'ok', message: text });
    this.setFlash(reply, kind, text);
    return reply.redirect(to, 303);
  }

  /** Runs a change; what the member got wrong (a UserError) goes back to the form's page as a message. */
  async change(request: FastifyRequest, reply: FastifyReply, back: string, work: () => Promise<string | { message: string; to: string }>): Promise<FastifyReply> {
    try {
      const outcome = await work();
      return typeof outcome === 'string' ? this.done(request, reply, back, outcome) : this.done(request, reply, outcome.to, outcome.message);
    } catch (error) {
      if (isUserError(error)) return this.done(request, reply, back, error.message, 'error');
      if (isStorageRefusal(error)) {
        // The disk refused the write (full, read-only): nothing was recorded, and the member can try again later.
        this.app.log.error('web: a change could not be saved', { error, url: request.url });
        return this.done(request, reply, back, STORAGE_REFUSED_MESSAGE, 'error');
      }
      throw error;
    }
  }
}

export function wantsJson(request: FastifyRequest): boolean {
  return String(request.headers.accept ?? '').includes('application/json');
}

export function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function authRoutes(server: FastifyInstance, web: Web): void {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: web.secureCookies };

  server.get('/auth/login', async (request, reply) => {
    if (!web.oauth) {
      return web.sendPage(reply, messagePage({ here: '/' }, 'Sign-in is off', 'This Marquee has no DISCORD_CLIENT_SECRET configured, so nobody can sign in. Public servers’ pages can still be read.'), 503);
    }
    const next = NextPath.safeParse(field(request.query, 'next'));
    const state = randomToken();
    reply.setCookie(STATE_COOKIE, web.signer.sign({ state, next: next.success ? next.data : '/', exp: Date.now() + 10 * 60_000 }), { ...cookieOptions, maxAge: 600 });
    return reply.redirect(authorizeUrl(web.oauth, state), 302);
  });

  server.get('/auth/callback', async (request, reply) => {
    const saved = web.signer.readState(request.cookies[STATE_COOKIE]);
    reply.clearCookie(STATE_COOKIE, { path: '/' });
    const query = request.query as Record<string, unknown>;
    if (!web.oauth || !saved || field(query, 'state') !== saved.state) {
      return web.sendPage(reply, messagePage({ here: '/' }, 'Sign-in failed', 'That sign-in link is stale or was not started here. Try signing in again.'), 400);
    }
    const code = field(query, 'code');
    if (!code) return web.sendPage(reply, messagePage({ here: '/' }, 'Sign-in cancelled', 'Discord did not sign you in (you may have cancelled).'), 400);
    let user;
    try {
      user = await completeSignIn(web.oauth, code.slice(0, 200));
    } catch (error) {
      if (error instanceof OAuthError) return web.sendPage(reply, messagePage({ here: '/' }, 'Sign-in failed', error.message), 502);
      throw error;
    }
    // Only the servers Marquee is in are worth remembering (and keep the cookie small).
    const guildIds = user.guildIds.filter((id) => web.directory.guild(id) !== undefined).slice(0, 200);
    const session: Session = { sid: randomToken(), userId: user.userId, name: user.name, guildIds, exp: Date.now() + SESSION_DAYS * 86_400_000 };
    reply.setCookie(SESSION_COOKIE, web.signer.sign(session), { ...cookieOptions, maxAge: SESSION_DAYS * 86_400 });
    return reply.redirect(saved.next, 303);
  });

  server.post('/auth/logout', async (request, reply) => {
    const session = web.session(request);
    if (session && !web.signer.checkCsrf(session, field(request.body, '_csrf'))) {
      throw new HttpError(403, 'Form expired', 'This form’s security token is missing or wrong. Reload the page and try again.');
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  server.get('/', async (request, reply) => {
    const session = web.session(request);
    const context: PageContext = { here: '/', flash: web.takeFlash(request, reply) };
    if (session) {
      context.signedIn = { name: session.name };
      context.csrf = web.signer.csrfToken(session);
    }
    const servers = (session?.guildIds ?? []).flatMap((id) => web.directory.guild(id) ?? []);
    servers.sort((a, b) => a.name.localeCompare(b.name));
    return web.sendPage(reply, serversPage(context, servers));
  });
}

export async function buildWebServer(app: App, directory: GuildDirectory, options: WebOptions): Promise<{ server: FastifyInstance; web: Web }> {
  const web = new Web(app, directory, options);
  const server = Fastify({ logger: false, trustProxy: true, bodyLimit: IMPORT_MAX_BYTES * 2 });
  await server.register(cookie);
  await server.register(formbody, { bodyLimit: IMPORT_MAX_BYTES * 2 });
  await server.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: IMPORT_MAX_BYTES } });

  server.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // Only our own assets; no inline scripts (every value on a page is escaped, and this backs it up).
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self' " + (options.oauth ? oauthEndpoints(app.config.DISCORD_API_URL).authorize.replace(/\/oauth2\/authorize$/, '') : ''));
    return payload;
  });

  server.setErrorHandler(async (error, request, reply) => {
    const failure = error instanceof HttpError ? error : isUserError(error) ? new HttpError(400, 'That did not work', error.message) : undefined;
    const status = failure?.status ?? ((error as { statusCode?: number }).statusCode && (error as { statusCode: number }).statusCode < 500 ? (error as { statusCode: number }).statusCode : 500);
    if (!failure && status >= 500) app.log.error('web request failed', { error, url: request.url });
    const title = failure?.title ?? (status < 500 ? 'Bad request' : 'Something went wrong');
    const message = failure?.message ?? (status < 500 ? 'The request could not be read.' : 'Marquee hit an error showing this page. Try again in a moment.');
    if (wantsJson(request)) return reply.status(status).send({ ok: false, message });
    const session = web.session(request);
    const context: PageContext = { here: request.url.split('?')[0]! };
    if (session) {
      context.signedIn = { name: session.name };
      context.csrf = web.signer.csrfToken(session);
    }
    const signIn = status === 401 ? html`<p><a class="button" href="/auth/login?next=${encodeURIComponent(context.here)}">Sign in with Discord</a></p>` : undefined;
    return web.sendPage(reply, messagePage(context, title, message, signIn), status);
  });

  server.get('/assets/:name', async (request, reply) => {
    const asset = ASSETS[(request.params as { name: string }).name];
    if (!asset) throw new HttpError(404, 'Not found', 'There is no such file.');
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
  });

  authRoutes(server, web);
  pageRoutes(server, web);
  filmRoutes(server, web);
  listRoutes(server, web);

  server.get('/servers/:guild/search.json', async (request, reply) => {
    const context = await web.visitor(request, reply, (request.params as { guild: string }).guild);
    const query = String(field(request.query, 'q') ?? '').slice(0, 200);
    // The very search Discord's autocomplete runs for every film option, over this server's catalog with its club prior.
    const catalog = await web.catalogFor(context.guild.id);
    return reply.header('cache-control', 'private, no-store').send(filmChoices(catalog, query, app.clubPrior.boostFor(context.guild.id)).map((choice) => ({ id: choice.value, name: choice.name })));
  });

  server.setNotFoundHandler(async (request) => {
    throw new HttpError(404, 'Not found', `There is no page at ${request.url.split('?')[0]}.`);
  });
  return { server, web };
}

/** Starts the website in the bot's process; `publicUrl` defaults to the address it listens on. */
export async function startWebServer(app: App, directory: GuildDirectory, options: WebOptions): Promise<RunningWeb> {
  const { server, web } = await buildWebServer(app, directory, options);
  await server.listen({ port: options.port, host: options.host });
  const address = server.server.address() as AddressInfo;
  const url = options.publicUrl ?? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (options.oauth) {
    web.oauth = { ...options.oauth, redirectUri: `${url}/auth/callback`, endpoints: oauthEndpoints(app.config.DISCORD_API_URL) };
  }
  return { url, server, close: () => server.close() };
}
