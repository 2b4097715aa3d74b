import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar so the summary starts on a clean line. */
  done(): void;
}

const WIDTH = 30;

/** A one-line progress bar redrawn in place; nothing at all when the output is not a terminal (logs, CI, pipes). */
export function progressBar(stream: CliIO['progress'], label: string): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let shown = -1;
  let drawn = false;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === shown) return;
      shown = percent;
      drawn = true;
      const filled = Math.round((WIDTH * percent) / 100);
      stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
