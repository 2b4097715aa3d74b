import type { CliIO } from './io.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar so the summary starts on a clean line. */
  done(): void;
}

export interface ProgressOptions {
  /** `bytes` shows sizes ("412 MB/1.9 GB") instead of counts. */
  unit?: 'count' | 'bytes';
  /** Shows the time left, extrapolated from the pace so far, once there is a pace to go by. */
  eta?: boolean;
  now?: () => number;
}

const WIDTH = 30;
/** The ETA waits for this much progress and time, so it does not swing wildly at the start. */
const ETA_AFTER = { fraction: 0.01, ms: 2000 };

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  if (minutes) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${seconds}s`;
}

/** A one-line progress bar redrawn in place; nothing at all when the output is not a terminal (logs, CI, pipes). */
export function progressBar(stream: CliIO['progress'], label: string, options: ProgressOptions = {}): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const now = options.now ?? Date.now;
  const started = now();
  const amount = options.unit === 'bytes' ? formatBytes : (count: number) => count.toLocaleString('en-US');
  let shown = '';
  let drawn = false;
  return {
    update(done, total) {
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const percent = Math.floor(fraction * 100);
      let eta = '';
      const elapsed = now() - started;
      if (options.eta && fraction >= ETA_AFTER.fraction && elapsed >= ETA_AFTER.ms && fraction < 1) {
        eta = ` · ${formatDuration((elapsed / fraction) * (1 - fraction))} left`;
      }
      // Redrawn when the percentage or the ETA's text changes, not on every call.
      const key = `${percent}${eta}`;
      if (key === shown) return;
      shown = key;
      drawn = true;
      const filled = Math.round((WIDTH * percent) / 100);
      stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${amount(done)}/${amount(total)}${eta}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/** A bar per stage of a long job (reading, then writing…): a new stage clears the last bar and starts its own. */
export function stagedProgress(stream: CliIO['progress'], barFor: (stage: string) => { label: string; options?: ProgressOptions }) {
  let stage: string | undefined;
  let bar: Progress = { update() {}, done() {} };
  return {
    update(now: string, done: number, total: number) {
      if (now !== stage) {
        bar.done();
        stage = now;
        const { label, options } = barFor(now);
        bar = progressBar(stream, label, options);
      }
      bar.update(done, total);
    },
    done: () => bar.done(),
  };
}
