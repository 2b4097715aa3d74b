import { Film, type FilmInput } from '../../src/catalog/schema.js';
import { ClubDiary } from '../../src/club/diary.js';
import type { Actor, FilmLookup } from '../../src/club/types.js';
import type { GuildStore } from '../../src/store/GuildStore.js';
import { createMemoryGuildStore } from '../../src/store/memoryStore.js';

export const GUILD = '100000000000000001';
export const OTHER_GUILD = '100000000000000002';

export function member(n: number, name = `Member ${n}`, guildId = GUILD): Actor {
  return { guildId, userId: String(200000000000000000n + BigInt(n)), name };
}

export const ALICE = member(1, 'Alice');
export const BOB = member(2, 'Bob');
export const CAROL = member(3, 'Carol');

const FILMS: FilmInput[] = [
  { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, directors: ['Leos Carax'], genres: ['Drama', 'Fantasy'] },
  { id: 'irma-vep-1996', title: 'Irma Vep', year: 1996, directors: ['Olivier Assayas'], genres: ['Comedy', 'Drama'] },
  { id: 'clouds-of-sils-maria-2014', title: 'Clouds of Sils Maria', year: 2014, directors: ['Olivier Assayas'], genres: ['Drama'] },
  { id: 'the-general-1926', title: 'The General', year: 1926, directors: ['Buster Keaton', 'Clyde Bruckman'], genres: ['Comedy', 'Action'] },
  { id: 'mauvais-sang-1986', title: 'Mauvais Sang', year: 1986, directors: ['Leos Carax'], genres: ['Crime', 'Drama', 'Romance'] },
  { id: 'stalker-1979', title: 'Stalker', year: 1979, directors: ['Andrei Tarkovsky'], genres: ['Drama', 'Science Fiction'] },
];

export function filmLookup(extra: FilmInput[] = []): FilmLookup & { films: Film[] } {
  const films = [...FILMS, ...extra].map((film) => Film.parse(film));
  const byId = new Map(films.map((film) => [film.id, film]));
  return { films, get: (id) => byId.get(id) };
}

/** A controllable clock; starts at noon UTC on 2024-06-15. */
export function testClock(start = '2024-06-15T12:00:00.000Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(iso: string) {
      current = new Date(iso).getTime();
    },
  };
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function setup(store: GuildStore = createMemoryGuildStore()) {
  const clock = testClock();
  const films = filmLookup();
  // Each change happens a minute after the previous one unless a test moves the clock itself.
  const now = () => {
    const at = clock.now();
    clock.advance(MINUTE);
    return at;
  };
  const diary = new ClubDiary({ store, films, now });
  return { store, diary, clock, films };
}
