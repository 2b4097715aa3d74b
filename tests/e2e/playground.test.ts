import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
let dataDir: string;

/** Runs `npm start` as a newcomer without a token would, typing the given lines. */
function runStart(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: dataDir, NODE_ENV: 'production', CATALOG_FILES: '', ...env },
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
    const { code, stdout, stderr } = await runStart(['help', '/film holy mot?', '/film holy motors', '1', '/film holy motors', '2', '/film heat', '7.3', 'as bob', '/search director:leos carax year_from:2000', '/seen holy motors', 'quit']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/DISCORD_TOKEN is not set/);
    expect(stderr).toMatch(/copy \.env\.example to \.env and set DISCORD_TOKEN/);
    expect(stdout).toMatch(/You are alice in “Marquee Playground”/);
    expect(stdout).toMatch(/\/film title:<text> — Show a film card/);
    expect(stdout).toMatch(/Suggestions for title:\n {2}1\. Holy Motors \(2012\) — Leos Carax/);
    // A V2 card: framed, the placeholder poster saved where the playground keeps files, Full cast beside the cast.
    expect(stdout).toMatch(/ {2}┌─+\n {2}│ 🖼 No poster is known for Holy Motors \(2012\) \(saved to \S+no-poster\.png\)\n {2}│ HOLY MOTORS \(2012\)\n {2}│ Directed by Leos Carax · 1h 55m/);
    expect(stdout).toMatch(/│ \[1\] Full cast/);
    expect(stdout).toMatch(/\[2\] Watched {2}\[3\] Favorite/);
    expect(stdout).toMatch(/1 member watched · 0% favorited/);
    expect(stdout).toMatch(/\(only you can see this\)[\s\S]*FULL CAST — HOLY MOTORS \(2012\)/);
    expect(stdout).toMatch(/7\.3 Heat \(1972\)[\s\S]*HEAT \(1972\)/);
    expect(stdout).toMatch(/You are now bob\./);
    expect(stdout).toMatch(/SEARCH: DIRECTOR LEOS CARAX · 2000–…\n {2}1\. Holy Motors \(2012\) — Leos Carax/);
    expect(stdout).toMatch(/WHO HAS SEEN HOLY MOTORS \(2012\)\n {2}alice · last on/);
  }, 60_000);

  it('keeps what members did in DATA_DIR from one run to the next', async () => {
    const { stdout } = await runStart(['/profile', 'quit']);
    expect(stdout).toMatch(/ALICE — FILM PROFILE[\s\S]*1 film watched/);
  }, 60_000);

  it('shows a message again when the bot edits it later, and waits for the bot on `wait`', async () => {
    // Undo redraws the card the press changed, after answering the press: the card comes back, marked as edited.
    const { code, stdout } = await runStart(['/film irma vep', '2', '1', 'wait', 'quit']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/alice> 1\n── #4 Marquee \(only you can see this\)[^\n]*\nUndone: your last change to Irma Vep is reverted\./);
    expect(stdout).toMatch(/── #2 Marquee \(edited\) ─+\n[\s\S]*Nobody here has logged this film yet[\s\S]*alice> quit/);
  }, 60_000);

  it('explains a typo without crashing', async () => {
    const { code, stdout } = await runStart(['/flim holy motors', '/film', '9', 'quit']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Unknown command \/flim/);
    expect(stdout).toMatch(/! /);
  }, 60_000);

  it('shows everything a member can do: extra catalogs, autocomplete on any option, files both ways, @mentions, earlier buttons, #channels', async () => {
    const extra = join(dataDir, 'extra-films.json');
    await writeFile(extra, JSON.stringify([{ id: 'the-playground-test-2031', title: 'The Playground Test', year: 2031, directors: ['Ada Example'] }]));
    const listFile = join(dataDir, 'to-import.csv');
    await writeFile(listFile, 'Title,Year\nStalker,1979\nVertigo,1958\n');
    const { code, stdout } = await runStart(
      [
        '/film the playground test',
        '/party schedule film:holy-motors-2012 when:friday 9pm?',
        '/party schedule film:holy-motors-2012 when:friday 9pm',
        '/party suggest members:@alice @bob',
        'as mod',
        `/list import file:${listFile} name:Imported`,
        '1',
        '/list show list:impo?',
        '/list export list:Imported',
        'as bob',
        '#1 2',
        'quit',
      ],
      { CATALOG_FILES: extra },
    );
    expect(code).toBe(0);
    const filesDir = join(dataDir, 'playground-files');
    expect(stdout).toContain(`Files the bot sends are saved in ${filesDir}.`);
    // CATALOG_FILES applies in the playground too.
    expect(stdout).toMatch(/#1 Marquee ─+\n {2}┌─+\n[^\n]*\n {2}│ THE PLAYGROUND TEST \(2031\)/);
    // Autocomplete on an option other than the first: `when` and `list`.
    expect(stdout).toMatch(/Suggestions for when:\n {2}1\. friday 9pm → Friday \d+ \w+ \d{4}, 21:00 UTC/);
    expect(stdout).toMatch(/Suggestions for list:\n {2}1\. Imported · 2 films/);
    // Channels render as #name, as Discord shows them.
    expect(stdout).toMatch(/Where: 💬 #general/);
    // @mentions in options reach the bot as mentions.
    expect(stdout).toMatch(/alice> \/party suggest members:@alice @bob\n── #\d+ Marquee ─+\n {2}FILMS FOR ALICE, /);
    expect(stdout).not.toMatch(/Mention the members/);
    // A file attached from a path is imported; the exported file is written to the files folder.
    expect(stdout).toMatch(/mod> 1\n── #\d+ Marquee \(only you can see this\)[\s\S]*Imported/);
    const saved = /📎 (\S+\.csv) \(\d+ bytes\) → saved to (\S+)/.exec(stdout);
    expect(saved).not.toBeNull();
    expect(await readFile(saved![2]!, 'utf8')).toMatch(/Stalker,1979/);
    // Bob presses the Watched button of the first card, shown to alice long before.
    expect(stdout).toMatch(/bob> #1 2\n── #\d+ Marquee ─+\n {2}┌─+\n[^\n]*\n {2}│ THE PLAYGROUND TEST \(2031\)[\s\S]*SEEN BY\n {2}│ bob/);
  }, 90_000);

  it('serves the club website when WEB_PORT is set, as `npm start` does with a token: /web links to it and sign-in goes to the local Discord', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, DISCORD_TOKEN: '', DATA_DIR: dataDir, NODE_ENV: 'production', CATALOG_FILES: '', WEB_PORT: '0', PUBLIC_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const wake of waiters.splice(0)) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seen = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const match = pattern.exec(stdout);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`the playground stopped:\n${stdout}\n${stderr}`);
        await new Promise<void>((wake) => waiters.push(wake));
      }
    };
    try {
      await seen(/You are alice/);
      child.stdin.write('/web\n');
      await seen(/#1 Marquee[^\n]*\n[^]*\.\n/);
      const site = /The club’s website: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(stdout).toMatch(/This server’s film club website:\s+http:\/\/127\.0\.0\.1:\d+\/servers\/900000000000000001\nMembers of this server sign in with Discord/);
      expect(site).toBeDefined();
      const page = await fetch(`${site}/servers/900000000000000001`, { redirect: 'manual' });
      expect(await page.text()).toMatch(/Sign in with Discord/);
      const login = await fetch(`${site}/auth/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const authorize = await fetch(login.headers.get('location')!);
      // The local Discord's own sign-in page, offering the playground's members.
      expect(await authorize.text()).toMatch(/<option value="900000000000000011">alice<\/option>/);
    } finally {
      child.stdin.end('quit\n');
    }
    expect(await exited).toBe(0);
  }, 90_000);

  it('refuses a DATA_DIR another Marquee (a second playground, the bot) is using, rather than both writing over each other', async () => {
    const lock = join(dataDir, 'marquee.lock');
    await writeFile(lock, JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2024-06-15T11:00:00.000Z' }));
    try {
      const { code, stdout, stderr } = await runStart(['/profile', 'quit']);
      expect(code).toBe(1);
      expect(stderr).toContain(`Another Marquee process (pid ${process.ppid} on ${hostname()}, since 2024-06-15T11:00:00.000Z) already uses DATA_DIR ${dataDir}.`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).not.toMatch(/You are alice/);
    } finally {
      await rm(lock, { force: true });
    }
    // A playground that has quit leaves the directory free for the next one.
    expect((await runStart(['quit'])).code).toBe(0);
    expect((await runStart(['quit'])).code).toBe(0);
  }, 90_000);
});
