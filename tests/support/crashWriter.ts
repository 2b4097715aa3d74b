import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const WRITER = fileURLToPath(new URL('../fixtures/diary-crash-writer.ts', import.meta.url));

/**
 * Runs tests/fixtures/diary-crash-writer.ts with `args` until it has acknowledged `acks` watches, then SIGKILLs it.
 * Returns every n it acknowledged (including acks still in the pipe when it died). `node --import tsx` rather than
 * the tsx CLI: the CLI runs the script in a grandchild process, which a SIGKILL of the CLI would leave running.
 */
export async function runWriterAndKill(args: string[], acks: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acknowledged: number[] = [];
  let stderr = '';
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      const match = /^ack (\d+)$/.exec(line);
      if (match) acknowledged.push(Number(match[1]));
    }
    if (acknowledged.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  expect(signal, `writer exited by itself (code ${code}): ${stderr}`).toBe('SIGKILL');
  return acknowledged;
}
