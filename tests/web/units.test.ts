import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { html, trusted } from '../../src/web/html.js';
import { loadSessionSecret, SECRET_FILE } from '../../src/web/secret.js';
import { Session, Signer } from '../../src/web/session.js';

const SEED = 18_2026;

describe('the HTML template', () => {
  it('escapes every interpolated string, so no text can open a tag or an attribute', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(html`${text}`.text).not.toMatch(/[<>"']/);
        // Decoding gives the text back: nothing was lost, only escaped.
        const decoded = html`${text}`.text.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (entity) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[entity]!);
        expect(decoded).toBe(text);
      }),
      { seed: SEED },
    );
    expect(html`${['<a>', trusted('<b>'), undefined, false, 3]}`.text).toBe('&lt;a&gt;<b>3');
  });
});

describe('signed cookies', () => {
  const signer = new Signer('a'.repeat(40));
  const session = { sid: 'abcdefghijklmnop', userId: '123456789012345678', name: 'alice', guildIds: [], exp: Date.now() + 60_000 };

  it('reads back what it signed, and nothing altered, expired or signed with another key', () => {
    const cookie = signer.sign(session);
    expect(signer.readSession(cookie)).toEqual(session);
    expect(signer.readSession(cookie.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')))).toBeUndefined();
    expect(new Signer('b'.repeat(40)).readSession(cookie)).toBeUndefined();
    expect(signer.readSession(signer.sign({ ...session, exp: Date.now() - 1 }))).toBeUndefined();
    expect(signer.verify(Session, undefined)).toBeUndefined();
  });

  it('ties the CSRF token to the session', () => {
    const token = signer.csrfToken(session);
    expect(signer.checkCsrf(session, token)).toBe(true);
    expect(signer.checkCsrf({ ...session, sid: 'qrstuvwxyzabcdef' }, token)).toBe(false);
    expect(signer.checkCsrf(session, undefined)).toBe(false);
    expect(signer.checkCsrf(session, '')).toBe(false);
  });
});

describe('the session secret', () => {
  it('is generated once into DATA_DIR (owner-only) when not configured, and the configured one wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marquee-secret-'));
    try {
      const first = await loadSessionSecret(undefined, dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(await loadSessionSecret(undefined, dir)).toBe(first);
      expect((await readFile(join(dir, SECRET_FILE), 'utf8')).trim()).toBe(first);
      expect((await stat(join(dir, SECRET_FILE))).mode & 0o077).toBe(0);
      expect(await loadSessionSecret('c'.repeat(32), dir)).toBe('c'.repeat(32));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a short WEB_SESSION_SECRET and reads the website settings', () => {
    expect(() => loadConfig({ WEB_SESSION_SECRET: 'short' })).toThrow(/Invalid WEB_SESSION_SECRET: expected at least 32/);
    expect(loadConfig({ WEB_PORT: '8080', PUBLIC_URL: 'https://films.example.org/' })).toMatchObject({ WEB_PORT: 8080, PUBLIC_URL: 'https://films.example.org', WEB_HOST: '127.0.0.1' });
    expect(() => loadConfig({ WEB_PORT: 'web' })).toThrow(/Invalid WEB_PORT/);
  });
});
