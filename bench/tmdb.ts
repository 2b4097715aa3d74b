/**
 * How long autocomplete takes to answer with TMDB configured, as the local Discord sees it (from the
 * keystroke to the answer): TMDB answering at once, TMDB already asked (cache), TMDB slow (every
 * answer 5 s late), TMDB down (connection refused). Queries are titles the catalog barely matches,
 * so that TMDB is asked every time. Discord drops an answer later than 3 s; the budget for TMDB is 1.2 s.
 *
 *   npm run bench:tmdb -- [queries per scenario = 40]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_CATALOG } from '../src/app.js';
import { LocalTmdb } from '../src/local-tmdb/index.js';
import { createLogger } from '../src/log.js';
import { startLocalClub } from '../src/playground/localClub.js';

const perScenario = Number(process.argv[2] ?? 40);
const tmdb = await LocalTmdb.start();
const dataDir = await mkdtemp(join(tmpdir(), 'marquee-bench-tmdb-'));
const words = ['dunkirk', 'dangal', 'celine julie', 'chimes midnight', 'campanadas', 'zzqx'];
let serial = 0;

/** A fresh bot (so no cache or cool-down carries over from the scenario before) on the curated catalog. */
async function startClub() {
  const club = await startLocalClub({
    dataDir,
    log: createLogger('error'),
    catalogFiles: [BUNDLED_CATALOG],
    env: { TMDB_API_KEY: tmdb.apiKey, TMDB_API_URL: tmdb.apiUrl },
    // Late answers are measured, not refused.
    discord: { ackDeadlineMs: 60_000 },
  });
  return { club, member: club.guild.addMember({ username: 'bench' }) };
}

async function scenario(name: string, options: { fresh: boolean; warm?: boolean; before?: () => Promise<void> }): Promise<void> {
  const { club, member } = await startClub();
  try {
    if (options.warm) for (const word of words) await member.autocomplete('watched', 'film', word);
    await options.before?.();
    const searches = tmdb.count('/search/movie');
    const before = new Set(club.discord.acknowledgements().map((ack) => ack.interactionId));
    for (let i = 0; i < perScenario; i++) {
      // A query TMDB has not been asked yet (unless measuring the cache): a word and a number no title has.
      const query = options.fresh ? `${words[i % words.length]} ${++serial}` : words[i % words.length]!;
      await member.autocomplete('watched', 'film', query);
    }
    const latencies = club.discord
      .acknowledgements()
      .filter((ack) => !before.has(ack.interactionId) && ack.afterMs !== undefined)
      .map((ack) => ack.afterMs!)
      .sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
    const late = latencies.filter((ms) => ms > 3000).length;
    console.log(
      `${name.padEnd(32)} ${latencies.length} answers: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms; ` +
        `later than 3 s: ${late}; TMDB searches received: ${tmdb.count('/search/movie') - searches}`,
    );
  } finally {
    tmdb.heal();
    await tmdb.comeBack();
    await club.stop();
  }
}

try {
  await scenario('TMDB answering (fresh queries)', { fresh: true });
  await scenario('TMDB asked before (cached)', { fresh: false, warm: true });
  await scenario('TMDB slow (answers 5 s late)', { fresh: true, before: async () => tmdb.setFault({ kind: 'slow', delayMs: 5000 }) });
  await scenario('TMDB down (connection refused)', { fresh: true, before: () => tmdb.goDown() });
} finally {
  await tmdb.stop();
  await rm(dataDir, { recursive: true, force: true });
}
