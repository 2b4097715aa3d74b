export { LocalTmdb, LOCAL_TMDB_ACCESS_TOKEN, LOCAL_TMDB_API_KEY, type Fault, type LocalTmdbOptions, type TmdbRequest } from './server.js';
export { FIXTURE_FILMS, type FixtureFilm } from './fixtures.js';
