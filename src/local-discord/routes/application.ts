import { Errors } from '../errors.js';
import type { Emulator } from '../emulator.js';
import type { Router } from '../http.js';
import { apiApplication, apiUser } from '../serialize.js';
import { bearerGuilds, bearerMe, botOrBearer } from './oauth2.js';

export function registerApplicationRoutes(router: Router, emulator: Emulator): void {
  const gateway = () => ({ url: emulator.gatewayUrl });
  router.add('GET', '/gateway', 'none', () => ({ status: 200, json: gateway() }));
  router.add('GET', '/gateway/bot', 'bot', () => ({
    status: 200,
    json: {
      ...gateway(),
      shards: emulator.options.recommendedShards ?? Math.max(1, Math.ceil([...emulator.world.guilds.values()].filter((g) => g.members.has(emulator.world.bot.id)).length / 1000)),
      session_start_limit: {
        total: 1000,
        remaining: Math.max(0, 1000 - emulator.gateway.stats.identifies),
        reset_after: 14_400_000,
        max_concurrency: 1,
      },
    },
  }));
  router.add('GET', '/users/@me', 'none', botOrBearer(emulator, () => ({
    status: 200,
    json: {
      ...apiUser(emulator.world.bot),
      verified: true,
      mfa_enabled: false,
      email: null,
      locale: 'en-US',
      premium_type: 0,
    },
  }), bearerMe));
  router.add('GET', '/users/@me/guilds', 'none', botOrBearer(emulator, (r) => {
    const { world } = emulator;
    const limit = Math.min(200, Math.max(1, Number(r.query.get('limit') ?? 200) || 200));
    const guilds = [...world.guilds.values()]
      .filter((g) => g.members.has(world.bot.id))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .slice(0, limit)
      .map((g) => ({
        id: g.id,
        name: g.name,
        icon: null,
        banner: null,
        owner: g.ownerId === world.bot.id,
        permissions: emulator.permissions(g, world.bot.id).toString(),
        features: [],
        ...(r.query.get('with_counts') === 'true' && { approximate_member_count: g.members.size, approximate_presence_count: 0 }),
      }));
    return { status: 200, json: guilds };
  }, bearerGuilds(emulator)));
  router.add('GET', '/users/:user', 'bot', (r) => {
    const user = emulator.world.user(r.params.user ?? '');
    if (!user) throw Errors.unknownUser();
    return { status: 200, json: apiUser(user) };
  });
  const application = () => ({
    status: 200,
    json: { ...apiApplication(emulator.world, emulator.owner, emulator.options.applicationName), flags: emulator.applicationFlags },
  });
  router.add('GET', '/applications/@me', 'bot', application);
  router.add('GET', '/oauth2/applications/@me', 'bot', application);
}
