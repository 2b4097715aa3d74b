import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GuildStore } from '../store/GuildStore.js';

/** What one bot process reports on /metrics (Prometheus text format). */
export class BotMetrics {
  readonly registry = new Registry();
  /** Set by the bot once it runs: how many of its shards are connected right now. */
  connectedShards: () => number = () => 0;
  readonly shardsConnected: Gauge = new Gauge({
    name: 'marquee_shards_connected',
    help: 'Shards of this process with a live gateway connection',
    registers: [this.registry],
    collect: (): void => this.shardsConnected.set(this.connectedShards()),
  });
  readonly shardsConfigured = new Gauge({ name: 'marquee_shards_configured', help: 'Shards this process runs', registers: [this.registry] });
  readonly interactions = new Counter({
    name: 'marquee_interactions_total',
    help: 'Interactions received, by command and kind (rate() gives interactions per second)',
    labelNames: ['command', 'kind'],
    registers: [this.registry],
  });
  readonly acknowledgement = new Histogram({
    name: 'marquee_interaction_ack_seconds',
    help: 'From receiving an interaction to its first answer (reply, defer, update, modal or choices), by command',
    labelNames: ['command'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [this.registry],
  });
  readonly handling = new Histogram({
    name: 'marquee_interaction_seconds',
    help: 'From receiving an interaction to the end of its handler (writes and follow-ups included), by command',
    labelNames: ['command'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly storeWrites = new Histogram({
    name: 'marquee_store_write_seconds',
    help: 'Store updates, from the call until the change is durable',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly storeWriteFailures = new Counter({ name: 'marquee_store_write_failures_total', help: 'Store updates that threw', registers: [this.registry] });
  readonly remindersDue = new Counter({ name: 'marquee_reminders_due_total', help: 'Party reminders this process took on when due', registers: [this.registry] });
  readonly remindersSent = new Counter({ name: 'marquee_reminders_sent_total', help: 'Party reminders this process sent', registers: [this.registry] });

  constructor(labels: Record<string, string> = {}) {
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry, prefix: 'marquee_' });
  }
}

/** The store with every update timed (its latency is the write latency users wait for). */
export function instrumentStore(store: GuildStore, metrics: BotMetrics): GuildStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'update') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return <T>(guildId: string, fn: (data: never) => T): Promise<T> => {
        const stop = metrics.storeWrites.startTimer();
        const result = (target.update as (guildId: string, fn: (data: never) => T) => Promise<T>)(guildId, fn);
        result.then(
          () => stop(),
          () => {
            stop();
            metrics.storeWriteFailures.inc();
          },
        );
        return result;
      };
    },
  });
}

export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

/**
 * Serves GET /healthz (200 when `health().ok`, else 503, with the report as JSON) and GET /metrics on `port`.
 * Bound to every interface: a container's health check and Prometheus reach it from outside.
 */
export async function startMetricsServer(port: number, metrics: BotMetrics, health: () => HealthReport): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz') {
      const report = health();
      response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return server;
}
