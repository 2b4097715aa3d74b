import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
let dataDir: string;

/** Runs `npm start` as a newcomer without a token would, typing the given lines. */
function runStart(lines: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: dataDir, NODE_ENV: 'production' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'marquee-playground-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('npm start without a token: the playground', () => {
  it('says what is missing, then answers typed slash commands with the real bot', async () => {
    const { code, stdout, stderr } = await runStart(['help', '/film holy mot?', '/film holy motors', '6', '/film holy motors', '1', '/film heat', '1.3', 'as bob', '/search director:leos carax year_from:2000', '/seen holy motors', 'quit']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(stderr).toMatch(/copy \.env\.example to \.env and set DISCORD_TOKEN/);
    expect(stdout).toMatch(/You are alice in “Marquee Playground”/);
    expect(stdout).toMatch(/\/film title:<text> — Show a film card/);
    expect(stdout).toMatch(/Suggestions for title:\n {2}1\. Holy Motors \(2012\) — Leos Carax/);
    expect(stdout).toMatch(/HOLY MOTORS \(2012\)[\s\S]*Director:\n {4}Leos Carax/);
    expect(stdout).toMatch(/\[1\] Watched {2}\[2\] Favorite/);
    expect(stdout).toMatch(/1 member watched · 0% favorited/);
    expect(stdout).toMatch(/\(only you can see this\)[\s\S]*FULL CAST — HOLY MOTORS \(2012\)/);
    expect(stdout).toMatch(/1\.3 Heat \(1972\)[\s\S]*HEAT \(1972\)/);
    expect(stdout).toMatch(/You are now bob\./);
    expect(stdout).toMatch(/SEARCH: DIRECTOR LEOS CARAX · 2000–…\n {2}1\. Holy Motors \(2012\) — Leos Carax/);
    expect(stdout).toMatch(/WHO HAS SEEN HOLY MOTORS \(2012\)\n {2}alice · last on/);
  }, 60_000);

  it('keeps what members did in DATA_DIR from one run to the next', async () => {
    const { stdout } = await runStart(['/profile', 'quit']);
    expect(stdout).toMatch(/ALICE — FILM PROFILE[\s\S]*1 film watched/);
  }, 60_000);

  it('explains a typo without crashing', async () => {
    const { code, stdout } = await runStart(['/flim holy motors', '/film', '9', 'quit']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Unknown command \/flim/);
    expect(stdout).toMatch(/! /);
  }, 60_000);
});
