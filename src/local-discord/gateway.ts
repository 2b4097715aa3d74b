import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Emulator } from './emulator.js';
import { ALL_INTENTS, INTENTS, intentFor, PRIVILEGED_INTENTS } from './intents.js';
import { apiGuildCreate, apiMember, apiUser, type GuildCreateView } from './serialize.js';
import { isRecord } from './validate/fields.js';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

const Close = {
  UnknownOpcode: [4001, 'Unknown opcode.'],
  DecodeError: [4002, 'Error while decoding payload.'],
  NotAuthenticated: [4003, 'Not authenticated.'],
  AuthenticationFailed: [4004, 'Authentication failed.'],
  AlreadyAuthenticated: [4005, 'Already authenticated.'],
  InvalidSeq: [4007, 'Invalid seq.'],
  InvalidShard: [4010, 'Invalid shard.'],
  InvalidApiVersion: [4012, 'Invalid API version.'],
  InvalidIntents: [4013, 'Invalid intent(s).'],
  DisallowedIntents: [4014, 'Disallowed intent(s).'],
} as const;

/** Events kept per session for RESUME replay. */
const REPLAY_BUFFER = 2000;
/** How long a disconnected session stays resumable. */
const SESSION_TTL_MS = 5 * 60 * 1000;

export interface Session {
  id: string;
  intents: number;
  shard: [number, number];
  largeThreshold: number;
  seq: number;
  buffer: { seq: number; text: string }[];
  socket: WebSocket | null;
  resumable: boolean;
  ready: boolean;
  discardTimer?: NodeJS.Timeout;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
}

export interface GatewayStats {
  identifies: number;
  resumes: number;
  heartbeats: number;
  reconnectRequests: number;
  invalidSessions: number;
}

function trace(): string[] {
  return [`["local-discord-gateway",{"micros":0}]`];
}

export function guildInShard(guildId: string, shard: [number, number]): boolean {
  return Number((BigInt(guildId) >> 22n) % BigInt(shard[1])) === shard[0];
}

/** The Discord gateway over `ws`: JSON encoding, no compression, sessions that can be resumed. */
export class Gateway {
  readonly sessions = new Map<string, Session>();
  readonly stats: GatewayStats = { identifies: 0, resumes: 0, heartbeats: 0, reconnectRequests: 0, invalidSessions: 0 };
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(private readonly emulator: Emulator) {}

  get resumeUrl(): string {
    return `${this.emulator.gatewayUrl}-resume`;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/gateway' && url.pathname !== '/gateway-resume') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url));
  }

