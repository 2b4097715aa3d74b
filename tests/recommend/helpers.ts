import { Catalog } from '../../src/catalog/catalog.js';
import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { GuildData, SCHEMA_VERSION, type MemberFilm } from '../../src/store/schema.js';

export const GUILD = '100000000000000001';
export const userId = (n: number) => String(200000000000000000n + BigInt(n));

const fr = { countries: ['France'], languages: ['French'] };
const su = { countries: ['Soviet Union'], languages: ['Russian'] };
const us = { countries: ['United States of America'], languages: ['English'] };
const jp = { countries: ['Japan'], languages: ['Japanese'] };
const hk = { countries: ['Hong Kong'], languages: ['Cantonese'] };

/** A small catalog with clusters the rules can be checked against: directors with several films, shared genres and themes. */
export const FILMS: FilmInput[] = [
  { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], genres: ['Drama', 'Fantasy'], themes: ['Surreal and dreamlike', 'Cinema, art and performance'], cast: [{ name: 'Denis Lavant' }, { name: 'Édith Scob' }], ...fr },
  { id: 'mauvais-sang-1986', title: 'Mauvais Sang', year: 1986, directors: ['Leos Carax'], genres: ['Crime', 'Drama', 'Romance'], themes: ['Love, desire and obsession'], cast: [{ name: 'Denis Lavant' }, { name: 'Juliette Binoche' }], ...fr },
  { id: 'les-amants-du-pont-neuf-1991', title: 'Les Amants du Pont-Neuf', year: 1991, directors: ['Leos Carax'], genres: ['Drama', 'Romance'], themes: ['Love, desire and obsession'], cast: [{ name: 'Juliette Binoche' }, { name: 'Denis Lavant' }], ...fr },
  { id: 'annette-2021', title: 'Annette', year: 2021, directors: ['Leos Carax'], genres: ['Drama', 'Musical'], themes: ['Cinema, art and performance', 'Surreal and dreamlike'], cast: [{ name: 'Adam Driver' }, { name: 'Marion Cotillard' }], ...fr },
  { id: 'stalker-1979', title: 'Stalker', year: 1979, directors: ['Andrei Tarkovsky'], genres: ['Drama', 'Science Fiction'], themes: ['Faith, doubt and spirituality'], cast: [{ name: 'Aleksandr Kaydanovsky' }, { name: 'Anatoly Solonitsyn' }], ...su },
  { id: 'solaris-1972', title: 'Solaris', year: 1972, directors: ['Andrei Tarkovsky'], genres: ['Drama', 'Science Fiction'], themes: ['Memory, time and identity'], cast: [{ name: 'Donatas Banionis' }, { name: 'Anatoly Solonitsyn' }], ...su },
  { id: 'mirror-1975', title: 'Mirror', year: 1975, directors: ['Andrei Tarkovsky'], genres: ['Drama'], themes: ['Memory, time and identity', 'Faith, doubt and spirituality'], cast: [{ name: 'Margarita Terekhova' }, { name: 'Anatoly Solonitsyn' }], ...su },
  { id: 'andrei-rublev-1966', title: 'Andrei Rublev', year: 1966, directors: ['Andrei Tarkovsky'], genres: ['Drama', 'History'], themes: ['Faith, doubt and spirituality'], cast: [{ name: 'Anatoly Solonitsyn' }], ...su },
  { id: 'irma-vep-1996', title: 'Irma Vep', year: 1996, directors: ['Olivier Assayas'], genres: ['Comedy', 'Drama'], themes: ['Cinema, art and performance'], cast: [{ name: 'Maggie Cheung' }, { name: 'Jean-Pierre Léaud' }], ...fr },
  { id: 'clouds-of-sils-maria-2014', title: 'Clouds of Sils Maria', year: 2014, directors: ['Olivier Assayas'], genres: ['Drama'], themes: ['Cinema, art and performance'], cast: [{ name: 'Juliette Binoche' }, { name: 'Kristen Stewart' }], ...fr },
  { id: 'personal-shopper-2016', title: 'Personal Shopper', year: 2016, directors: ['Olivier Assayas'], genres: ['Thriller', 'Drama'], themes: ['Loneliness and alienation'], cast: [{ name: 'Kristen Stewart' }], ...fr },
  { id: 'the-general-1926', title: 'The General', year: 1926, directors: ['Buster Keaton', 'Clyde Bruckman'], genres: ['Comedy', 'Action'], themes: ['Epic heroes and legends'], cast: [{ name: 'Buster Keaton' }], ...us },
  { id: 'sherlock-jr-1924', title: 'Sherlock Jr.', year: 1924, directors: ['Buster Keaton'], genres: ['Comedy'], themes: ['Cinema, art and performance'], cast: [{ name: 'Buster Keaton' }], ...us },
  { id: 'halloween-1978', title: 'Halloween', year: 1978, directors: ['John Carpenter'], genres: ['Horror', 'Thriller'], themes: ['Horror, the undead and monster classics'], cast: [{ name: 'Jamie Lee Curtis' }], ...us },
  { id: 'the-thing-1982', title: 'The Thing', year: 1982, directors: ['John Carpenter'], genres: ['Horror', 'Science Fiction'], themes: ['Horror, the undead and monster classics', 'Suspense and paranoia'], cast: [{ name: 'Kurt Russell' }], ...us },
  { id: 'the-fog-1980', title: 'The Fog', year: 1980, directors: ['John Carpenter'], genres: ['Horror'], themes: ['Horror, the undead and monster classics'], cast: [{ name: 'Jamie Lee Curtis' }, { name: 'Adrienne Barbeau' }], ...us },
  { id: 'the-shining-1980', title: 'The Shining', year: 1980, directors: ['Stanley Kubrick'], genres: ['Horror', 'Drama'], themes: ['Psychological horror and madness'], cast: [{ name: 'Jack Nicholson' }], ...us },
  { id: 'seven-samurai-1954', title: 'Seven Samurai', year: 1954, directors: ['Akira Kurosawa'], genres: ['Action', 'Drama'], themes: ['Epic heroes and legends'], cast: [{ name: 'Toshiro Mifune' }, { name: 'Takashi Shimura' }], ...jp },
  { id: 'yojimbo-1961', title: 'Yojimbo', year: 1961, directors: ['Akira Kurosawa'], genres: ['Action', 'Drama'], themes: ['Epic heroes and legends'], cast: [{ name: 'Toshiro Mifune' }], ...jp },
  { id: 'rashomon-1950', title: 'Rashomon', year: 1950, directors: ['Akira Kurosawa'], genres: ['Crime', 'Drama', 'Mystery'], themes: ['Memory, time and identity'], cast: [{ name: 'Toshiro Mifune' }, { name: 'Takashi Shimura' }], ...jp },
  { id: 'mulholland-drive-2001', title: 'Mulholland Drive', year: 2001, directors: ['David Lynch'], genres: ['Mystery', 'Drama', 'Thriller'], themes: ['Surreal and dreamlike', 'Cinema, art and performance'], cast: [{ name: 'Naomi Watts' }], ...us },
  { id: 'eraserhead-1977', title: 'Eraserhead', year: 1977, directors: ['David Lynch'], genres: ['Horror', 'Fantasy'], themes: ['Surreal and dreamlike'], cast: [{ name: 'Jack Nance' }], ...us },
  { id: 'in-the-mood-for-love-2000', title: 'In the Mood for Love', year: 2000, directors: ['Wong Kar-wai'], genres: ['Drama', 'Romance'], themes: ['Love, desire and obsession', 'Loneliness and alienation'], cast: [{ name: 'Maggie Cheung' }, { name: 'Tony Leung Chiu-wai' }], ...hk },
  { id: 'chungking-express-1994', title: 'Chungking Express', year: 1994, directors: ['Wong Kar-wai'], genres: ['Comedy', 'Drama', 'Romance'], themes: ['Love, desire and obsession', 'City life and urban portraits'], cast: [{ name: 'Tony Leung Chiu-wai' }, { name: 'Faye Wong' }], ...hk },
];

