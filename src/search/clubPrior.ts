import type { DeepReadonly, GuildStore } from '../store/GuildStore.js';
import type { GuildData } from '../store/schema.js';

/**
 * What one server means by "star": a small map film id → boost (0 … 1) that search adds to its
 * catalog-wide prior (see `CLUB_PRIOR_WEIGHT` in ranking.ts). It comes from what the server logs
 * (diaries, ratings, favorites, watchlists, lists, party films and nominations) and from what its
 * members pick from autocomplete, the strongest signal of all, each weighted by how recent it is.
 *
 * Costs nothing on the hot path: `boostFor` returns a ready map (or undefined) and at most starts a
 * refresh in the background. The server's records are read again (one `store.read`, a pass over
 * them) only after a write was reported by `changed`, at most every MIN_REFRESH_MS; picks are
 * added at once, in memory. Memory is bounded: MAX_FILMS films per server, MAX_GUILDS servers
 * (least recently searched dropped first).
 */

export type ClubBoost = ReadonlyMap<string, number>;

/** What each signal is worth, in "one member watched it today" units. */
export const SIGNAL_WEIGHTS = {
  watched: 1,
  rated: 0.5,
  favorite: 1.5,
  watchlist: 1,
  listed: 1,
  nominated: 1.5,
  partyFilm: 2,
  /** A member picked the film from autocomplete or a "Did you mean…?" menu: what typed text meant here. */
  pick: 3,
} as const;
export type SignalKind = keyof typeof SIGNAL_WEIGHTS;

/** A signal loses half its weight every this many days: what the club talks about now counts most. */
export const HALF_LIFE_DAYS = 180;
/** A decayed score this high gives the full boost; the boost grows with the score's logarithm. */
export const SATURATION = 200;
export const MAX_FILMS = 4_000;
export const MAX_GUILDS = 500;
/** Picks remembered per server between refreshes (beyond, the weakest go). */
const MAX_PICKS = 2 * MAX_FILMS;
export const MIN_REFRESH_MS = 10_000;
const DAY_MS = 86_400_000;

function decay(atMs: number, nowMs: number): number {
  if (!Number.isFinite(atMs)) return 0;
  const ageDays = Math.max(0, nowMs - atMs) / DAY_MS;
  return Math.pow(0.5, ageDays / HALF_LIFE_DAYS);
}

/** The boost of a decayed score: 0 for nothing, 1 from SATURATION up, logarithmic between. */
export function boostOfScore(score: number): number {
  if (!(score > 0)) return 0;
  return Math.min(1, Math.log2(1 + score) / Math.log2(1 + SATURATION));
}

/**
 * Decayed scores accumulated from signals. `add` is all the club's records and picks go through,
 * so a bench or a test can feed a simulated club the same way the bot does.
 */
export class ClubScores {
  private readonly scores = new Map<string, number>();

  constructor(private readonly nowMs: number) {}

  add(filmId: string, kind: SignalKind, at: string | number | undefined): void {
    const atMs = typeof at === 'number' ? at : at ? Date.parse(at) : this.nowMs;
    const value = SIGNAL_WEIGHTS[kind] * decay(atMs, this.nowMs);
    if (value > 0) this.scores.set(filmId, (this.scores.get(filmId) ?? 0) + value);
  }

  get size(): number {
    return this.scores.size;
  }

  /** The best `limit` films as boosts. */
  boost(limit = MAX_FILMS): Map<string, number> {
    const entries = [...this.scores.entries()];
    if (entries.length > limit) entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).length = limit;
    return new Map(entries.map(([filmId, score]) => [filmId, boostOfScore(score)]));
  }
}

/** Reads every signal a server's stored data holds into `scores`: one pass over its records. */
export function addStoredSignals(scores: ClubScores, data: DeepReadonly<GuildData>): void {
  for (const records of Object.values(data.memberFilms)) {
    for (const [filmId, record] of Object.entries(records)) {
      const last = record.diary.at(-1);
      if (last) scores.add(filmId, 'watched', last.loggedAt);
      else if (record.seenSince) scores.add(filmId, 'watched', record.seenSince);
      if (record.rating) scores.add(filmId, 'rated', record.rating.at);
      if (record.favoriteSince) scores.add(filmId, 'favorite', record.favoriteSince);
      if (record.watchlistSince) scores.add(filmId, 'watchlist', record.watchlistSince);
    }
  }
  for (const list of data.lists.items) for (const entry of list.entries) scores.add(entry.filmId, 'listed', entry.addedAt);
  for (const party of data.parties.list) {
    if (party.filmId && party.status !== 'cancelled') scores.add(party.filmId, 'partyFilm', party.startsAt);
    for (const nomination of party.nominations) scores.add(nomination.filmId, 'nominated', nomination.at);
  }
}

interface Pick {
  filmId: string;
  atMs: number;
}

