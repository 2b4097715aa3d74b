/**
 * Screenshots of the website's main pages for the README (`npx tsx tests/web/screenshots.ts`): a small club on the
 * local Discord, seeded through the domain as its members would through commands, photographed in the same headless
 * Debian chromium the browser tests use. Writes docs/web-*.png.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, openBrowser, signIn } from './chromium.js';
import { startWebClub } from './helpers.js';

if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is needed (apt-get install chromium).`);
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));

const club = await startWebClub();
const { app, guild } = club;
const mod = guild.addMember({ username: 'margot', permissions: ['ManageGuild'] });
const people = ['ines', 'tomas', 'yuki', 'dev'].map((username) => guild.addMember({ username }));
const actor = (member: { id: string; username: string }) => ({ guildId: guild.id, userId: member.id, name: member.username });
const moderator = { ...actor(mod), access: { permissions: String(1n << 5n), roleIds: [] } };

const canon = await app.lists.create(moderator, { name: 'Sight & Sound 2022: the top ten', description: 'The critics’ poll, ranked.' });
const films = ['jeanne-dielman-23-quai-du-commerce-1080-bruxelles-1975', 'vertigo-1958', 'citizen-kane-1941', 'tokyo-story-1953', 'in-the-mood-for-love-2000', '2001-a-space-odyssey-1968', 'beau-travail-1998', 'mulholland-drive-2001', 'man-with-a-movie-camera-1929', 'singin-in-the-rain-1952'].filter((id) => app.catalog.get(id));
for (const filmId of films) await app.lists.add(moderator, canon.id, filmId);
const today = new Date();
const day = (back: number) => new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
const reviews = ['Every frame a painting, and every painting a clock.', 'Slow, then devastating. I could not stop thinking about the potatoes.', 'Better on the big screen, but the club made it an event anyway.'];
let n = 0;
for (const [i, member] of [mod, ...people].entries()) {
  for (const filmId of films.slice(i, i + 5)) {
    n += 1;
    await app.diary.watch(actor(member), filmId, { on: day(n % 20), stars: 3 + ((n * 7) % 5) / 2 });
    if (n % 3 === 0) await app.diary.favorite(actor(member), filmId);
  }
}
for (const [i, member] of people.slice(0, 3).entries()) await app.diary.review(actor(member), films[2]!, { text: reviews[i]!, spoiler: i === 1 });
await app.parties.schedule({ ...moderator }, { filmId: films[3]!, when: 'friday 9pm', channelId: guild.defaultChannel.id, description: 'Bring tea.' });

const browser = await openBrowser();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1100, height: 900 });
await signIn(page, club.web.url, 'margot');
const shots: [string, string][] = [
  ['home', `/servers/${guild.id}`],
  ['film', `/servers/${guild.id}/films/${films[2]}`],
  ['member', `/servers/${guild.id}/members/${people[0]!.id}`],
  ['list', `/servers/${guild.id}/lists/${canon.id}`],
  ['parties', `/servers/${guild.id}/parties`],
];
for (const [name, url] of shots) {
  await page.goto(club.web.url + url);
  await page.screenshot({ path: `${DOCS}web-${name}.png`, fullPage: name !== 'film' && name !== 'list' });
}
await page.setViewportSize({ width: 390, height: 800 });
await page.goto(`${club.web.url}/servers/${guild.id}/films/${films[2]}`);
await page.screenshot({ path: `${DOCS}web-film-mobile.png` });
await browser.close();
await club.stop();
console.log(`screenshots written to ${DOCS}`);
