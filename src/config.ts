import { z } from 'zod';

/** Snowflakes are Discord's 64-bit ids written as decimal strings. */
export const Snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17–20 digits)');

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const SHARD_IDS_PATTERN = /^\s*\d{1,5}(\s*-\s*\d{1,5})?(\s*,\s*\d{1,5}(\s*-\s*\d{1,5})?)*\s*$/;

const ConfigSchema = z.object({
  DISCORD_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a bot token from the Discord developer portal (three dot-separated parts)')
      .optional(),
  ),
  DISCORD_APPLICATION_ID: optionalText.pipe(Snowflake.optional()),
  DISCORD_GUILD_ID: optionalText.pipe(Snowflake.optional()),
  DISCORD_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://discord.com/api' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://discord.com/api'),
  ),
  DISCORD_REST_REQUESTS_PER_SECOND: optionalText.pipe(
    z.coerce.number<string | undefined>({ error: 'a whole number of requests per second' }).int().min(1).max(10_000).default(50),
  ),
  DATA_DIR: optionalText.pipe(z.string().default('data')),
  BUNDLED_CATALOG: optionalText.pipe(
    z.enum(['default', 'curated'], { error: 'default (the large catalog) or curated (the 330 films with our synopses)' }).default('default'),
  ),
  /** Set: servers' data lives in this PostgreSQL database instead of DATA_DIR's files. */
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// URL such as postgres://marquee:secret@localhost:5432/marquee' }).optional(),
  ),
  CATALOG_FILES: optionalText.pipe(
    z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((path) => path.trim())
          .filter(Boolean),
      )
      .default([]),
  ),
  /** Set: the club's website is served on this port, from the bot's process (README: "The club's website"). */
  WEB_PORT: optionalText.pipe(z.coerce.number<string | undefined>({ error: 'a TCP port number (0 for any free port)' }).int().min(0).max(65_535).optional()),
  WEB_HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  /** The address people reach the website at (behind a reverse proxy); links and the OAuth2 redirect use it. */
  PUBLIC_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://films.example.org' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  /** OAuth2 client (developer portal → OAuth2). The id defaults to the application id. */
  DISCORD_CLIENT_ID: optionalText.pipe(Snowflake.optional()),
  DISCORD_CLIENT_SECRET: optionalText.pipe(z.string().min(8, 'the client secret from the developer portal (OAuth2 page)').optional()),
  /** Signs session cookies; when unset one is generated once and kept in DATA_DIR/web-session-secret. */
  WEB_SESSION_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 random characters (e.g. `openssl rand -base64 48`)').optional()),
  /** TMDB v3 API key (query parameter). Set this or TMDB_ACCESS_TOKEN to look films up on TMDB; neither: fully offline. */
  TMDB_API_KEY: optionalText.pipe(z.string().regex(/^[A-Za-z0-9]{16,64}$/, 'a TMDB API key (v3 auth, 32 letters and digits)').optional()),
  /** TMDB v4 API read access token (Bearer header); preferred to TMDB_API_KEY when both are set. */
  TMDB_ACCESS_TOKEN: optionalText.pipe(
    z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "a TMDB API read access token (three dot-separated parts, from TMDB's API settings)").optional(),
  ),
  TMDB_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://api.themoviedb.org/3' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.themoviedb.org/3'),
  ),
  /**
   * Sharding (README "Running at scale"): how many shards the bot has in all, a number or `auto` (Discord's
   * recommendation from GET /gateway/bot). Unset with SHARD_IDS unset: one connection, as without sharding.
   */
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,4})$/, 'auto or a whole number of shards (1 or more)')
      .transform((text) => (text === 'auto' ? ('auto' as const) : Number(text)))
      .optional(),
  ),
  /** Which of the SHARD_COUNT shards this process runs: `0,1`, `0-3`, `4-7,9`; unset: all of them. */
  SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(SHARD_IDS_PATTERN, 'shard ids such as 0,1 or a range such as 0-3')
      .refine((text) => text.split(',').every((part) => !part.includes('-') || Number(part.split('-')[0]) <= Number(part.split('-')[1])), 'ranges written low-high, such as 0-3')
      .transform(parseShardIds)
      .optional(),
  ),
  /** Set: /healthz and /metrics (Prometheus) are served on this port. */
  METRICS_PORT: optionalText.pipe(z.coerce.number<string | undefined>({ error: 'a TCP port (1–65535)' }).int().min(1).max(65_535).optional()),
  /** `text` (default): one readable line per event; `json`: one JSON object per line, with the shard ids, for log collectors. */
  LOG_FORMAT: optionalText.pipe(z.enum(['text', 'json'], { error: 'text or json' }).default('text')),
  LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'one of debug, info, warn, error' }).default('info')),
});

/** `0,1`, `0-3` or `0-3,8`: the sorted, distinct shard ids; throws on anything else. */
export function parseShardIds(text: string): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',').map((item) => item.trim())) {
    const range = /^(\d{1,6})(?:\s*-\s*(\d{1,6}))?$/.exec(part);
    if (!range) throw new Error(`not a shard id or range: ${part}`);
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new Error(`empty range: ${part}`);
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

const CheckedConfigSchema = ConfigSchema.superRefine((config, context) => {
  const ids = config.SHARD_IDS;
  if (!Array.isArray(ids)) return; // absent, or already reported as malformed
  if (config.SHARD_COUNT === undefined) {
    context.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'SHARD_COUNT as well (the total number of shards these ids are out of)' });
  } else if (typeof config.SHARD_COUNT === 'number' && ids.some((id) => id >= (config.SHARD_COUNT as number))) {
    context.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `ids below SHARD_COUNT (${config.SHARD_COUNT}): shards are numbered from 0` });
  }
});

export type Config = z.infer<typeof ConfigSchema>;

/** Whether TMDB lookups are configured (a key or a token); without, nothing mentions TMDB. */
export function tmdbConfigured(config: Pick<Config, 'TMDB_API_KEY' | 'TMDB_ACCESS_TOKEN'>): boolean {
  return Boolean(config.TMDB_API_KEY || config.TMDB_ACCESS_TOKEN);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the environment once. Every bad variable is reported at once, one readable line each naming the
 * variable and what is expected, so a broken .env is fixed in one round; it never echoes a value, so a mistyped
 * token cannot leak into a log.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = CheckedConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = new Map<string, string>();
  for (const issue of result.error.issues) {
    const variable = String(issue.path[0] ?? 'environment');
    // One line per variable: a value can fail several checks, the first says enough.
    if (!lines.has(variable)) lines.set(variable, `Invalid ${variable}: expected ${issue.message.replace(/^Invalid input: /, '')}.`);
  }
  const problems = [...lines.values()];
  if (problems.length === 1) throw new ConfigError(problems[0]!);
  throw new ConfigError([`${problems.length} settings in the environment are invalid:`, ...problems].join('\n'));
}

/** The application id is the base64 first part of a bot token; used when DISCORD_APPLICATION_ID is not set. */
export function applicationIdFromToken(token: string): string | undefined {
  const firstPart = token.split('.')[0] ?? '';
  const decoded = Buffer.from(firstPart, 'base64').toString('utf8');
  return /^\d{17,20}$/.test(decoded) ? decoded : undefined;
}
