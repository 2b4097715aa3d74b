import type { GuildStore } from '../store/GuildStore.js';

/** `/config web public:…`: whether the server's pages are readable without being a member. */
export async function setWebPublic(store: GuildStore, guildId: string, isPublic: boolean): Promise<void> {
  await store.update(guildId, (data) => {
    if (isPublic) data.config.webPublic = true;
    else delete data.config.webPublic;
  });
}
