import { z } from 'zod';
import { Snowflake } from '../config.js';

/** Discord's OAuth2 endpoints, derived from DISCORD_API_URL so a local Discord (tests, playground) serves them too. */
export interface OAuthEndpoints {
  authorize: string;
  token: string;
  me: string;
  guilds: string;
}

export function oauthEndpoints(apiUrl: string): OAuthEndpoints {
  const site = apiUrl.replace(/\/api$/, '');
  return { authorize: `${site}/oauth2/authorize`, token: `${apiUrl}/v10/oauth2/token`, me: `${apiUrl}/v10/users/@me`, guilds: `${apiUrl}/v10/users/@me/guilds` };
}

export const SCOPES = 'identify guilds';

const TokenResponse = z.object({ access_token: z.string().min(1).max(500), token_type: z.string() });
const User = z.object({ id: Snowflake, username: z.string().max(100), global_name: z.string().max(100).nullish() });
const Guilds = z.array(z.object({ id: Snowflake, name: z.string().max(200) }).passthrough()).max(500);

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  endpoints: OAuthEndpoints;
}

export function authorizeUrl(client: OAuthClient, state: string): string {
  const url = new URL(client.endpoints.authorize);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('scope', SCOPES);
  url.searchParams.set('redirect_uri', client.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('prompt', 'none');
  return url.toString();
}

async function getJson<T>(url: string, init: RequestInit, schema: z.ZodType<T>, what: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new OAuthError(`Discord could not be reached for ${what}.`);
  }
  if (!response.ok) throw new OAuthError(`Discord refused ${what} (HTTP ${response.status}).`);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new OAuthError(`Discord's answer for ${what} was not understood.`);
  return parsed.data;
}

export interface SignedInUser {
  userId: string;
  name: string;
  guildIds: string[];
}

/** Exchanges the authorization code, then reads who signed in and which servers they are in. */
export async function completeSignIn(client: OAuthClient, code: string): Promise<SignedInUser> {
  const token = await getJson(
    client.endpoints.token,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: client.redirectUri,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    },
    TokenResponse,
    'the sign-in code',
  );
  const headers = { authorization: `Bearer ${token.access_token}` };
  const [user, guilds] = await Promise.all([getJson(client.endpoints.me, { headers }, User, 'your account'), getJson(client.endpoints.guilds, { headers }, Guilds, 'your servers')]);
  return { userId: user.id, name: (user.global_name || user.username).slice(0, 100), guildIds: guilds.map((guild) => guild.id) };
}
