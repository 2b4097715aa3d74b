import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the bot as `npm start` does (from the TypeScript sources, or `args` such as ['dist/src/main.js']), in its own process, configured only through its environment —
 * the way it runs in production, and with its own CPU so a load test measures the bot, not the
 * local Discord that shares the test's process.
 */
export async function startBotProcess(env: Record<string, string>, readyTimeoutMs = 20_000, args = ['--import', 'tsx', MAIN]): Promise<BotProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not log in within ${readyTimeoutMs} ms:\n${output.join('')}`)), readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (/logged in as/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code} before logging in:\n${output.join('')}`));
    });
  });
  return {
    child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
