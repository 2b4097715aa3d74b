import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One line of the README's Reliability table. Every hardening suite reports what it tried, so the table is produced
 * by the suite and never typed by hand (`npm run reliability` gathers these files and rewrites the README section).
 */
export interface ReliabilityRow {
  /** The family of attack or fault, e.g. "hostile files", "forged custom_ids", "Discord faults", "data faults". */
  area: string;
  /** What exactly was tried, e.g. "/import member history". */
  what: string;
  tried: number;
  /** Of those tried, how many were refused with a clear message (0 when refusing is not the expected outcome). */
  refused: number;
  /** Acknowledged writes lost, interactions left unanswered, pings sent: anything that must stay 0. */
  lost: number;
  note?: string;
}

/** Where suites write their figures; `npm run reliability` sets it so that it can read them back afterwards. */
export function reliabilityDir(): string {
  return process.env.MARQUEE_RELIABILITY_DIR ?? join(tmpdir(), 'marquee-reliability');
}

/** Records a suite's figures (one JSON file per suite, replaced on every run), and prints them for the reader of the test log. */
export function recordReliability(suite: string, rows: readonly ReliabilityRow[]): void {
  const dir = reliabilityDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify({ suite, rows }, null, 2)}\n`);
  for (const row of rows) {
    console.log(`reliability · ${row.area} · ${row.what}: ${row.tried} tried, ${row.refused} refused, ${row.lost} lost`);
  }
}
