import { ButtonStyle, ComponentType } from 'discord.js';
import { z } from 'zod';
import { customId } from './customId.js';
import type { ActionRow } from './render/film.js';
import { count } from './render/count.js';

/** The page number argument of every `<command>:page:...:<page>` button (1-based). */
export const PageNumber = z.coerce.number().int().min(1).max(10_000);

/**
 * Previous / Next buttons for a paginated reply. The state needed to redraw a page travels in the
 * custom_id (`<command>:page:<args...>:<page>`), so paging keeps working after a restart.
 * Returns no row when everything fits on one page.
 */
export function pagerRow(command: string, args: readonly (string | number)[], page: number, pageCount: number): ActionRow[] {
  if (pageCount <= 1) return [];
  const button = (label: string, target: number, disabled: boolean, id: string) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    custom_id: disabled ? customId(command, 'noop', id) : customId(command, 'page', ...args, target),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button('Previous', page - 1, page <= 1, 'prev'),
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: `Page ${count(page)} of ${count(pageCount)}`, custom_id: customId(command, 'noop', 'at'), disabled: true },
        button('Next', page + 1, page >= pageCount, 'next'),
      ],
    },
  ];
}
