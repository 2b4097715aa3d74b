import { describe, expect, it } from 'vitest';
import { applicationIdFromToken, ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DISCORD_API_URL: 'https://discord.com/api', DATA_DIR: 'data', CATALOG_FILES: [], LOG_LEVEL: 'info' });
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('names the variable and what is expected, in one line, without echoing the value', () => {
    const secret = 'not a token but secret-ish';
    for (const [env, variable] of [
      [{ DISCORD_TOKEN: secret }, 'DISCORD_TOKEN'],
      [{ DISCORD_GUILD_ID: '12' }, 'DISCORD_GUILD_ID'],
      [{ DISCORD_API_URL: 'ftp://example' }, 'DISCORD_API_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ DISCORD_REST_REQUESTS_PER_SECOND: 'lots' }, 'DISCORD_REST_REQUESTS_PER_SECOND'],
    ] as const) {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const message = (caught as Error).message;
      expect(message.startsWith(`Invalid ${variable}: expected `)).toBe(true);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(secret);
    }
  });

  it('reports every invalid variable at once, one line each, never a value', () => {
    const secret = 'oops-this-is-secret';
    let caught: unknown;
    try {
      loadConfig({ DISCORD_TOKEN: secret, LOG_LEVEL: 'loud', DISCORD_GUILD_ID: '12', DATA_DIR: 'fine' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const lines = (caught as Error).message.split('\n');
    expect(lines[0]).toBe('3 settings in the environment are invalid:');
    expect(lines.slice(1).map((line) => line.split(':')[0])).toEqual(['Invalid DISCORD_TOKEN', 'Invalid DISCORD_GUILD_ID', 'Invalid LOG_LEVEL']);
    expect((caught as Error).message).not.toContain(secret);
  });

  it('normalises lists and URLs', () => {
    const config = loadConfig({ CATALOG_FILES: ' a.json, ,b.json ', DISCORD_API_URL: 'http://127.0.0.1:4000/api/', DISCORD_GUILD_ID: '' });
    expect(config.CATALOG_FILES).toEqual(['a.json', 'b.json']);
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:4000/api');
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
  });

  it('reads the application id from a token', () => {
    const token = `${Buffer.from('123456789012345678').toString('base64')}.abc.def`;
    expect(applicationIdFromToken(token)).toBe('123456789012345678');
    expect(applicationIdFromToken('nonsense.abc.def')).toBeUndefined();
  });
});
