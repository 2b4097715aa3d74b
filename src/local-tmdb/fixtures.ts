/**
 * The films the local TMDB knows. Facts only (titles, years, credits); the overviews are short lines
 * written for these fixtures, not TMDB's text. `render*` turns them into TMDB's exact v3 shapes.
 */
export interface FixtureFilm {
  id: number;
  imdbId?: string;
  title: string;
  originalTitle?: string;
  originalLanguage: string;
  /** "YYYY-MM-DD", or "" when TMDB has no date. */
  releaseDate: string;
  runtime?: number;
  genres: [number, string][];
  countries: [string, string][];
  languages: [string, string, string][];
  overview: string;
  posterPath?: string;
  popularity: number;
  voteCount: number;
  voteAverage: number;
  directors: string[];
  writers?: [string, string][];
  cast: [string, string][];
}

export const FIXTURE_FILMS: readonly FixtureFilm[] = [
  {
    id: 374720,
    imdbId: 'tt5013056',
    title: 'Dunkirk',
    originalLanguage: 'en',
    releaseDate: '2017-07-19',
    runtime: 107,
    genres: [[10752, 'War'], [28, 'Action'], [18, 'Drama']],
    countries: [['GB', 'United Kingdom'], ['US', 'United States of America']],
    languages: [['English', 'en', 'English'], ['French', 'fr', 'Français']],
    overview: 'Soldiers trapped on a beach, small boats crossing the Channel and three pilots in the air, told on three clocks.',
    posterPath: '/fixtureDunkirkPoster.jpg',
    popularity: 30.5,
    voteCount: 17000,
    voteAverage: 7.5,
    directors: ['Christopher Nolan'],
    writers: [['Christopher Nolan', 'Writer']],
    cast: [
      ['Fionn Whitehead', 'Tommy'],
      ['Tom Glynn-Carney', 'Peter'],
      ['Jack Lowden', 'Collins'],
      ['Harry Styles', 'Alex'],
      ['Aneurin Barnard', 'Gibson'],
      ['Kenneth Branagh', 'Commander Bolton'],
      ['Cillian Murphy', 'Shivering Soldier'],
      ['Mark Rylance', 'Mr. Dawson'],
      ['Tom Hardy', 'Farrier'],
    ],
  },
  {
    id: 360814,
    imdbId: 'tt5074352',
    title: 'Dangal',
    originalTitle: 'दंगल',
    originalLanguage: 'hi',
    releaseDate: '2016-12-21',
    runtime: 161,
    genres: [[18, 'Drama'], [10751, 'Family']],
    countries: [['IN', 'India']],
    languages: [['Hindi', 'hi', 'हिन्दी']],
    overview: 'A former wrestler trains his two daughters for the sport, against what their village expects of girls.',
    posterPath: '/fixtureDangalPoster.jpg',
    popularity: 12.1,
    voteCount: 2100,
    voteAverage: 8.0,
    directors: ['Nitesh Tiwari'],
    writers: [['Nitesh Tiwari', 'Screenplay'], ['Piyush Gupta', 'Screenplay']],
    cast: [
      ['Aamir Khan', 'Mahavir Singh Phogat'],
      ['Fatima Sana Shaikh', 'Geeta Phogat'],
      ['Sanya Malhotra', 'Babita Kumari'],
      ['Sakshi Tanwar', 'Daya Kaur'],
    ],
  },
  {
    id: 38714,
    imdbId: 'tt0071381',
    title: 'Celine and Julie Go Boating',
    originalTitle: 'Céline et Julie vont en bateau',
    originalLanguage: 'fr',
    releaseDate: '1974-09-20',
    runtime: 193,
    genres: [[35, 'Comedy'], [14, 'Fantasy'], [9648, 'Mystery']],
    countries: [['FR', 'France']],
    languages: [['French', 'fr', 'Français']],
    overview: 'A librarian and a magician meet in Montmartre and find their way into a house where the same afternoon plays again and again.',
    posterPath: '/fixtureCelineJuliePoster.jpg',
    popularity: 4.2,
    voteCount: 310,
    voteAverage: 7.4,
    directors: ['Jacques Rivette'],
    writers: [['Jacques Rivette', 'Screenplay'], ['Juliet Berto', 'Screenplay'], ['Dominique Labourier', 'Screenplay']],
    cast: [
      ['Juliet Berto', 'Céline'],
      ['Dominique Labourier', 'Julie'],
      ['Bulle Ogier', 'Camille'],
      ['Marie-France Pisier', 'Sophie'],
      ['Barbet Schroeder', 'Olivier'],
    ],
  },
  {
    id: 24766,
    imdbId: 'tt0059012',
    title: 'Chimes at Midnight',
    originalTitle: 'Campanadas a medianoche',
    originalLanguage: 'en',
    releaseDate: '1965-12-22',
    runtime: 115,
    genres: [[18, 'Drama'], [36, 'History'], [35, 'Comedy']],
    countries: [['ES', 'Spain'], ['CH', 'Switzerland']],
    languages: [['English', 'en', 'English']],
    overview: 'Falstaff, his tavern and the prince who will have to give them up, from several of Shakespeare’s history plays.',
    popularity: 3.1,
    voteCount: 240,
    voteAverage: 7.6,
    directors: ['Orson Welles'],
    writers: [['Orson Welles', 'Screenplay'], ['William Shakespeare', 'Author']],
    cast: [
      ['Orson Welles', 'Sir John Falstaff'],
      ['Keith Baxter', 'Prince Hal'],
      ['John Gielgud', 'King Henry IV'],
      ['Jeanne Moreau', 'Doll Tearsheet'],
    ],
  },
  {
    id: 603,
    imdbId: 'tt0133093',
    title: 'The Matrix',
    originalLanguage: 'en',
    releaseDate: '1999-03-31',
    runtime: 136,
    genres: [[28, 'Action'], [878, 'Science Fiction']],
    countries: [['US', 'United States of America']],
    languages: [['English', 'en', 'English']],
    overview: 'A hacker learns that the world he lives in is a simulation, and joins the few who fight the machines running it.',
    posterPath: '/fixtureMatrixPoster.jpg',
    popularity: 80.2,
    voteCount: 26000,
    voteAverage: 8.2,
    directors: ['Lana Wachowski', 'Lilly Wachowski'],
    writers: [['Lana Wachowski', 'Writer'], ['Lilly Wachowski', 'Writer']],
    cast: [
      ['Keanu Reeves', 'Neo'],
      ['Laurence Fishburne', 'Morpheus'],
      ['Carrie-Anne Moss', 'Trinity'],
    ],
  },
  {
    id: 999001,
    title: 'Dunkirk Untitled Project',
    originalLanguage: 'en',
    releaseDate: '',
    genres: [],
    countries: [],
    languages: [],
    overview: '',
    popularity: 0.6,
    voteCount: 0,
    voteAverage: 0,
    directors: [],
    cast: [],
  },
];

