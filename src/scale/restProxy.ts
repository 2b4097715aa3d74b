import { createServer, type Server } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';

export interface RestProxyOptions {
  /** Where requests go: Discord (https://discord.com/api) or the local Discord's API URL. */
  upstream: string;
  port: number;
  host?: string;
}

export interface RunningRestProxy {
  server: Server;
  /** What bots set as DISCORD_API_URL. */
  url: string;
  /** Requests forwarded so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/**
 * One HTTP proxy in front of Discord's REST API (@discordjs/proxy over @discordjs/rest): every bot process sends
 * its REST calls here, so one rate-limit state covers them all instead of each process guessing alone. The bots'
 * Authorization header is forwarded as is; the proxy itself holds no token.
 */
export async function startRestProxy(options: RestProxyOptions): Promise<RunningRestProxy> {
  const rest = new REST({ api: options.upstream.replace(/\/+$/, ''), version: '10' });
  const handle = proxyRequests(rest);
  let forwarded = 0;
  const server = createServer((request, response) => {
    forwarded += 1;
    Promise.resolve(handle(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: `REST proxy: ${(error as Error).message ?? String(error)}`, code: 0 }));
    });
  });
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/api`,
    get forwarded() {
      return forwarded;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
