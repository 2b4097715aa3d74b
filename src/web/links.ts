import type { Config } from '../config.js';

/** The website's address as people reach it, or undefined when the website is off. */
export function siteUrl(config: Pick<Config, 'WEB_PORT' | 'PUBLIC_URL'>): string | undefined {
  if (config.WEB_PORT === undefined) return undefined;
  return config.PUBLIC_URL ?? `http://localhost:${config.WEB_PORT}`;
}

export function serverPageUrl(config: Pick<Config, 'WEB_PORT' | 'PUBLIC_URL'>, guildId: string): string | undefined {
  const site = siteUrl(config);
  return site && `${site}/servers/${encodeURIComponent(guildId)}`;
}

export function filmPageUrl(config: Pick<Config, 'WEB_PORT' | 'PUBLIC_URL'>, guildId: string, filmId: string): string | undefined {
  const server = serverPageUrl(config, guildId);
  return server && `${server}/films/${encodeURIComponent(filmId)}`;
}