export function films(): Film[] {
  return FILMS.map((film) => Film.parse(film));
}

export function catalog(): Catalog {
  return new Catalog(films());
}

const AT = '2024-06-01T12:00:00.000Z';

export interface Marks {
  stars?: number;
  favorite?: boolean;
  dislike?: boolean;
}

/** Builds a server's stored data the way the diary would leave it (favorites, dislikes and ratings imply a watch). */
export class ClubBuilder {
  readonly data: GuildData = GuildData.parse({ version: SCHEMA_VERSION });
  #seq = 0;

  name(user: string, name: string): this {
    this.data.members[user] = name;
    return this;
  }

  watch(user: string, filmId: string, marks: Marks = {}): this {
    const record = this.#record(user, filmId);
    record.diary.push({ id: (++this.#seq).toString(36), watchedOn: '2024-06-01', loggedAt: AT });
    delete record.watchlistSince;
    if (marks.stars !== undefined) record.rating = { stars: marks.stars, at: AT };
    // As the diary does: a favorite clears a dislike and a dislike clears a favorite (never both at once).
    if (marks.favorite) {
      record.favoriteSince = AT;
      delete record.dislikeSince;
    }
    if (marks.dislike) {
      record.dislikeSince = AT;
      delete record.favoriteSince;
    }
    return this;
  }

  favorite(user: string, ...filmIds: string[]): this {
    for (const id of filmIds) this.watch(user, id, { favorite: true });
    return this;
  }

  dislike(user: string, ...filmIds: string[]): this {
    for (const id of filmIds) this.watch(user, id, { dislike: true });
    return this;
  }

  watchlist(user: string, ...filmIds: string[]): this {
    for (const id of filmIds) this.#record(user, id).watchlistSince = AT;
    return this;
  }

  /** A validated snapshot, as the store hands out (a new object each time, like a write would produce). */
  build(): GuildData {
    this.data.seq = this.#seq;
    return deepFreeze(GuildData.parse(structuredClone(this.data)));
  }

  #record(user: string, filmId: string): MemberFilm {
    const films = (this.data.memberFilms[user] ??= {});
    return (films[filmId] ??= { diary: [] });
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Position of a film in a ranking, or Infinity when absent. */
export function rankOf(ids: readonly string[], id: string): number {
  const at = ids.indexOf(id);
  return at < 0 ? Number.POSITIVE_INFINITY : at;
}
