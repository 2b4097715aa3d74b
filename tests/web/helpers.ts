import { startClubWebsite, type RunningWeb } from '../../src/web/index.js';
import { startTestClub, type TestClub } from '../e2e/harness.js';
import type { LocalClubOptions } from '../../src/playground/localClub.js';

export interface WebClub extends TestClub {
  web: RunningWeb;
}

/** The test club with its website on a free port, sign-in pointed at the local Discord's OAuth2. */
export async function startWebClub(options: Partial<LocalClubOptions> = {}): Promise<WebClub> {
  const club = await startTestClub(options);
  const { oauth2 } = club.discord;
  const web = await startClubWebsite(club.app, club.bot.client, { port: 0, host: '127.0.0.1', oauth: { clientId: oauth2.clientId, clientSecret: oauth2.clientSecret } });
  // As a host registers PUBLIC_URL/auth/callback in the developer portal.
  oauth2.addRedirectUri(`${web!.url}/auth/callback`);
  return {
    ...club,
    web: web!,
    async stop() {
      await web!.close();
      await club.stop();
    },
  };
}

/** A minimal browser without JavaScript: a cookie jar, manual redirects. */
export class HttpVisitor {
  readonly cookies = new Map<string, Map<string, string>>();

  constructor(readonly base: string) {}

  private jar(url: URL): Map<string, string> {
    let jar = this.cookies.get(url.host);
    if (!jar) this.cookies.set(url.host, (jar = new Map()));
    return jar;
  }

  async request(target: string, init: { method?: string; form?: Record<string, string>; body?: string | Uint8Array | FormData; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(target, this.base);
    const jar = this.jar(url);
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** GET, following redirects (as a browser does). */
  async get(target: string): Promise<{ status: number; url: string; text: string }> {
    let url = new URL(target, this.base).toString();
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.request(url);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).toString();
        continue;
      }
      return { status: response.status, url, text: await response.text() };
    }
    throw new Error('too many redirects');
  }

  /** POST a form; follows the redirect after it. */
  async post(target: string, form: Record<string, string>): Promise<{ status: number; url: string; text: string }> {
    const response = await this.request(target, { form });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) return this.get(new URL(location, new URL(target, this.base)).toString());
    return { status: response.status, url: new URL(target, this.base).toString(), text: await response.text() };
  }

  /** Signs in through the local Discord's consent page as `username`. */
  async signIn(username: string, next = '/'): Promise<{ status: number; url: string; text: string }> {
    const consent = await this.get(`/auth/login?next=${encodeURIComponent(next)}`);
    if (consent.status !== 200) throw new Error(`the consent page did not show: ${consent.status} ${consent.text}`);
    const fields = Object.fromEntries([...consent.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, decode(match[2]!)]));
    const option = new RegExp(`<option value="(\\d+)">${username}</option>`).exec(consent.text);
    if (!option) throw new Error(`${username} is not offered on the consent page`);
    const answer = await this.request(new URL('/oauth2/authorize', consent.url).toString(), { form: { ...fields, user_id: option[1]!, decision: 'authorize' } });
    return this.get(answer.headers.get('location')!);
  }
}

export function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The CSRF token in a page's forms. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}