  private accept(socket: WebSocket, url: URL): void {
    const connection: Connection = { socket, session: null };
    socket.on('error', () => undefined);
    if (url.searchParams.get('v') !== '10') return this.closeWith(connection, Close.InvalidApiVersion);
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json') return this.closeWith(connection, Close.DecodeError);
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(connection, data, isBinary));
    socket.on('close', (code: number) => this.onClose(connection, code));
    this.sendRaw(socket, { op: Op.Hello, d: { heartbeat_interval: this.emulator.options.heartbeatIntervalMs, _trace: trace() }, s: null, t: null });
  }

  private closeWith(connection: Connection, [code, reason]: readonly [number, string]): void {
    this.emulator.log(`gateway close ${code} ${reason}`);
    connection.socket.close(code, reason);
  }

  private sendRaw(socket: WebSocket | null, payload: unknown): void {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: unknown;
    try {
      if (isBinary) throw new Error('binary frames are ETF/compressed, which this gateway does not speak');
      payload = JSON.parse(data.toString());
    } catch {
      return this.closeWith(connection, Close.DecodeError);
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') return this.closeWith(connection, Close.DecodeError);
    const authenticated = connection.session !== null;
    switch (payload.op) {
      case Op.Heartbeat:
        this.stats.heartbeats += 1;
        this.sendRaw(connection.socket, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        return this.identify(connection, payload.d);
      case Op.Resume:
        return this.resume(connection, payload.d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        if (!authenticated) return this.closeWith(connection, Close.NotAuthenticated);
        return;
      case Op.RequestGuildMembers:
        if (!authenticated) return this.closeWith(connection, Close.NotAuthenticated);
        return this.requestGuildMembers(connection, payload.d);
      default:
        return this.closeWith(connection, Close.UnknownOpcode);
    }
  }

  private identify(connection: Connection, d: unknown): void {
    if (connection.session) return this.closeWith(connection, Close.AlreadyAuthenticated);
    if (!isRecord(d) || d.token !== this.emulator.options.token) return this.closeWith(connection, Close.AuthenticationFailed);
    if (!isRecord(d.properties)) return this.closeWith(connection, Close.DecodeError);
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      return this.closeWith(connection, Close.InvalidIntents);
    }
    const privileged = PRIVILEGED_INTENTS.reduce((bits, name) => bits | INTENTS[name], 0);
    if ((intents & privileged & ~this.emulator.privilegedIntentBits()) !== 0) return this.closeWith(connection, Close.DisallowedIntents);
    const shard = d.shard ?? [0, 1];
    if (
      !Array.isArray(shard) ||
      shard.length !== 2 ||
      !shard.every((n) => Number.isInteger(n)) ||
      (shard[1] as number) < 1 ||
      (shard[0] as number) < 0 ||
      (shard[0] as number) >= (shard[1] as number)
    ) {
      return this.closeWith(connection, Close.InvalidShard);
    }
    const largeThreshold = typeof d.large_threshold === 'number' ? Math.min(250, Math.max(50, d.large_threshold)) : 50;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      shard: [shard[0] as number, shard[1] as number],
      largeThreshold,
      seq: 0,
      buffer: [],
      socket: connection.socket,
      resumable: true,
      ready: false,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.stats.identifies += 1;
    const { world } = this.emulator;
    const guilds = [...world.guilds.values()].filter((g) => g.members.has(world.bot.id) && guildInShard(g.id, session.shard));
    this.send(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...apiUser(world.bot), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.resumeUrl,
      shard: session.shard,
      application: { id: this.emulator.applicationId, flags: this.emulator.applicationFlags },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['local'],
      auth: {},
      _trace: trace(),
    });
    if ((intents & INTENTS.Guilds) !== 0) {
      for (const guild of guilds) {
        this.send(session, 'GUILD_CREATE', apiGuildCreate(world, guild, this.guildView(session)));
      }
    }
    session.ready = true;
    this.emulator.bus.emit('session-ready', session.id);
  }

  /** What a session's GUILD_CREATE contains, given its intents. */
  guildView(session: Session): GuildCreateView {
    return {
      allMembers: (session.intents & INTENTS.GuildPresences) !== 0,
      voiceStates: (session.intents & INTENTS.GuildVoiceStates) !== 0,
      largeThreshold: session.largeThreshold,
    };
  }

  private resume(connection: Connection, d: unknown): void {
    if (connection.session) return this.closeWith(connection, Close.AlreadyAuthenticated);
    if (!isRecord(d) || d.token !== this.emulator.options.token) return this.closeWith(connection, Close.AuthenticationFailed);
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = d.seq;
    const oldest = session?.buffer[0]?.seq ?? (session ? session.seq + 1 : 0);
    if (!session || !session.resumable || (typeof seq === 'number' && seq + 1 < oldest)) {
      this.stats.invalidSessions += 1;
      this.sendRaw(connection.socket, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (typeof seq !== 'number' || seq > session.seq) return this.closeWith(connection, Close.InvalidSeq);
    if (session.socket && session.socket !== connection.socket) session.socket.terminate();
    clearTimeout(session.discardTimer);
    session.socket = connection.socket;
    connection.session = session;
    for (const entry of session.buffer) {
      if (entry.seq > seq) connection.socket.send(entry.text);
    }
    this.send(session, 'RESUMED', { _trace: trace() });
    this.stats.resumes += 1;
    this.emulator.bus.emit('session-resumed', session.id);
  }

  private requestGuildMembers(connection: Connection, d: unknown): void {
    const session = connection.session as Session;
    if (!isRecord(d) || typeof d.guild_id !== 'string') return this.closeWith(connection, Close.DecodeError);
    const guild = this.emulator.world.guild(d.guild_id);
    if (!guild || !guildInShard(guild.id, session.shard)) return;
    const nonce = typeof d.nonce === 'string' ? d.nonce : undefined;
    const userIds = Array.isArray(d.user_ids) ? d.user_ids.map(String) : typeof d.user_ids === 'string' ? [d.user_ids] : undefined;
    let members = [...guild.members.values()];
    let notFound: string[] = [];
    if (userIds) {
      notFound = userIds.filter((id) => !guild.members.has(id));
      members = members.filter((m) => userIds.includes(m.userId));
    } else {
      const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
      const limit = typeof d.limit === 'number' ? d.limit : 0;
      if ((session.intents & INTENTS.GuildMembers) === 0 && (query === '' || limit === 0)) {
        this.emulator.recordViolation({
          rule: 'missing-intent',
          message: 'requested the whole member list (REQUEST_GUILD_MEMBERS with an empty query) without the GUILD_MEMBERS intent',
          method: 'GATEWAY',
          path: `op ${Op.RequestGuildMembers}`,
          route: 'GATEWAY REQUEST_GUILD_MEMBERS',
          status: 0,
          code: Close.InvalidIntents[0],
        });
        members = [];
      } else {
        members = members.filter((m) => {
          const user = this.emulator.world.user(m.userId);
          return (user?.username.toLowerCase().startsWith(query) ?? false) || (m.nick?.toLowerCase().startsWith(query) ?? false);
        });
        if (limit > 0) members = members.slice(0, limit);
      }
    }
    this.send(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.map((m) => apiMember(this.emulator.world, m)),
      chunk_index: 0,
      chunk_count: 1,
      ...(notFound.length > 0 && { not_found: notFound }),
      ...(d.presences === true && { presences: [] }),
      ...(nonce !== undefined && { nonce }),
    });
  }

  private onClose(connection: Connection, code: number): void {
    const session = connection.session;
    if (!session || session.socket !== connection.socket) return;
    session.socket = null;
    // Closing with 1000/1001 ends the session for good; any other code leaves it resumable for a while.
    if (code === 1000 || code === 1001) {
      session.resumable = false;
      this.sessions.delete(session.id);
      return;
    }
    session.discardTimer = setTimeout(() => {
      session.resumable = false;
      this.sessions.delete(session.id);
    }, SESSION_TTL_MS);
    session.discardTimer.unref();
  }

  private send(session: Session, event: string, data: unknown): void {
    session.seq += 1;
    const text = JSON.stringify({ op: Op.Dispatch, t: event, s: session.seq, d: data });
    session.buffer.push({ seq: session.seq, text });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    if (session.socket && session.socket.readyState === WebSocket.OPEN) session.socket.send(text);
  }

  /**
   * Sends a dispatch to every live or resumable session whose intents and shard cover it. `data` may be a
   * function of the session, for payloads that depend on its intents.
   */
  dispatch(event: string, data: object | ((session: Session) => unknown), guildId?: string): number {
    const intent = intentFor(event);
    let delivered = 0;
    for (const session of this.sessions.values()) {
      if (!session.resumable || !session.ready) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      if (guildId !== undefined && !guildInShard(guildId, session.shard)) continue;
      const payload = typeof data === 'function' ? (data as (session: Session) => unknown)(session) : data;
      if (payload === undefined) continue;
      this.send(session, event, payload);
      delivered += 1;
    }
    return delivered;
  }

  /** Sessions with an open socket that finished their READY/GUILD_CREATE burst. */
  connectedSessions(): Session[] {
    return [...this.sessions.values()].filter((s) => s.ready && s.socket?.readyState === WebSocket.OPEN);
  }

  /** Sends RECONNECT (op 7) to every connected session and resolves once each has resumed or re-identified. */
  async requestReconnect(timeoutMs = 10_000): Promise<void> {
    const targets = this.connectedSessions();
    if (targets.length === 0) throw new Error('no bot is connected to the gateway');
    this.stats.reconnectRequests += 1;
    const done = targets.map(
      (target) =>
        new Promise<void>((resolve, reject) => {
          const finish = (): void => {
            clearTimeout(timer);
            this.emulator.bus.off('session-resumed', onResumed);
            this.emulator.bus.off('session-ready', onReady);
          };
          const onResumed = (id: string): void => {
            if (id !== target.id) return;
            finish();
            resolve();
          };
          const onReady = (): void => {
            finish();
            resolve();
          };
          const timer = setTimeout(() => {
            finish();
            reject(new Error(`the bot did not resume session ${target.id} within ${timeoutMs} ms after RECONNECT`));
          }, timeoutMs);
          this.emulator.bus.on('session-resumed', onResumed);
          this.emulator.bus.on('session-ready', onReady);
        }),
    );
    for (const target of targets) this.sendRaw(target.socket, { op: Op.Reconnect, d: null, s: null, t: null });
    await Promise.all(done);
  }

  /**
   * A fault for tests: cuts every connected session's socket without a close frame (the client sees 1006, as when
   * the network drops) and resolves once each has resumed.
   */
  async dropConnections(timeoutMs = 15_000): Promise<void> {
    const targets = this.connectedSessions();
    if (targets.length === 0) throw new Error('no bot is connected to the gateway');
    const done = targets.map((target) => this.waitFor('session-resumed', target.id, timeoutMs, 'resume after the connection dropped'));
    for (const target of targets) target.socket?.terminate();
    await Promise.all(done);
  }

  /**
   * A fault for tests: sends INVALID_SESSION (d: false) to every connected session and forgets it, as Discord does
   * when it cannot resume a session; resolves once the bot has identified again (a new session).
   */
  async invalidateSessions(timeoutMs = 20_000): Promise<void> {
    const targets = this.connectedSessions();
    if (targets.length === 0) throw new Error('no bot is connected to the gateway');
    const done = targets.map(() => this.waitFor('session-ready', undefined, timeoutMs, 'identify again after INVALID_SESSION'));
    for (const target of targets) {
      target.resumable = false;
      clearTimeout(target.discardTimer);
      this.sessions.delete(target.id);
      this.stats.invalidSessions += 1;
      this.sendRaw(target.socket, { op: Op.InvalidSession, d: false, s: null, t: null });
    }
    await Promise.all(done);
  }

  private waitFor(event: 'session-resumed' | 'session-ready', sessionId: string | undefined, timeoutMs: number, what: string): Promise<void> {
    const { bus } = this.emulator;
    return new Promise<void>((resolve, reject) => {
      const listener = (id: string): void => {
        if (sessionId !== undefined && id !== sessionId) return;
        clearTimeout(timer);
        bus.off(event, listener);
        resolve();
      };
      const timer = setTimeout(() => {
        bus.off(event, listener);
        reject(new Error(`the bot did not ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      bus.on(event, listener);
    });
  }

  close(): void {
    for (const session of this.sessions.values()) {
      clearTimeout(session.discardTimer);
      session.socket?.terminate();
    }
    this.sessions.clear();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
