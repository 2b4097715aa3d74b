import { z } from 'zod';
import type { App } from '../../src/app.js';
import { Snowflake } from '../../src/config.js';
import { guildIdOf } from '../../src/discord/actor.js';
import { handler, type ComponentInteraction } from '../../src/discord/command.js';
import { recordedName, type MemberRef } from '../../src/discord/members.js';
import { PageNumber, pagerRow } from '../../src/discord/paging.js';
import { renderAllLists, renderLeaderboard, renderListShow } from '../../src/discord/render/lists.js';
import { NO_MENTIONS } from '../../src/discord/respond.js';
import { posterGrid } from '../../src/discord/render/posters.js';
import { asEditOf, renderV2, viewFromEmbed } from '../../src/discord/render/v2.js';
import { UserError } from '../../src/errors.js';
import { ListId } from '../../src/lists/schema.js';
import { stillThere } from './shared.js';

// Views are public: members share them. /list show, all and leaderboard page through them with one Page button.

const SHOW_PAGE_SIZE = 15;
const ALL_PAGE_SIZE = 10;
const BOARD_PAGE_SIZE = 20;

export async function showPage(app: App, guildId: string, ref: string, viewer: MemberRef, page: number) {
  const shown = await app.lists.show(guildId, ref, { page, pageSize: SHOW_PAGE_SIZE, viewerId: viewer.userId });
  const view = viewFromEmbed(renderListShow(shown, viewer.name), { accent: 0xc9a227, gallery: posterGrid(app.catalogFor(guildId), shown.page.items.map((item) => item.film)) });
  return { ...renderV2(view, { after: pagerRow('list', ['s', shown.list.id, viewer.userId], shown.page.page, shown.page.pageCount) }), allowedMentions: NO_MENTIONS };
}

export async function allPage(app: App, guildId: string, viewer: MemberRef, page: number) {
  const lists = await app.lists.all(guildId, { page, pageSize: ALL_PAGE_SIZE, viewerId: viewer.userId });
  return { embeds: [renderAllLists(lists, viewer.name)], components: pagerRow('list', ['a', viewer.userId], lists.page, lists.pageCount), allowedMentions: NO_MENTIONS };
}

export async function boardPage(app: App, guildId: string, ref: string, page: number) {
  const board = await app.lists.leaderboard(guildId, ref, { page, pageSize: BOARD_PAGE_SIZE });
  return { embeds: [renderLeaderboard(board)], components: pagerRow('list', ['b', board.list.id], board.page.page, board.page.pageCount), allowedMentions: NO_MENTIONS };
}

const PageArgs = z.union([
  z.tuple([z.literal('s'), ListId, Snowflake, PageNumber]),
  z.tuple([z.literal('a'), Snowflake, PageNumber]),
  z.tuple([z.literal('b'), ListId, PageNumber]),
]);

export const viewComponents = {
  page: handler(PageArgs, async (interaction: ComponentInteraction, args, app) => {
    const guildId = guildIdOf(interaction);
    const view = await stillThere(async () => {
      switch (args[0]) {
        case 's': {
          const [, listId, viewerId, page] = args;
          return showPage(app, guildId, listId, { userId: viewerId, name: await recordedName(app, guildId, viewerId) }, page);
        }
        case 'a': {
          const [, viewerId, page] = args;
          return allPage(app, guildId, { userId: viewerId, name: await recordedName(app, guildId, viewerId) }, page);
        }
        case 'b': {
          const [, listId, page] = args;
          return boardPage(app, guildId, listId, page);
        }
        default:
          throw new UserError('This button is no longer valid. Run the command again for a fresh one.');
      }
    });
    // /list show pages are V2 and the other views classic: a page keeps the kind of its message.
    await interaction.update(args[0] === 's' ? asEditOf(interaction.message.flags.bitfield, view) : view);
  }),
};
