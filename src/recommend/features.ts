import type { Film } from '../catalog/schema.js';
import { normalize } from '../search/normalize.js';

/** What the recommender needs of a catalog; `Catalog` satisfies it. */
export interface FilmSource {
  readonly size: number;
  get(id: string): Film | undefined;
  all(): Iterable<Film>;
}

export const FEATURE_GROUPS = ['genre', 'theme', 'director', 'cast', 'decade', 'country', 'language'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

/**
 * How much each kind of fact counts in "these two films are alike". Every group present in a film gets this
 * share of the film's vector whatever its number of entries, so twelve cast members cannot drown two genres.
 */
export const GROUP_WEIGHTS: Readonly<Record<FeatureGroup, number>> = {
  genre: 1,
  theme: 1,
  director: 1.1,
  cast: 0.8,
  decade: 0.6,
  country: 0.45,
  language: 0.35,
};
/** Top-billed actors only: the tenth name in a cast list says little about what a film is like. */
export const TOP_CAST = 5;
const BILLING_WEIGHTS = [1, 0.85, 0.7, 0.6, 0.5];
/** A film of 1968 is a little like one of 1972: each film also carries its neighbouring decades, weakly. */
const NEAR_DECADE_WEIGHT = 0.35;

/** A fact two films share, as a reason can print it. */
export interface SharedFeature {
  group: FeatureGroup;
  label: string;
}

interface RawFeature {
  key: string;
  group: FeatureGroup;
  label: string;
  tf: number;
  /** False for the weak neighbouring-decade features, which do not count towards document frequency. */
  primary: boolean;
}

const decadeOf = (year: number) => Math.floor(year / 10) * 10;

function rawFeatures(film: Film): RawFeature[] {
  const features: RawFeature[] = [];
  const seen = new Set<string>();
  const add = (group: FeatureGroup, label: string, tf: number, primary = true) => {
    const value = normalize(label);
    if (!value) return;
    const key = `${group}:${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    features.push({ key, group, label: label.trim(), tf, primary });
  };
  film.genres.forEach((genre) => add('genre', genre, 1));
  film.themes.forEach((theme) => add('theme', theme, 1));
  film.directors.forEach((director) => add('director', director, 1));
  film.cast.slice(0, TOP_CAST).forEach((member, i) => add('cast', member.name, BILLING_WEIGHTS[i] ?? 0.5));
  const decade = decadeOf(film.year);
  add('decade', `${decade}s`, 1);
  add('decade', `${decade - 10}s`, NEAR_DECADE_WEIGHT, false);
  add('decade', `${decade + 10}s`, NEAR_DECADE_WEIGHT, false);
  film.countries.forEach((country) => add('country', country, 1));
  film.languages.forEach((language) => add('language', language, 1));
  return features;
}

/**
 * The catalog as TF-IDF feature vectors, one per film, built once per catalog (see `contentModelFor`).
 *
 * Within a group each feature weighs tf × idf, so a rare genre (Western) says more than a common one (Drama);
 * each group is then scaled to its `GROUP_WEIGHTS` share and the vector to unit length, so the dot product of
 * two films is their cosine similarity. Features no other film can share (a one-off actor) are dropped from the
 * stored vectors after normalizing: they still dilute the film's other features, as they should, but cost nothing
 * at query time.
 */
export class ContentModel {
  readonly films: readonly Film[];
  /** Per film slot, a score of how central the film is to the catalog (see `canonScores`). */
  readonly canon: Float32Array;
  readonly #slotById = new Map<string, number>();
  readonly #featureGroup: FeatureGroup[] = [];
  readonly #featureLabel: string[] = [];
  // Film → features (CSR, sorted by feature id) and feature → films (postings).
  readonly #offsets: Int32Array;
  readonly #features: Int32Array;
  readonly #weights: Float32Array;
  readonly #postingOffsets: Int32Array;
  readonly #postingSlots: Int32Array;
  readonly #postingWeights: Float32Array;
  readonly #genres: { label: string; key: string; count: number }[];

  constructor(films: readonly Film[]) {
    this.films = films;
    films.forEach((film, slot) => this.#slotById.set(film.id, slot));
    const n = films.length;
    const raw = films.map(rawFeatures);

    const df = new Map<string, number>();
    const featureId = new Map<string, number>();
    for (const features of raw) {
      for (const feature of features) {
        if (feature.primary) df.set(feature.key, (df.get(feature.key) ?? 0) + 1);
      }
    }
    const idf = (key: string) => Math.log((n + 1) / Math.max(1, df.get(key) ?? 1));
    // Shareable: another film has it too. Decade features are always kept, since a lone film of the 1900s
    // still meets the 1910s films through their neighbouring-decade feature.
    const shareable = (feature: RawFeature) => feature.group === 'decade' ? df.has(feature.key) : (df.get(feature.key) ?? 0) >= 2;

    const offsets = new Int32Array(n + 1);
    const featureList: number[] = [];
    const weightList: number[] = [];
    raw.forEach((features, slot) => {
      const groupNorms = new Map<FeatureGroup, number>();
      for (const feature of features) {
        const value = feature.tf * idf(feature.key);
        groupNorms.set(feature.group, (groupNorms.get(feature.group) ?? 0) + value * value);
      }
      let total = 0;
      for (const [group, norm] of groupNorms) if (norm > 0) total += GROUP_WEIGHTS[group] ** 2;
      const entries: [number, number][] = [];
      if (total > 0) {
        const scale = 1 / Math.sqrt(total);
        for (const feature of features) {
          if (!shareable(feature)) continue;
          const groupNorm = Math.sqrt(groupNorms.get(feature.group) ?? 0);
          const value = feature.tf * idf(feature.key);
          if (groupNorm === 0 || value === 0) continue;
          let id = featureId.get(feature.key);
          if (id === undefined) {
            id = this.#featureGroup.length;
            featureId.set(feature.key, id);
            this.#featureGroup.push(feature.group);
            this.#featureLabel.push(feature.label);
          }
          entries.push([id, ((value / groupNorm) * GROUP_WEIGHTS[feature.group] * scale)]);
        }
      }
      entries.sort((a, b) => a[0] - b[0]);
      for (const [id, weight] of entries) {
        featureList.push(id);
        weightList.push(weight);
      }
      offsets[slot + 1] = featureList.length;
    });
    this.#offsets = offsets;
    this.#features = Int32Array.from(featureList);
    this.#weights = Float32Array.from(weightList);

    // Postings: count per feature, then fill.
    const featureCount = this.#featureGroup.length;
    const postingOffsets = new Int32Array(featureCount + 1);
    for (const id of this.#features) postingOffsets[id + 1]! += 1;
    for (let id = 0; id < featureCount; id++) postingOffsets[id + 1]! += postingOffsets[id]!;
    const cursor = postingOffsets.slice(0, featureCount);
    const postingSlots = new Int32Array(this.#features.length);
    const postingWeights = new Float32Array(this.#features.length);
    for (let slot = 0; slot < n; slot++) {
      for (let i = offsets[slot]!; i < offsets[slot + 1]!; i++) {
        const id = this.#features[i]!;
        const at = cursor[id]!++;
        postingSlots[at] = slot;
        postingWeights[at] = this.#weights[i]!;
      }
    }
    this.#postingOffsets = postingOffsets;
    this.#postingSlots = postingSlots;
    this.#postingWeights = postingWeights;

    this.canon = canonScores(films);
    const genreCounts = new Map<string, { label: string; key: string; count: number }>();
    for (const film of films) {
      for (const genre of film.genres) {
        const key = normalize(genre);
        const entry = genreCounts.get(key) ?? { label: genre.trim(), key, count: 0 };
        entry.count += 1;
        genreCounts.set(key, entry);
      }
    }
    this.#genres = [...genreCounts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }

  get size(): number {
    return this.films.length;
  }

  get featureCount(): number {
    return this.#featureGroup.length;
  }

  slotOf(filmId: string): number | undefined {
    return this.#slotById.get(filmId);
  }

  /** The catalog's genres, most common first, with their normalized form. */
  genres(): readonly { label: string; key: string; count: number }[] {
    return this.#genres;
  }

  /** Cosine similarity of two films (a sorted merge of their sparse vectors). */
  similarity(a: number, b: number): number {
    let i = this.#offsets[a]!;
    let j = this.#offsets[b]!;
    const endI = this.#offsets[a + 1]!;
    const endJ = this.#offsets[b + 1]!;
    let sum = 0;
    while (i < endI && j < endJ) {
      const fi = this.#features[i]!;
      const fj = this.#features[j]!;
      if (fi === fj) sum += this.#weights[i++]! * this.#weights[j++]!;
      else if (fi < fj) i++;
      else j++;
    }
    return sum;
  }

  /** Adds `weight` × the film's vector into a profile (feature id → weight). */
  addToProfile(profile: Map<number, number>, slot: number, weight: number): void {
    for (let i = this.#offsets[slot]!; i < this.#offsets[slot + 1]!; i++) {
      const id = this.#features[i]!;
      profile.set(id, (profile.get(id) ?? 0) + weight * this.#weights[i]!);
    }
  }

  /** Adds profile · film into `scores[slot]` for every film, walking only the postings of the profile's features. */
  scoreProfile(profile: ReadonlyMap<number, number>, scores: Float64Array): void {
    for (const [id, weight] of profile) {
      if (weight === 0) continue;
      for (let p = this.#postingOffsets[id]!; p < this.#postingOffsets[id + 1]!; p++) {
        scores[this.#postingSlots[p]!]! += weight * this.#postingWeights[p]!;
      }
    }
  }

  /** Films most like `slot` (never itself), best first, among those `accept` lets through. */
  similar(slot: number, limit: number, accept: (slot: number) => boolean = () => true): { slot: number; score: number }[] {
    const profile = new Map<number, number>();
    this.addToProfile(profile, slot, 1);
    const scores = new Float64Array(this.size);
    this.scoreProfile(profile, scores);
    const found: { slot: number; score: number }[] = [];
    scores.forEach((score, other) => {
      if (other !== slot && score > 0 && accept(other)) found.push({ slot: other, score });
    });
    return topByScore(found, limit);
  }

  /**
   * The facts two films share, most telling first (largest product of weights). A decade counts only when both
   * films are of that decade, not through the weak neighbouring-decade features.
   */
  sharedFeatures(a: number, b: number, max = 3): SharedFeature[] {
    const shared: { group: FeatureGroup; label: string; weight: number }[] = [];
    let i = this.#offsets[a]!;
    let j = this.#offsets[b]!;
    const endI = this.#offsets[a + 1]!;
    const endJ = this.#offsets[b + 1]!;
    while (i < endI && j < endJ) {
      const fi = this.#features[i]!;
      const fj = this.#features[j]!;
      if (fi === fj) {
        shared.push({ group: this.#featureGroup[fi]!, label: this.#featureLabel[fi]!, weight: this.#weights[i]! * this.#weights[j]! });
        i++;
        j++;
      } else if (fi < fj) i++;
      else j++;
    }
    const sameDecade = decadeOf(this.films[a]!.year) === decadeOf(this.films[b]!.year);
    return shared
      .filter((feature) => feature.group !== 'decade' || (sameDecade && feature.label === `${decadeOf(this.films[a]!.year)}s`))
      .sort((x, y) => y.weight - x.weight)
      .slice(0, max)
      .map(({ group, label }) => ({ group, label }));
  }

  /**
   * The profile's strongest positive features that this film has: "what you like" in it. A decade is named only
   * when `decades` (the decades of the films behind the profile) has it: the profile's weight on "2000s" may come
   * only from the neighbouring-decade feature of a 2012 favorite.
   */
  profileFeatures(profile: ReadonlyMap<number, number>, slot: number, max = 2, decades: ReadonlySet<number> = new Set()): SharedFeature[] {
    const found: { group: FeatureGroup; label: string; weight: number }[] = [];
    const decade = decadeOf(this.films[slot]!.year);
    for (let i = this.#offsets[slot]!; i < this.#offsets[slot + 1]!; i++) {
      const id = this.#features[i]!;
      const weight = (profile.get(id) ?? 0) * this.#weights[i]!;
      const group = this.#featureGroup[id]!;
      if (weight <= 0) continue;
      if (group === 'decade' && (this.#featureLabel[id] !== `${decade}s` || !decades.has(decade))) continue;
      found.push({ group, label: this.#featureLabel[id]!, weight });
    }
    return found
      .sort((x, y) => y.weight - x.weight)
      .slice(0, max)
      .map(({ group, label }) => ({ group, label }));
  }
}

/** The `limit` best entries by score, best first; ties by slot so results are stable. */
export function topByScore<T extends { slot: number; score: number }>(items: T[], limit: number): T[] {
  return items.sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, limit);
}

/**
 * A stand-in for "canon" when the catalog carries no popularity: well-documented films (cast, synopsis,
 * themes) by directors the catalog returns to (several of their films were thought worth including), in [0, 1].
 */
function canonScores(films: readonly Film[]): Float32Array {
  const byDirector = new Map<string, number>();
  for (const film of films) for (const director of film.directors) byDirector.set(director, (byDirector.get(director) ?? 0) + 1);
  const raw = films.map((film) => {
    const presence = Math.max(0, ...film.directors.map((director) => byDirector.get(director) ?? 0));
    const documented =
      Math.min(film.cast.length, 8) / 8 +
      (film.synopsis ? 1 : 0) +
      Math.min(film.themes.length, 3) / 3 +
      (film.directors.length ? 0.5 : 0) +
      (film.countries.length ? 0.25 : 0);
    return Math.log1p(Math.min(presence, 6)) / Math.log(7) + documented / 3.75;
  });
  const max = raw.reduce((best, value) => Math.max(best, value), 1e-9);
  return Float32Array.from(raw, (value) => value / max);
}

interface CachedModel {
  size: number;
  model: ContentModel;
}

const models = new WeakMap<object, CachedModel>();

/**
 * The content model of a catalog, built on first use and reused until the catalog changes: a different size,
 * or any film object replaced (an upsert of an existing id keeps the size). Checking identity is a pointer
 * comparison per film, far cheaper than rebuilding.
 */
export function contentModelFor(source: FilmSource): ContentModel {
  const cached = models.get(source);
  if (cached && cached.size === source.size && sameFilms(cached.model, source)) return cached.model;
  const model = new ContentModel([...source.all()]);
  models.set(source, { size: source.size, model });
  return model;
}

function sameFilms(model: ContentModel, source: FilmSource): boolean {
  for (const film of model.films) if (source.get(film.id) !== film) return false;
  return true;
}
