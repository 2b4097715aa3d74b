import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/local-discord/index.js';

// The local Discord's OAuth2 side, as a website signing members in sees it.

let discord: LocalDiscord;
const REDIRECT = 'http://127.0.0.1:9/auth/callback';

beforeAll(async () => {
  discord = await LocalDiscord.start();
  discord.oauth2.addRedirectUri(REDIRECT);
});
afterAll(async () => discord?.stop());

function authorizeQuery(overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ response_type: 'code', client_id: discord.oauth2.clientId, redirect_uri: REDIRECT, scope: 'identify guilds', state: 'xyz', ...overrides });
}

async function authorize(userId: string, scope = 'identify guilds'): Promise<URL> {
  const response = await fetch(discord.oauth2.authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery({ scope })), user_id: userId, decision: 'authorize' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function token(code: string, secret = discord.oauth2.clientSecret): Promise<Response> {
  return fetch(`${discord.apiUrl}/v10/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: discord.oauth2.clientId, client_secret: secret }),
  });
}

describe('local Discord OAuth2', () => {
  it('shows a consent page listing who may be signed in, and refuses unregistered redirects without redirecting', async () => {
    const guild = discord.createGuild({ name: 'Club' });
    guild.addMember({ username: 'alice<b>' });
    const page = await fetch(`${discord.oauth2.authorizeUrl}?${authorizeQuery()}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('alice&#60;b&#62;');
    expect(text).toContain('Scopes: identify, guilds');
    const bad = await fetch(`${discord.oauth2.authorizeUrl}?${authorizeQuery({ redirect_uri: 'https://evil.example/cb' })}`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
  });

  it('exchanges a code once for a token that reads the user and their servers with their permissions', async () => {
    const guild = discord.createGuild({ name: 'Moderated' });
    const mod = guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
    const back = await authorize(mod.id);
    expect(back.searchParams.get('state')).toBe('xyz');
    const code = back.searchParams.get('code')!;
    expect((await token(code, 'wrong-secret')).status).toBe(401);
    const answer = (await (await token(code)).json()) as { access_token: string; scope: string };
    expect(answer.scope).toBe('identify guilds');
    // A code is good once.
    expect(await (await token(code)).json()).toMatchObject({ error: 'invalid_grant' });
    const headers = { authorization: `Bearer ${answer.access_token}` };
    expect(await (await fetch(`${discord.apiUrl}/v10/users/@me`, { headers })).json()).toMatchObject({ id: mod.id, username: 'mod' });
    const guilds = (await (await fetch(`${discord.apiUrl}/v10/users/@me/guilds`, { headers })).json()) as { id: string; permissions: string }[];
    expect(guilds.map((g) => g.id)).toEqual([guild.id]);
    expect(BigInt(guilds[0]!.permissions) & (1n << 5n)).toBe(1n << 5n);
  });

  it('keeps /users/@me for the bot, and refuses a token without the guilds scope', async () => {
    const me = await fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${discord.token}` } });
    expect(((await me.json()) as { bot: boolean }).bot).toBe(true);
    const solo = discord.createGuild({ name: 'Third' }).addMember({ username: 'solo' });
    const back = await authorize(solo.id, 'identify');
    const answer = (await (await token(back.searchParams.get('code')!)).json()) as { access_token: string };
    const guilds = await fetch(`${discord.apiUrl}/v10/users/@me/guilds`, { headers: { authorization: `Bearer ${answer.access_token}` } });
    expect(guilds.status).toBe(401);
  });

  it('sends the person back with access_denied when they cancel', async () => {
    const response = await fetch(discord.oauth2.authorizeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorizeQuery()), user_id: discord.bot.id, decision: 'cancel' }),
      redirect: 'manual',
    });
    const back = new URL(response.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.has('code')).toBe(false);
  });
});
