import { Film, type FilmInput } from '../../src/catalog/schema.js';
import type { Actor } from '../../src/club/types.js';
import type { PartyActor } from '../../src/parties/service.js';
import type { FilmCatalog } from '../../src/parties/suggest.js';
import type { ReminderScheduler } from '../../src/parties/scheduler.js';

export const GUILD = '110000000000000001';
export const CHANNEL = '110000000000000100';
export const VOICE = '110000000000000200';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function member(n: number, name = `Member ${n}`): Actor {
  return { guildId: GUILD, userId: String(210000000000000000n + BigInt(n)), name };
}

export const HOST = member(1, 'Hana');
export const ALICE = member(2, 'Alice');
export const BOB = member(3, 'Bob');
export const CAROL = member(4, 'Carol');
/** Has Manage Server (bit 5), as Discord would send it. */
export const MOD: PartyActor = { ...member(9, 'Mo'), access: { permissions: String(1n << 5n), roleIds: [] } };

const FILMS: FilmInput[] = [
  { id: 'holy-motors-2012', title: 'Holy Motors', year: 2012, runtime: 115, directors: ['Leos Carax'], genres: ['Drama', 'Fantasy'], themes: ['Surreal identity'] },
  { id: 'mauvais-sang-1986', title: 'Mauvais Sang', year: 1986, runtime: 116, directors: ['Leos Carax'], genres: ['Crime', 'Drama'], cast: [{ name: 'Denis Lavant' }] },
  { id: 'annette-2021', title: 'Annette', year: 2021, runtime: 141, directors: ['Leos Carax'], genres: ['Musical', 'Drama'] },
  { id: 'irma-vep-1996', title: 'Irma Vep', year: 1996, directors: ['Olivier Assayas'], genres: ['Comedy', 'Drama'] },
  { id: 'stalker-1979', title: 'Stalker', year: 1979, runtime: 162, directors: ['Andrei Tarkovsky'], genres: ['Science Fiction', 'Drama'], themes: ['Faith and longing'] },
  { id: 'solaris-1972', title: 'Solaris', year: 1972, directors: ['Andrei Tarkovsky'], genres: ['Science Fiction', 'Drama'], themes: ['Faith and longing'] },
  { id: 'the-general-1926', title: 'The General', year: 1926, directors: ['Buster Keaton', 'Clyde Bruckman'], genres: ['Comedy', 'Action'] },
  { id: 'sherlock-jr-1924', title: 'Sherlock Jr.', year: 1924, directors: ['Buster Keaton'], genres: ['Comedy'] },
  { id: 'paddington-2-2017', title: 'Paddington 2', year: 2017, directors: ['Paul King'], genres: ['Family', 'Comedy'] },
  { id: 'alien-1979', title: 'Alien', year: 1979, directors: ['Ridley Scott'], genres: ['Horror', 'Science Fiction'] },
];

export function catalog(extra: FilmInput[] = []): FilmCatalog & { films: Film[]; size: number } {
  const films = [...FILMS, ...extra].map((film) => Film.parse(film));
  const byId = new Map(films.map((film) => [film.id, film]));
  return { films, size: byId.size, get: (id) => byId.get(id), all: () => byId.values() };
}

/**
 * A clock and timer functions under the test's control. `advanceTo` moves time forward, firing due timers in
 * order and waiting for the scheduler's work after each, as the real event loop would.
 */
export class FakeTime {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();
  /** Every delay asked of setTimer, to check long waits are chained. */
  readonly delays: number[] = [];

  constructor(start: string) {
    this.#now = Date.parse(start);
  }

  now = (): Date => new Date(this.#now);

  set(iso: string): void {
    this.#now = Date.parse(iso);
  }

  setTimer = (callback: () => void, ms: number): unknown => {
    const id = this.#nextId++;
    this.delays.push(ms);
    this.#timers.set(id, { at: this.#now + ms, callback });
    return id;
  };

  clearTimer = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  get pending(): number {
    return this.#timers.size;
  }

  async advanceTo(iso: string | Date, scheduler?: ReminderScheduler): Promise<void> {
    const target = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, timer]) => timer.at <= target).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = Math.max(this.#now, timer.at);
      timer.callback();
      await scheduler?.idle();
    }
    this.#now = Math.max(this.#now, target);
  }

  async advance(ms: number, scheduler?: ReminderScheduler): Promise<void> {
    await this.advanceTo(new Date(this.#now + ms), scheduler);
  }
}
