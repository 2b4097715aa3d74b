import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/local-discord/index.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
let discord: LocalDiscord;
let busy: Server;
let dataDir: string;

beforeAll(async () => {
  discord = await LocalDiscord.start();
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-web-startup-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await discord.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start with a website that cannot start', () => {
  it('stops with one line and exit code 1 when WEB_PORT is taken, instead of running on without its website', async () => {
    const port = (busy.address() as { port: number }).port;
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, NODE_ENV: 'production', DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, BUNDLED_CATALOG: 'curated', CATALOG_FILES: '', DATABASE_URL: '', WEB_PORT: String(port), WEB_HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`Marquee could not start: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
