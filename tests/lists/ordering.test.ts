import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { clampPosition, insertEntry, isContiguous, moveEntry, removeEntry } from '../../src/lists/ordering.js';
import { ClubList } from '../../src/lists/schema.js';
import { GUILD, MOD, setup } from './helpers.js';

type Op =
  | { kind: 'add'; film: number; position?: number }
  | { kind: 'remove'; film: number }
  | { kind: 'move'; film: number; position: number };

const POOL = 8;
// Positions well outside 1..n (0, negatives, far past the end) are part of the input space: they must clamp.
const position = fc.integer({ min: -3, max: POOL + 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), film: fc.nat(POOL - 1), position: fc.option(position, { nil: undefined }) }),
  fc.record({ kind: fc.constant('remove' as const), film: fc.nat(POOL - 1) }),
  fc.record({ kind: fc.constant('move' as const), film: fc.nat(POOL - 1), position }),
);

/** The reference: a plain array of film ids, edited the obvious way. */
function applyToModel(model: string[], step: Op, id: string): void {
  const at = model.indexOf(id);
  if (step.kind === 'add') {
    if (at >= 0) return;
    const target = step.position === undefined ? model.length + 1 : Math.min(model.length + 1, Math.max(1, step.position));
    model.splice(target - 1, 0, id);
  } else if (step.kind === 'remove') {
    if (at >= 0) model.splice(at, 1);
  } else if (at >= 0) {
    model.splice(at, 1);
    model.splice(Math.min(model.length + 1, Math.max(1, step.position)) - 1, 0, id);
  }
}

describe('ordering invariant (pure functions)', () => {
  it('keeps positions 1..n, with no gap or repeat, in the order a plain array model gives, after any add, remove or move', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const entries: { filmId: string; position: number }[] = [];
        const model: string[] = [];
        for (const step of ops) {
          const id = `film-${step.film}`;
          const present = model.includes(id);
          if (step.kind === 'add' && !present) {
            const placement = insertEntry(entries, { filmId: id, position: 0 }, step.position);
            // The result says where it went, and whether that differs from what was asked.
            expect(entries[placement.position - 1]!.filmId).toBe(id);
            expect(placement.clamped).toBe(step.position !== undefined && step.position !== placement.position);
          } else if (step.kind === 'remove') {
            expect(removeEntry(entries, id) !== undefined).toBe(present);
          } else if (step.kind === 'move') {
            const moved = moveEntry(entries, id, step.position);
            expect(moved !== undefined).toBe(present);
            if (moved) expect(entries[moved.position - 1]!.filmId).toBe(id);
          }
          applyToModel(model, step, id);
          expect(isContiguous(entries)).toBe(true);
          expect(entries.map((entry) => entry.filmId)).toEqual(model);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('clamps positions into range and says so', () => {
    expect(clampPosition(undefined, 4)).toEqual({ position: 4, clamped: false });
    expect(clampPosition(2, 4)).toEqual({ position: 2, clamped: false });
    expect(clampPosition(0, 4)).toEqual({ position: 1, requested: 0, clamped: true });
    expect(clampPosition(99, 4)).toEqual({ position: 4, requested: 99, clamped: true });
  });

  it('is what the stored schema enforces: a gap or a repeated film is refused', () => {
    const list = {
      id: 'l1',
      name: 'Canon',
      ranked: true,
      authorId: MOD.userId,
      createdAt: '2024-06-15T12:00:00.000Z',
      updatedAt: '2024-06-15T12:00:00.000Z',
      entries: [
        { filmId: 'holy-motors-2012', position: 1, addedAt: '2024-06-15T12:00:00.000Z', addedBy: MOD.userId },
        { filmId: 'stalker-1979', position: 3, addedAt: '2024-06-15T12:00:00.000Z', addedBy: MOD.userId },
      ],
    };
    expect(ClubList.safeParse(list).success).toBe(false);
    list.entries[1]!.position = 2;
    expect(ClubList.safeParse(list).success).toBe(true);
    list.entries[1]!.filmId = 'holy-motors-2012';
    expect(ClubList.safeParse(list).success).toBe(false);
  });
});

describe('ordering invariant (through ClubLists and the store)', () => {
  it('stored positions stay 1..n and match the model after any sequence of moderator changes', async () => {
    const ctx = await setup();
    const filmIds = [...ctx.films.all()].slice(0, POOL).map((film) => film.id);
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
        const name = `Property list ${round++}`;
        await ctx.lists.create(MOD, { name });
        const model: string[] = [];
        for (const step of ops) {
          const id = filmIds[step.film]!;
          const present = model.includes(id);
          const call =
            step.kind === 'add'
              ? ctx.lists.add(MOD, name, id, { position: step.position })
              : step.kind === 'remove'
                ? ctx.lists.remove(MOD, name, id)
                : ctx.lists.move(MOD, name, id, step.position);
          const outcome = await call.then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          const expectedTarget =
            step.kind === 'move' && present ? Math.min(model.length, Math.max(1, step.position)) : undefined;
          const noOpMove = expectedTarget !== undefined && model.indexOf(id) + 1 === expectedTarget;
          // Adding a film twice, removing or moving an absent one, or moving to where it already is: refused.
          const shouldFail = (step.kind === 'add' && present) || (step.kind !== 'add' && !present) || noOpMove;
          if (shouldFail) expect(outcome.ok ? 'succeeded' : outcome.error).toBeInstanceOf(UserError);
          else expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
          applyToModel(model, step, id);

          const data = await ctx.store.read(GUILD);
          const list = data.lists.items.find((candidate) => candidate.name === name)!;
          expect(list.entries.map((entry) => entry.position)).toEqual(model.map((_, index) => index + 1));
          expect(list.entries.map((entry) => entry.filmId)).toEqual(model);
        }
        const shown = await ctx.lists.show(GUILD, name, { pageSize: 25 });
        expect(shown.page.items.map((item) => [item.position, item.film.filmId])).toEqual(model.map((id, index) => [index + 1, id]));
        await ctx.lists.delete(MOD, name);
      }),
      { numRuns: 25 },
    );
  });
});
