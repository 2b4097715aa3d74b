import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_NODE_FLAGS } from '../../bench/lib/botNodeFlags.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the V8 flags the bot runs with', () => {
  it('are the same in npm start, the Dockerfile and the benchmarks', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain(`node ${BOT_NODE_FLAGS.join(' ')} dist/src/main.js`);
    const cmd = read('Dockerfile').split('\n').find((line) => line.startsWith('CMD '));
    expect(JSON.parse(cmd!.slice(4))).toEqual(['node', ...BOT_NODE_FLAGS, 'dist/src/main.js']);
  });
});
