/**
 * `npm run rest-proxy -- [--port 8080] [--upstream https://discord.com/api]`: the shared REST proxy for several bot
 * processes (README "Running at scale"). Each bot then sets DISCORD_API_URL=http://<this host>:<port>/api.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startRestProxy } from '../scale/restProxy.js';

const Args = z.object({
  port: z.coerce.number<string>().int().min(0).max(65_535).default(8080),
  upstream: z.url({ protocol: /^https?$/ }).default('https://discord.com/api'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } }, strict: true });
  const parsed = Args.safeParse({ port: values.port ?? process.env.PORT, upstream: values.upstream ?? process.env.REST_PROXY_UPSTREAM });
  if (!parsed.success) throw new Error(`rest-proxy: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const proxy = await startRestProxy(parsed.data);
  process.stdout.write(`REST proxy for ${parsed.data.upstream} listening: bots set DISCORD_API_URL=${proxy.url}\n`);
  const stop = () => void proxy.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
