/**
 * How fast Marquee acknowledges a burst of button presses on the local Discord: N members press
 * Watched on M film cards at once; prints acknowledgement latency percentiles and the total time
 * until every press was recorded. Discord drops an interaction not acknowledged within 3 s.
 *
 *   npm run bench:clicks -- [members=50] [cards=10]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/log.js';
import type { Message } from '../src/local-discord/index.js';
import { startLocalClub } from '../src/playground/localClub.js';

const members = Number(process.argv[2] ?? 50);
const cards = Number(process.argv[3] ?? 10);
const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-clicks-'));
const club = await startLocalClub({
  dataDir,
  log: createLogger('error'),
  env: { DISCORD_REST_REQUESTS_PER_SECOND: '10000' },
  discord: { ackDeadlineMs: 60_000, deferredUpdateSettleMs: 60_000 },
});
try {
  const people = Array.from({ length: members }, (_, i) => club.guild.addMember({ username: `member${i}` }));
  const films = [...club.app.catalog.all()].slice(0, cards);
  const posted: Message[] = [];
  for (const film of films) posted.push(await people[0]!.slash('film', { title: film.id }));
  const before = new Set(club.discord.acknowledgements().map((ack) => ack.interactionId));
  const started = performance.now();
  await Promise.all(people.flatMap((person) => posted.map((card) => person.click(card, 'Watched'))));
  const expected = members * cards;
  // A press is done when its private confirmation arrived: that is sent after the write is on disk.
  const confirmed = () => people.reduce((sum, person) => sum + club.discord.messages(club.guild.defaultChannel, { viewer: person }).filter((m) => m.ephemeral && m.content.startsWith('Logged')).length, 0);
  while (confirmed() < expected) await new Promise((resolve) => setTimeout(resolve, 20));
  const total = performance.now() - started;
  const latencies = club.discord
    .acknowledgements()
    .filter((ack) => !before.has(ack.interactionId) && ack.afterMs !== undefined)
    .map((ack) => ack.afterMs!)
    .sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
  console.log(`${expected} presses (${members} members × ${cards} cards): acknowledged p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms; all confirmed after ${total.toFixed(0)} ms`);
} finally {
  await club.stop();
  await rm(dataDir, { recursive: true, force: true });
}
