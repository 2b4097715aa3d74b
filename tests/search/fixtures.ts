import { Film, filmIdFor, type FilmInput } from '../../src/catalog/schema.js';

type Spec = Omit<FilmInput, 'id' | 'cast'> & { cast?: string[] };

/** A film with the usual fields filled in (director, cast, a synopsis, genres). */
export function film(spec: Spec): Film {
  const { cast = [], ...rest } = spec;
  return Film.parse({
    id: filmIdFor(spec.title, spec.year),
    synopsis: `A film called ${spec.title}.`,
    ...rest,
    cast: cast.map((name) => ({ name })),
  });
}

/** A small catalog with the cases the ranking rules are about: remakes, articles, diacritics, people. */
export const FIXTURE_FILMS: Film[] = [
  film({ title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], cast: ['Denis Lavant', 'Édith Scob', 'Eva Mendes', 'Kylie Minogue', 'Michel Piccoli'], genres: ['Drama', 'Fantasy'] }),
  film({ title: 'Mauvais Sang', year: 1986, directors: ['Leos Carax'], cast: ['Denis Lavant', 'Juliette Binoche', 'Michel Piccoli'], genres: ['Crime', 'Drama'] }),
  film({ title: 'Les Amants du Pont-Neuf', year: 1991, directors: ['Leos Carax'], cast: ['Juliette Binoche', 'Denis Lavant'], altTitles: ['The Lovers on the Bridge'], genres: ['Romance', 'Drama'] }),
  film({ title: 'Irma Vep', year: 1996, directors: ['Olivier Assayas'], cast: ['Maggie Cheung', 'Jean-Pierre Léaud', 'Nathalie Richard'], genres: ['Comedy', 'Drama'] }),
  film({ title: 'In the Mood for Love', year: 2000, directors: ['Wong Kar-wai'], cast: ['Tony Leung Chiu-wai', 'Maggie Cheung'], genres: ['Romance', 'Drama'] }),
  film({ title: 'Heat', year: 1995, directors: ['Michael Mann'], cast: ['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Jon Voight'], genres: ['Crime', 'Thriller'], runtime: 170 }),
  film({ title: 'Heat', year: 1986, directors: ['Dick Richards'], cast: ['Burt Reynolds', 'Karen Young', 'Peter MacNicol'], genres: ['Action', 'Crime'] }),
  film({ title: 'Heat', year: 1972, directors: ['Paul Morrissey'], cast: ['Joe Dallesandro', 'Sylvia Miles'], genres: ['Drama'] }),
  film({ title: 'The Godfather', year: 1972, directors: ['Francis Ford Coppola'], cast: ['Marlon Brando', 'Al Pacino', 'James Caan', 'Robert Duvall', 'Diane Keaton'], genres: ['Crime', 'Drama'] }),
  film({ title: 'The Godfather Part II', year: 1974, directors: ['Francis Ford Coppola'], cast: ['Al Pacino', 'Robert De Niro', 'Robert Duvall', 'Diane Keaton'], genres: ['Crime', 'Drama'] }),
  film({ title: 'Amélie', year: 2001, originalTitle: "Le Fabuleux Destin d'Amélie Poulain", altTitles: ['Amelie'], directors: ['Jean-Pierre Jeunet'], cast: ['Audrey Tautou', 'Mathieu Kassovitz'], genres: ['Comedy', 'Romance'] }),
  film({ title: 'Suspiria', year: 1977, directors: ['Dario Argento'], cast: ['Jessica Harper', 'Stefania Casini', 'Alida Valli'], genres: ['Horror'] }),
  film({ title: 'Suspiria', year: 2018, directors: ['Luca Guadagnino'], cast: ['Dakota Johnson', 'Tilda Swinton', 'Mia Goth'], genres: ['Horror', 'Mystery'] }),
  film({ title: 'A Star Is Born', year: 1937, directors: ['William A. Wellman'], cast: ['Janet Gaynor', 'Fredric March'], genres: ['Drama', 'Romance'] }),
  film({ title: 'A Star Is Born', year: 1954, directors: ['George Cukor'], cast: ['Judy Garland', 'James Mason'], genres: ['Drama', 'Musical'] }),
  film({ title: 'A Star Is Born', year: 1976, directors: ['Frank Pierson'], cast: ['Barbra Streisand', 'Kris Kristofferson'], genres: ['Drama', 'Music'] }),
  film({ title: 'A Star Is Born', year: 2018, directors: ['Bradley Cooper'], cast: ['Lady Gaga', 'Bradley Cooper'], genres: ['Drama', 'Music'] }),
  film({ title: 'Cléo from 5 to 7', year: 1962, originalTitle: 'Cléo de 5 à 7', directors: ['Agnès Varda'], cast: ['Corinne Marchand', 'Antoine Bourseiller'], genres: ['Drama'] }),
  film({ title: "Ocean's Eleven", year: 2001, directors: ['Steven Soderbergh'], cast: ['George Clooney', 'Brad Pitt', 'Matt Damon', 'Julia Roberts'], genres: ['Crime', 'Thriller'] }),
  film({ title: "Ocean's 11", year: 1960, directors: ['Lewis Milestone'], cast: ['Frank Sinatra', 'Dean Martin', 'Sammy Davis Jr.'], genres: ['Crime', 'Comedy'] }),
  film({ title: '2001: A Space Odyssey', year: 1968, directors: ['Stanley Kubrick'], cast: ['Keir Dullea', 'Gary Lockwood', 'William Sylvester'], genres: ['Science Fiction'] }),
  film({ title: 'The Shining', year: 1980, directors: ['Stanley Kubrick'], cast: ['Jack Nicholson', 'Shelley Duvall', 'Danny Lloyd'], genres: ['Horror'] }),
  film({ title: 'Barry Lyndon', year: 1975, directors: ['Stanley Kubrick'], cast: ["Ryan O'Neal", 'Marisa Berenson'], genres: ['Drama', 'History'] }),
  film({ title: 'Blade Runner', year: 1982, directors: ['Ridley Scott'], cast: ['Harrison Ford', 'Rutger Hauer', 'Sean Young'], genres: ['Science Fiction'] }),
  film({ title: 'Blade Runner 2049', year: 2017, directors: ['Denis Villeneuve'], cast: ['Ryan Gosling', 'Harrison Ford', 'Ana de Armas'], genres: ['Science Fiction'] }),
  film({ title: 'Alien', year: 1979, directors: ['Ridley Scott'], cast: ['Sigourney Weaver', 'Tom Skerritt', 'John Hurt'], genres: ['Horror', 'Science Fiction'] }),
  film({ title: 'Aliens', year: 1986, directors: ['James Cameron'], cast: ['Sigourney Weaver', 'Michael Biehn'], genres: ['Action', 'Science Fiction'] }),
  film({ title: 'Holiday', year: 1938, directors: ['George Cukor'], cast: ['Katharine Hepburn', 'Cary Grant'], genres: ['Comedy', 'Romance'] }),
  film({ title: 'The Holdovers', year: 2023, directors: ['Alexander Payne'], cast: ['Paul Giamatti', "Da'Vine Joy Randolph", 'Dominic Sessa'], genres: ['Comedy', 'Drama'] }),
  film({ title: 'Spider-Man', year: 2002, directors: ['Sam Raimi'], cast: ['Tobey Maguire', 'Kirsten Dunst', 'Willem Dafoe'], genres: ['Action'] }),
  film({ title: 'Die Hard', year: 1988, directors: ['John McTiernan'], cast: ['Bruce Willis', 'Alan Rickman'], genres: ['Action'] }),
  film({ title: 'Das Boot', year: 1981, directors: ['Wolfgang Petersen'], cast: ['Jürgen Prochnow', 'Herbert Grönemeyer'], genres: ['War', 'Drama'] }),
  film({ title: "L'Atalante", year: 1934, directors: ['Jean Vigo'], cast: ['Michel Simon', 'Dita Parlo'], genres: ['Drama', 'Romance'] }),
  film({ title: 'Vertigo', year: 1958, directors: ['Alfred Hitchcock'], cast: ['James Stewart', 'Kim Novak'], genres: ['Mystery', 'Thriller'] }),
  film({ title: '8½', year: 1963, directors: ['Federico Fellini'], cast: ['Marcello Mastroianni', 'Claudia Cardinale', 'Anouk Aimée'], genres: ['Drama'] }),
  film({ title: 'Tokyo Story', year: 1953, originalTitle: '東京物語', directors: ['Yasujirō Ozu'], cast: ['Chishū Ryū', 'Chieko Higashiyama'], genres: ['Drama'] }),
  film({ title: 'Double Indemnity', year: 1944, directors: ['Billy Wilder'], cast: ['Fred MacMurray', 'Barbara Stanwyck', 'Edward G. Robinson'], genres: ['Crime', 'Thriller'] }),
  film({ title: 'Do the Right Thing', year: 1989, directors: ['Spike Lee'], cast: ['Danny Aiello', 'Ossie Davis', 'Spike Lee'], genres: ['Drama'] }),
  film({ title: 'Seven Samurai', year: 1954, directors: ['Akira Kurosawa'], cast: ['Toshiro Mifune', 'Takashi Shimura'], genres: ['Action', 'Drama'] }),
  film({ title: 'The Seventh Seal', year: 1957, directors: ['Ingmar Bergman'], cast: ['Max von Sydow', 'Gunnar Björnstrand'], genres: ['Drama', 'Fantasy'] }),
  film({ title: 'Ransom', year: 1996, directors: ['Ron Howard'], cast: ['Mel Gibson', 'Rene Russo'], genres: ['Thriller'] }),
  film({ title: 'Ransom!', year: 1956, directors: ['Alex Segal'], cast: ['Glenn Ford', 'Donna Reed'], genres: ['Crime'] }),
  film({ title: 'Stalker', year: 1979, directors: ['Andrei Tarkovsky'], cast: ['Alexander Kaidanovsky', 'Anatoly Solonitsyn'], genres: ['Science Fiction', 'Drama'] }),
];

export function fixture(id: string): Film {
  const found = FIXTURE_FILMS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no fixture film ${id}`);
  return found;
}
