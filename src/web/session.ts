import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Snowflake } from '../config.js';

/** What a signed-in browser carries: who they are and the servers they were in (bot's servers only) at sign-in. */
export const Session = z.object({
  /** Random per sign-in: the CSRF token derives from it, so it changes with every session. */
  sid: z.string().min(16).max(64),
  userId: Snowflake,
  name: z.string().max(100),
  guildIds: z.array(Snowflake).max(200),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});
export type Session = z.infer<typeof Session>;

export const SESSION_COOKIE = 'marquee_session';
export const STATE_COOKIE = 'marquee_oauth';
export const FLASH_COOKIE = 'marquee_flash';
export const SESSION_DAYS = 14;

const OAuthState = z.object({ state: z.string().min(16).max(64), next: z.string().max(500), exp: z.number().int() });
export type OAuthState = z.infer<typeof OAuthState>;

/** HMAC-signed JSON values for cookies: `base64url(json).base64url(hmac)`; anything tampered with reads as absent. */
export class Signer {
  constructor(private readonly secret: string) {}

  private mac(text: string): Buffer {
    return createHmac('sha256', this.secret).update(text).digest();
  }

  sign(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  verify<T>(schema: z.ZodType<T>, cookie: string | undefined, now = Date.now()): T | undefined {
    if (!cookie || cookie.length > 8192) return undefined;
    const [body, mac, extra] = cookie.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) return undefined;
    const exp = (result.data as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp < now ? undefined : result.data;
  }

  /** The session's CSRF token: bound to the session id, so another session's token is worthless here. */
  csrfToken(session: Session): string {
    return this.mac(`csrf:${session.sid}`).toString('base64url');
  }

  checkCsrf(session: Session, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 100) return false;
    const given = Buffer.from(token);
    const expected = Buffer.from(this.csrfToken(session));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  readSession(cookie: string | undefined): Session | undefined {
    return this.verify(Session, cookie);
  }

  readState(cookie: string | undefined): OAuthState | undefined {
    return this.verify(OAuthState, cookie);
  }
}

export const randomToken = () => randomBytes(24).toString('base64url');