interface GuildPrior {
  /** What search is given; replaced, never changed in place, so search may cache by identity. */
  boost: ClubBoost | undefined;
  /** Boost from the stored records alone, as of the last refresh. */
  stored: Map<string, number> | undefined;
  picks: Pick[];
  stale: boolean;
  refreshing: boolean;
  lastRefreshMs: number;
}

export interface ClubPriorOptions {
  /** The server's stored data (the store's `read`). */
  read: (guildId: string) => Promise<DeepReadonly<GuildData>>;
  now: () => Date;
  /** Told when a refresh fails; search then goes on with the last boost. */
  onError?: (guildId: string, error: unknown) => void;
}

export class ClubPrior {
  /** In least recently used order (a Map keeps insertion order: used guilds are re-inserted). */
  private readonly guilds = new Map<string, GuildPrior>();

  constructor(private readonly options: ClubPriorOptions) {}

  /**
   * The boost for search in this server, or undefined while nothing is known yet. Never waits:
   * when the server's records changed (or were never read), a refresh starts in the background.
   */
  boostFor(guildId: string | null | undefined): ClubBoost | undefined {
    if (!guildId) return undefined;
    const guild = this.touch(guildId);
    if (guild.stale && !guild.refreshing && this.nowMs() - guild.lastRefreshMs >= MIN_REFRESH_MS) void this.refresh(guildId, guild);
    return guild.boost;
  }

  /** The domain's hook: the server's records changed; the next search refreshes the boost. */
  changed(guildId: string): void {
    const guild = this.guilds.get(guildId);
    if (guild) guild.stale = true;
  }

  /** A member picked this film (autocomplete, a menu): counted at once. */
  picked(guildId: string | null | undefined, filmId: string): void {
    if (!guildId) return;
    const guild = this.touch(guildId);
    guild.picks.push({ filmId, atMs: this.nowMs() });
    if (guild.picks.length > MAX_PICKS) guild.picks.splice(0, guild.picks.length - MAX_PICKS);
    guild.boost = this.combine(guild);
  }

  /** Reads the server's records now and waits for it (tests, and start-up warm-up if wanted). */
  async refreshNow(guildId: string): Promise<ClubBoost | undefined> {
    const guild = this.touch(guildId);
    await this.refresh(guildId, guild);
    return guild.boost;
  }

  get guildCount(): number {
    return this.guilds.size;
  }

  private async refresh(guildId: string, guild: GuildPrior): Promise<void> {
    guild.refreshing = true;
    guild.stale = false;
    guild.lastRefreshMs = this.nowMs();
    try {
      const data = await this.options.read(guildId);
      const scores = new ClubScores(this.nowMs());
      addStoredSignals(scores, data);
      guild.stored = scores.boost();
      guild.boost = this.combine(guild);
    } catch (error) {
      guild.stale = true;
      this.options.onError?.(guildId, error);
    } finally {
      guild.refreshing = false;
    }
  }

  /** Stored boosts and picks together: picks re-scored on top of the stored score they add to. */
  private combine(guild: GuildPrior): ClubBoost | undefined {
    if (!guild.picks.length) return guild.stored?.size ? guild.stored : undefined;
    const now = this.nowMs();
    const pickScores = new Map<string, number>();
    for (const pick of guild.picks) pickScores.set(pick.filmId, (pickScores.get(pick.filmId) ?? 0) + SIGNAL_WEIGHTS.pick * decay(pick.atMs, now));
    const combined = new Map(guild.stored);
    for (const [filmId, score] of pickScores) {
      // Back from boost to score, add the picks, and to a boost again.
      const stored = combined.get(filmId) ?? 0;
      const storedScore = stored > 0 ? Math.pow(1 + SATURATION, stored) - 1 : 0;
      combined.set(filmId, boostOfScore(storedScore + score));
    }
    if (combined.size > MAX_FILMS) {
      const kept = [...combined.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_FILMS);
      return new Map(kept);
    }
    return combined;
  }

  private touch(guildId: string): GuildPrior {
    let guild = this.guilds.get(guildId);
    if (guild) this.guilds.delete(guildId);
    else guild = { boost: undefined, stored: undefined, picks: [], stale: true, refreshing: false, lastRefreshMs: -Infinity };
    this.guilds.set(guildId, guild);
    if (this.guilds.size > MAX_GUILDS) this.guilds.delete(this.guilds.keys().next().value!);
    return guild;
  }

  private nowMs(): number {
    return this.options.now().getTime();
  }
}

/**
 * The store as the domain services see it, telling `onChange` after each update of a server that
 * went through: the write hook that marks the server's club prior stale. Reads pass straight on.
 */
export function reportingUpdates<S extends GuildStore>(store: S, onChange: (guildId: string) => void): S {
  const update: GuildStore['update'] = async (guildId, fn) => {
    const result = await store.update(guildId, fn);
    onChange(guildId);
    return result;
  };
  // A proxy rather than a copy: the backends keep private state, so their methods run on themselves.
  return new Proxy(store, {
    get(target, property) {
      if (property === 'update') return update;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
