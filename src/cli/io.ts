import { createInterface } from 'node:readline/promises';

/** What a command-line tool touches, so tests can run it in-process and read what it printed. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Where the progress bar draws; it only draws on a terminal. */
  progress: { isTTY?: boolean; columns?: number; write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  now(): Date;
  /** The catalog file `catalog import` merges into without --into (the bundled data/films.json); tests point it elsewhere. */
  defaultCatalog?: string;
  /** The catalog files the bot loads (default: the bundled catalog and CATALOG_FILES). */
  catalogFiles?: string[];
  /**
   * Set: the catalog commands that write a catalog file also prepare the bot's start-up cache
   * (src/catalog/startupCache.ts) in `cacheDir` (default DATA_DIR/cache). The catalog script sets
   * it; tests that do not ask for a cache leave it out.
   */
  startupCache?: { cacheDir?: string; cachedFromFilms?: number };
  /** Asks a yes/no question on a terminal; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

export function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    progress: process.stderr,
    env: process.env,
    now: () => new Date(),
    confirm: process.stdin.isTTY
      ? async (question) => {
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
          } finally {
            prompt.close();
          }
        }
      : undefined,
  };
}

/** Runs a tool's main function as a script: its exit code becomes the process's. */
export function runScript(main: (argv: string[], io: CliIO) => Promise<number>): void {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