const GENDER_UNKNOWN = 0;

function personId(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) % 9_000_000;
  return 1_000_000 + hash;
}

/** An entry of /search/movie's `results` or /find's `movie_results`, as TMDB writes it. */
export function renderResult(film: FixtureFilm) {
  return {
    adult: false,
    backdrop_path: null,
    genre_ids: film.genres.map(([id]) => id),
    id: film.id,
    original_language: film.originalLanguage,
    original_title: film.originalTitle ?? film.title,
    overview: film.overview,
    popularity: film.popularity,
    poster_path: film.posterPath ?? null,
    release_date: film.releaseDate,
    title: film.title,
    video: false,
    vote_average: film.voteAverage,
    vote_count: film.voteCount,
  };
}

/** /movie/{id}?append_to_response=credits,external_ids, as TMDB writes it. */
export function renderDetails(film: FixtureFilm, append: readonly string[]) {
  const person = (name: string, department: string) => ({
    adult: false,
    gender: GENDER_UNKNOWN,
    id: personId(name),
    known_for_department: department,
    name,
    original_name: name,
    popularity: 1.0,
    profile_path: null,
  });
  return {
    adult: false,
    backdrop_path: null,
    belongs_to_collection: null,
    budget: 0,
    genres: film.genres.map(([id, name]) => ({ id, name })),
    homepage: '',
    id: film.id,
    imdb_id: film.imdbId ?? null,
    origin_country: film.countries.slice(0, 1).map(([code]) => code),
    original_language: film.originalLanguage,
    original_title: film.originalTitle ?? film.title,
    overview: film.overview,
    popularity: film.popularity,
    poster_path: film.posterPath ?? null,
    production_companies: [],
    production_countries: film.countries.map(([iso_3166_1, name]) => ({ iso_3166_1, name })),
    release_date: film.releaseDate,
    revenue: 0,
    runtime: film.runtime ?? 0,
    spoken_languages: film.languages.map(([english_name, iso_639_1, name]) => ({ english_name, iso_639_1, name })),
    status: 'Released',
    tagline: '',
    title: film.title,
    video: false,
    vote_average: film.voteAverage,
    vote_count: film.voteCount,
    ...(append.includes('credits') && {
      credits: {
        cast: film.cast.map(([name, character], order) => ({
          ...person(name, 'Acting'),
          cast_id: order + 1,
          character,
          credit_id: `fixture-cast-${film.id}-${order}`,
          order,
        })),
        crew: [
          ...film.directors.map((name, index) => ({ ...person(name, 'Directing'), credit_id: `fixture-dir-${film.id}-${index}`, department: 'Directing', job: 'Director' })),
          ...(film.writers ?? []).map(([name, job], index) => ({ ...person(name, 'Writing'), credit_id: `fixture-wri-${film.id}-${index}`, department: 'Writing', job })),
        ],
      },
    }),
    ...(append.includes('external_ids') && {
      external_ids: { imdb_id: film.imdbId ?? null, wikidata_id: null, facebook_id: null, instagram_id: null, twitter_id: null },
    }),
  };
}

export function renderConfiguration() {
  return {
    change_keys: ['adult', 'credits', 'genres', 'images', 'imdb_id', 'overview', 'poster_path', 'release_date', 'runtime', 'title'],
    images: {
      base_url: 'http://image.tmdb.org/t/p/',
      secure_base_url: 'https://image.tmdb.org/t/p/',
      backdrop_sizes: ['w300', 'w780', 'w1280', 'original'],
      logo_sizes: ['w45', 'w92', 'w154', 'w185', 'w300', 'w500', 'original'],
      poster_sizes: ['w92', 'w154', 'w185', 'w342', 'w500', 'w780', 'original'],
      profile_sizes: ['w45', 'w185', 'h632', 'original'],
      still_sizes: ['w92', 'w185', 'w300', 'original'],
    },
  };
}
