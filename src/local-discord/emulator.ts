import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { ApiError, Errors } from './errors.js';
import { Faults } from './faults.js';
import { Gateway, type Session } from './gateway.js';
import { parseBody, rateLimitHeaders, readBody, type RestRequest, Router, sendJson } from './http.js';
import { INTENTS, type IntentName, PRIVILEGED_INTENTS } from './intents.js';
import type { InteractionRecord } from './interactions.js';
import { ALL_PERMISSIONS } from './permissions.js';
import { registerApplicationRoutes } from './routes/application.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerCommandRoutes } from './routes/commands.js';
import { registerGuildRoutes } from './routes/guilds.js';
import { registerInteractionRoutes } from './routes/interactions.js';
import { OAuth2State, registerOAuth2Routes, serveAuthorize } from './routes/oauth2.js';
import { SnowflakeGenerator } from './snowflake.js';
import type { RequestLogEntry, Violation } from './violations.js';
import { type GuildRecord, type MessageRecord, type UserRecord, World } from './world.js';

export interface EmulatorOptions {
  /** Time the bot has to acknowledge an interaction (Discord: 3000 ms). */
  ackDeadlineMs: number;
  /** Gateway heartbeat interval announced in HELLO (Discord: 41250 ms). */
  heartbeatIntervalMs: number;
  /** Lifetime of interaction tokens for follow-ups and edits (Discord: 15 minutes). */
  interactionTokenTtlMs: number;
  /** Upload limit per file (Discord: 10 MiB for unboosted servers). */
  attachmentSizeLimit: number;
  /** Privileged intents switched on in the "developer portal". */
  privilegedIntents: readonly IntentName[];
  /**
   * The shard count GET /gateway/bot recommends (a bot asking with SHARD_COUNT=auto runs that many). Unset: one
   * per 1,000 servers the bot is in, at least one, as Discord sizes them (it requires sharding from 2,500).
   */
  recommendedShards?: number;
  token: string;
  botName: string;
  applicationName: string;
  host: string;
  port: number;
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<EmulatorOptions, 'token'> = {
  ackDeadlineMs: 3000,
  heartbeatIntervalMs: 41250,
  interactionTokenTtlMs: 15 * 60 * 1000,
  attachmentSizeLimit: 10 * 1024 * 1024,
  privilegedIntents: PRIVILEGED_INTENTS,
  botName: 'Marquee',
  applicationName: 'Marquee',
  host: '127.0.0.1',
  port: 0,
};

export interface EmulatorEvents {
  violation: [Violation];
  ack: [InteractionRecord];
  'message-created': [MessageRecord];
  'message-updated': [MessageRecord];
  'message-deleted': [MessageRecord];
  'session-ready': [string];
  'session-resumed': [string];
  'commands-changed': [string | undefined];
}

/** A bot token in Discord's shape: base64(bot id).timestamp.hmac. */
function makeToken(botId: string): string {
  const id = Buffer.from(botId).toString('base64url');
  const stamp = randomBytes(4).toString('base64url');
  return `${id}.${stamp}.${randomBytes(27).toString('base64url')}`;
}

/** The emulated Discord: state, REST server and gateway. The public driver wraps it (LocalDiscord). */
export class Emulator {
  readonly ids = new SnowflakeGenerator();
  readonly world: World;
  readonly options: EmulatorOptions;
  readonly bus = new EventEmitter<EmulatorEvents>();
  readonly violations: Violation[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** The application's owner: a developer account outside every guild. */
  readonly owner: UserRecord;
  readonly gateway: Gateway;
  /** Faults a test switches on (rate limits, 5xx, slowness, refusals, gateway drops); none by default. */
  readonly faults: Faults;
  /** The application's OAuth2 side: client secret, registered redirect URIs, codes and tokens. */
  readonly oauth2 = new OAuth2State();
  private readonly router = new Router();
  private readonly server: Server;
  private address: AddressInfo | undefined;

  constructor(options: Partial<EmulatorOptions> = {}) {
    const botId = new SnowflakeGenerator().next(Date.now() - 86_400_000);
    const merged = { ...DEFAULT_OPTIONS, ...options };
    this.options = { ...merged, token: options.token ?? makeToken(botId) };
    this.world = new World({
      id: botId,
      username: this.options.botName,
      globalName: null,
      discriminator: '0001',
      bot: true,
      locale: 'en-US',
    });
    this.owner = this.createUser('developer');
    this.bus.setMaxListeners(0);
    this.gateway = new Gateway(this);
    this.faults = new Faults(this.gateway);
    registerApplicationRoutes(this.router, this);
    registerCommandRoutes(this.router, this);
    registerInteractionRoutes(this.router, this);
    registerChannelRoutes(this.router, this);
    registerGuildRoutes(this.router, this);
    registerOAuth2Routes(this.router, this);
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.gateway.handleUpgrade(request, socket, head);
    });
    // discord.js keeps connections alive; never let an idle socket hold the process.
    this.server.keepAliveTimeout = 5000;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.address = this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    if (!this.address) throw new Error('the local Discord is not listening yet');
    return `http://${this.options.host}:${this.address.port}`;
  }

  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/gateway`;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  /** Application flags as the portal would set them for the enabled privileged intents (unverified app). */
  get applicationFlags(): number {
    let flags = 0;
    if (this.options.privilegedIntents.includes('GuildPresences')) flags |= 1 << 13;
    if (this.options.privilegedIntents.includes('GuildMembers')) flags |= 1 << 15;
    if (this.options.privilegedIntents.includes('MessageContent')) flags |= 1 << 19;
    if (this.world.globalCommands.size > 0) flags |= 1 << 23;
    return flags;
  }

  privilegedIntentBits(): number {
    return this.options.privilegedIntents.reduce((bits, name) => bits | INTENTS[name], 0);
  }

  createUser(username: string, globalName: string | null = null, locale = 'en-US', id?: string): UserRecord {
    if (id !== undefined && this.world.users.has(id)) throw new Error(`a user with id ${id} already exists`);
    const user: UserRecord = { id: id ?? this.ids.next(), username, globalName, discriminator: '0', bot: false, locale };
    this.world.users.set(user.id, user);
    return user;
  }

  /** Guild-level permissions of a member (there are no channel overwrites in the emulator). */
  permissions(guild: GuildRecord, userId: string): bigint {
    return this.world.basePermissions(guild, userId, ALL_PERMISSIONS);
  }

  log(line: string): void {
    this.options.log?.(line);
  }

  recordViolation(violation: Omit<Violation, 'at'>): Violation {
    const full: Violation = { ...violation, at: new Date().toISOString() };
    this.violations.push(full);
    this.log(`violation ${full.rule}: ${full.route} ${full.message}`);
    this.bus.emit('violation', full);
    return full;
  }

  /** Sends a gateway dispatch; `data` may be computed per session (its payload can depend on the intents). */
  dispatch(event: string, data: object | ((session: Session) => unknown), guildId?: string): number {
    return this.gateway.dispatch(event, data, guildId);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/attachments/') || url.pathname.startsWith('/ephemeral-attachments/')) {
      this.serveAttachment(url.pathname, response);
      return;
    }
    if (url.pathname === '/oauth2/authorize' && (method === 'GET' || method === 'POST')) {
      await serveAuthorize(this, method, url, method === 'POST' ? await readBody(request) : Buffer.alloc(0), response);
      return;
    }
    const versioned = /^\/api\/v(\d+)(\/.*)?$/.exec(url.pathname);
    const path = versioned?.[2] ?? '/';
    let routeName = `${method} ${url.pathname}`;
    let restRequest: RestRequest | undefined;
    try {
      const unknown = `the local Discord does not implement ${method} ${url.pathname}`;
      if (!versioned || versioned[1] !== '10') throw Errors.notFound().explained(`${unknown} (only API v10 is served)`);
      const match = this.router.match(method, path);
      if (match.kind === 'wrong-method') throw Errors.methodNotAllowed().explained(unknown);
      if (match.kind === 'none') throw Errors.notFound().explained(unknown);
      routeName = `${method} ${match.route.template}`;
      if (match.route.auth === 'bot' && request.headers.authorization !== `Bot ${this.options.token}`) {
        throw Errors.unauthorized().explained('the Authorization header is not "Bot <token>" with the emulator\'s token');
      }
      const raw = await readBody(request);
      const { body, uploads } = await parseBody(request.headers['content-type'], raw);
      restRequest = {
        method,
        path,
        route: match.route.template,
        params: match.params,
        query: url.searchParams,
        headers: request.headers,
        body,
        uploads,
      };
      const fault = await this.faults.intercept(restRequest);
      if (fault) {
        // An injected fault is Discord misbehaving, not the bot: logged as an answer, never as a violation.
        this.logRequest(method, url.pathname, routeName, fault.status);
        sendJson(response, fault.status, fault.json, { ...rateLimitHeaders(method, match.route.template), ...fault.headers });
        return;
      }
      const result = await match.route.handler(restRequest);
      this.logRequest(method, url.pathname, routeName, result.status);
      const headers = rateLimitHeaders(method, match.route.template);
      if (result.binary) {
        response.writeHead(result.status, { ...headers, 'content-type': result.binary.contentType });
        response.end(result.binary.data);
      } else sendJson(response, result.status, result.json, headers);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.log(`emulator error on ${routeName}: ${(error as Error).stack ?? String(error)}`);
        this.recordViolation({
          rule: 'emulator-error',
          message: `the local Discord crashed handling this request: ${(error as Error).message}`,
          method,
          path: url.pathname,
          route: routeName,
          status: 500,
          code: 0,
          ...(restRequest?.interactionId !== undefined && { interactionId: restRequest.interactionId }),
        });
        this.logRequest(method, url.pathname, routeName, 500);
        sendJson(response, 500, { message: '500: Internal Server Error', code: 0 });
        return;
      }
      // Drain what the client still sends so it reads our answer instead of a reset connection.
      request.resume();
      if (restRequest?.alteredByFault) {
        this.logRequest(method, url.pathname, routeName, error.status);
        sendJson(response, error.status, error.body, rateLimitHeaders(method, routeName));
        return;
      }
      this.recordViolation({
        rule: error.rule,
        message: error.message,
        method,
        path: url.pathname,
        route: routeName,
        status: error.status,
        code: error.body.code,
        ...(restRequest?.interactionId !== undefined && { interactionId: restRequest.interactionId }),
      });
      this.logRequest(method, url.pathname, routeName, error.status);
      sendJson(response, error.status, error.body, routeName.includes(':') ? rateLimitHeaders(method, routeName) : {});
    }
  }

  private logRequest(method: string, path: string, route: string, status: number): void {
    this.requestLog.push({ method, path, route, status, at: new Date().toISOString() });
    this.log(`${status} ${method} ${path}`);
  }

  private serveAttachment(pathname: string, response: ServerResponse): void {
    const parts = pathname.split('/');
    const attachment = this.world.attachments.get(parts[3] ?? '');
    if (!attachment) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    response.writeHead(200, {
      'content-type': attachment.contentType ?? 'application/octet-stream',
      'content-length': attachment.size.toString(),
      'content-disposition': `attachment; filename="${attachment.filename}"`,
    });
    response.end(attachment.data);
  }
}
