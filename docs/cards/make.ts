/**
 * Makes the README's pictures of the V2 views: drives the real bot through the local Discord (a fresh data folder,
 * the bundled catalog), saves each chart PNG the bot attached, and writes each message as a small HTML page that
 * lays out its Components V2 JSON the way Discord does. `npx tsx docs/cards/make.ts` then, with Debian's chromium:
 *   for f in docs/cards/*.html; do chromium --headless --no-sandbox --screenshot="${f%.html}.png" --window-size=720,1400 "file://$PWD/$f"; done
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../../src/app.js';
import type { Message } from '../../src/local-discord/index.js';
import { createMemoryLogger } from '../../src/log.js';
import { startLocalClub } from '../../src/playground/localClub.js';

const OUT = new URL('.', import.meta.url).pathname;
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Discord markdown, enough for the pictures: headings, bold, italic, small print, quotes, timestamps. */
function markdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let html = esc(line)
        .replace(/&lt;t:(\d+):R&gt;/g, 'recently')
        .replace(/&lt;t:(\d+)(:\w)?&gt;/g, (_, s: string) => new Date(Number(s) * 1000).toUTCString().slice(0, 22))
        .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
        .replace(/\*(.+?)\*/g, '<i>$1</i>')
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a>$1</a>')
        .replace(/\\([*_~`|>#-])/g, '$1');
      if (/^## /.test(line)) return `<h2>${html.slice(3)}</h2>`;
      if (/^### /.test(line)) return `<h3>${html.slice(4)}</h3>`;
      if (/^-# /.test(line)) return `<small>${html.slice(3)}</small>`;
      if (/^&gt; /.test(html)) html = `<q>${html.slice(5)}</q>`;
      return `<p>${html || '&nbsp;'}</p>`;
    })
    .join('');
}

function component(node: Record<string, unknown>, files: Map<string, string>): string {
  const children = () => ((node.components as Record<string, unknown>[]) ?? []).map((child) => component(child, files)).join('');
  const src = (url: string) => (url.startsWith('attachment://') ? files.get(url.slice(13)) ?? '' : url);
  switch (node.type) {
    case 17:
      return `<div class="container" style="border-left-color:#${Number(node.accent_color ?? 0x4e5058).toString(16).padStart(6, '0')}">${children()}</div>`;
    case 9: {
      const accessory = node.accessory as Record<string, unknown>;
      const side = accessory.type === 11 ? `<img class="thumb" src="${src(String((accessory.media as { url: string }).url))}">` : `<button>${esc(String(accessory.label))}</button>`;
      return `<div class="section"><div>${children()}</div>${side}</div>`;
    }
    case 10:
      return `<div class="text">${markdown(String(node.content))}</div>`;
    case 14:
      return '<hr>';
    case 12:
      return `<div class="gallery">${((node.items as { media: { url: string } }[]) ?? []).map((item) => `<img src="${src(item.media.url)}">`).join('')}</div>`;
    case 1:
      return `<div class="row">${((node.components as Record<string, unknown>[]) ?? [])
        .map((child) => (child.type === 2 ? `<button>${esc(String((child.emoji as { name?: string } | undefined)?.name ?? ''))} ${esc(String(child.label ?? ''))}</button>` : `<select><option>${esc(String(child.placeholder ?? ''))}</option></select>`))
        .join('')}</div>`;
    default:
      return '';
  }
}

async function save(name: string, message: Message): Promise<void> {
  const files = new Map<string, string>();
  for (const attachment of message.attachments) {
    const file = `${name}-${attachment.filename}`;
    await writeFile(join(OUT, file), attachment.bytes);
    files.set(attachment.filename, file);
  }
  const body = message.components.map((node) => component(node, files)).join('');
  const html = `<!doctype html><meta charset="utf-8"><style>
body{background:#313338;color:#dbdee1;font:15px/1.35 "DejaVu Sans",sans-serif;margin:16px;width:660px}
.container{background:#2b2d31;border-left:4px solid;border-radius:8px;padding:12px 16px}
.section{display:flex;justify-content:space-between;gap:12px}.thumb{width:86px;height:129px;object-fit:cover;border-radius:4px}
h2{font-size:20px;margin:0 0 4px;color:#f2f3f5}h3{font-size:15px;margin:8px 0 2px;color:#f2f3f5}p{margin:0}small{color:#949ba4;font-size:12px}
q{display:block;border-left:3px solid #4e5058;padding-left:8px}q:before,q:after{content:none}code{background:#1e1f22;padding:0 3px;border-radius:3px}
hr{border:0;border-top:1px solid #3f4147;margin:10px 0}.gallery img{max-width:100%;margin-top:8px;border-radius:6px;display:block}
.row{margin-top:10px}button{background:#4e5058;color:#fff;border:0;border-radius:4px;padding:6px 12px;margin:0 6px 6px 0;font:inherit}
select{background:#1e1f22;color:#dbdee1;border:0;padding:8px;width:100%;margin-top:8px}a{color:#00a8fc}
</style>${body}`;
  await writeFile(join(OUT, `${name}.html`), html);
}

const dataDir = await mkdtemp(join(tmpdir(), 'marquee-docs-'));
const club = await startLocalClub({ dataDir, log: createMemoryLogger('warn'), catalogFiles: [BUNDLED_CATALOG] });
try {
  const members = ['alice', 'bob', 'carol', 'dave'].map((username) => club.guild.addMember({ username }));
  const [alice, bob, carol, dave] = members as [typeof members[number], typeof members[number], typeof members[number], typeof members[number]];
  const films = ['holy-motors-2012', 'irma-vep-1996', 'stalker-1979', 'vertigo-1958', 'heat-1995', 'in-the-mood-for-love-2000', 'chinatown-1974', 'solaris-1972'];
  for (const [index, member] of members.entries()) {
    for (const film of films.slice(0, 3 + index * 2)) await member.slash('watched', { film, rating: String(2.5 + ((index + film.length) % 5) * 0.5) });
  }
  await bob.slash('favorite', { film: 'holy-motors-2012' });
  await carol.slash('favorite', { film: 'holy-motors-2012' });
  await dave.slash('review', { film: 'holy-motors-2012' }).catch(() => undefined);
  await save('film-card', await alice.slash('film', { title: 'holy-motors-2012' }));
  await save('profile', await dave.slash('profile', {}));
  await save('stats', await alice.slash('stats', {}));
  await save('diary', await dave.slash('diary', {}));
  const mod = club.guild.addMember({ username: 'mod', permissions: ['ManageGuild'] });
  await mod.slash('list', { name: 'Club canon', description: 'The films this club keeps coming back to' }, { subcommand: 'create' });
  for (const film of films) await mod.slash('list', { list: 'Club canon', film }, { subcommand: 'add' });
  await save('list-show', await dave.slash('list', { list: 'Club canon' }, { subcommand: 'show' }));
  await save('list-progress', await dave.slash('list', { list: 'Club canon' }, { subcommand: 'progress' }));
  const party = await alice.slash('party', { film: 'heat-1995', when: 'in 3 hours' }, { subcommand: 'schedule' });
  await save('party-announcement', party);
  const id = Number(/#(\d+)/.exec(party.v2?.title ?? '')?.[1]);
  await bob.slash('party', { film: 'vertigo-1958', party: id }, { subcommand: 'nominate' });
  await carol.slash('party', { film: 'stalker-1979', party: id }, { subcommand: 'nominate' });
  const ballot = await alice.slash('party', { party: id }, { subcommand: 'vote' });
  await bob.select(ballot, ['vertigo-1958']);
  await carol.select(ballot, ['vertigo-1958']);
  await dave.select(ballot, ['stalker-1979']);
  await save('ballot', club.discord.message(ballot.id)!);
  await bob.click(club.discord.message(party.id)!, 'Going').catch(() => undefined);
  await save('party-show', await alice.slash('party', { party: id }, { subcommand: 'show' }));
  console.log(`wrote the pictures' sources to ${OUT}`);
} finally {
  await club.stop();
  await rm(dataDir, { recursive: true, force: true });
}
