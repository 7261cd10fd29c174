/**
 * A bounded local search after the constructive pass: moves one shift to someone under what
 * they owe who may take it, from someone further ahead, while that lowers the sum of squared
 * deviations. Only those under take: hours beyond what is owed are shared in proportion to FTE
 * (fairness.ts), not equally, so among people all over their target nothing moves. A move of h hours from A (deviation a) to B (deviation b) with a − b > h leaves
 * both deviations strictly between b and a, so the worst absolute deviation never grows and
 * the sum of squares falls by 2h(a − b − h). Coverage is unchanged (the seat changes hands), and
 * B must pass the same `check` as any placement, so no hard rule breaks.
 *
 * Pinned shifts, shifts kept from the previous plan (re-planning changes only what it must)
 * and shifts with a newcomer on them (their buddy pairing) never move, and no newcomer takes a
 * shift (they might land without a buddy). Deterministic: people
 * and shifts are taken in a fixed order, ties broken on ids.
 */
import type { Slot } from "./calendar";
import type { Placement, ScheduleState } from "./state";
import type { Person } from "./types";

/** Candidate checks allowed in the whole search, so that large organisations stay fast. */
const STEP_BUDGET = 300_000;

export interface BalanceOptions {
  /** Hours each person owes over the horizon (target plus what history carries forward). */
  owed: Map<number, number>;
  /** Placements that must stay where they are besides pinned ones. */
  fixed: Set<Placement>;
  isNewcomer: (person: Person, slot: Slot) => boolean;
}

export function balanceHours(state: ScheduleState, people: Person[], { owed, fixed, isNewcomer }: BalanceOptions): number {
  const deviation = (p: Person) => state.hoursOf(p.id) - (owed.get(p.id) ?? 0);
  // Newcomers neither give nor take, so the shifts with one on them stay the same throughout.
  const withNewcomer = new Set(state.all().filter((p) => isNewcomer(p.person, p.slot)).map((p) => p.slot.index));
  const shortest = Math.min(...state.slots.map((s) => s.hours));
  let steps = STEP_BUDGET;
  let moves = 0;
  for (let improved = true; improved && steps > 0; ) {
    improved = false;
    const byDeviation = people.filter((p) => p.fte > 0).sort((a, b) => deviation(a) - deviation(b) || a.id - b.id);
    const lowest = Math.min(0, ...byDeviation.slice(0, 1).map(deviation));
    // The most over first: they gain most from giving a shift away.
    for (let i = byDeviation.length - 1; i >= 0 && steps > 0; i--) {
      const giver = byDeviation[i] as Person;
      // Nobody is far enough behind to take a shift of theirs, nor of anyone after them.
      if (deviation(giver) - lowest <= shortest) break;
      const movable = state
        .placementsOf(giver.id)
        .filter((p) => !p.pinned && !fixed.has(p) && !withNewcomer.has(p.slot.index));
      for (const placement of movable) {
        const { slot, seat } = placement;
        const a = deviation(giver);
        if (a - slot.hours - lowest <= 1e-9) continue;
        state.remove(placement);
        let taker: Person | undefined;
        for (const candidate of byDeviation) {
          if (--steps < 0) break;
          if (deviation(candidate) >= Math.min(0, a - slot.hours) - 1e-9) break;
          if (candidate.id !== giver.id && !isNewcomer(candidate, slot) && !state.check(candidate, slot)) {
            taker = candidate;
            break;
          }
        }
        if (taker) {
          state.place(slot, seat, taker, false);
          moves++;
          improved = true;
        } else state.reinsert(placement);
      }
    }
  }
  return moves;
}

/** Pairs and relocations tried by `exchangeShifts` in the whole search. */
const EXCHANGE_BUDGET = 200_000;

/**
 * With shifts of different lengths, giving someone a shift of another length changes hours
 * without changing coverage: two people exchange their shifts (a swap), or one moves to an
 * empty seat of a shift of another length (a relocation). Each step is taken only when it
 * lowers the larger of the |deviations| it touches, or keeps it and lowers their squares, so
 * the worst deviation never grows and the sum of squares falls. The same shifts stay fixed as
 * in `balanceHours`; both people must pass `check` on their new shift. Nothing to do, and no
 * time spent, when every shift has the same length.
 */
export function exchangeShifts(state: ScheduleState, { owed, fixed, isNewcomer }: BalanceOptions): number {
  if (new Set(state.slots.map((s) => s.hours)).size < 2) return 0;
  const deviation = (p: Person) => state.hoursOf(p.id) - (owed.get(p.id) ?? 0);
  const withNewcomer = new Set(state.all().filter((p) => isNewcomer(p.person, p.slot)).map((p) => p.slot.index));
  const movable = (p: Placement) => !p.pinned && !fixed.has(p) && !withNewcomer.has(p.slot.index);
  const better = (before: number[], after: number[]) => {
    const worst = (xs: number[]) => Math.max(...xs.map(Math.abs));
    const squares = (xs: number[]) => xs.reduce((s, x) => s + x * x, 0);
    const [wb, wa] = [worst(before), worst(after)];
    return wa < wb - 1e-9 || (wa <= wb + 1e-9 && squares(after) < squares(before) - 1e-9);
  };
  let budget = EXCHANGE_BUDGET;
  let steps = 0;
  for (let improved = true; improved && budget > 0; ) {
    improved = false;
    // Those furthest from what they owe first: they gain most; ties by slot, seat.
    const placements = state
      .all()
      .filter(movable)
      .sort((a, b) => Math.abs(deviation(b.person)) - Math.abs(deviation(a.person)) || a.slot.index - b.slot.index || a.seat - b.seat);
    const gone = new Set<Placement>();
    for (let i = 0; i < placements.length && budget > 0; i++) {
      const x = placements[i] as Placement;
      if (gone.has(x)) continue;
      for (let j = i + 1; j < placements.length && budget > 0; j++) {
        const y = placements[j] as Placement;
        if (x.slot.hours === y.slot.hours || x.person.id === y.person.id || gone.has(y)) continue;
        budget--;
        const a = deviation(x.person);
        const b = deviation(y.person);
        const shift = y.slot.hours - x.slot.hours;
        if (!better([a, b], [a + shift, b - shift])) continue;
        const mark = state.mark();
        state.remove(x);
        state.remove(y);
        if (!state.check(x.person, y.slot) && !state.check(y.person, x.slot)) {
          state.place(y.slot, y.seat, x.person, false);
          state.place(x.slot, x.seat, y.person, false);
          gone.add(x).add(y);
          steps++;
          improved = true;
          break;
        }
        state.rollback(mark);
      }
    }
    const open = improved ? [] : state.slots.filter((s) => state.seatsOf(s).includes(undefined));
    for (const x of open.length === 0 ? [] : placements) {
      for (const slot of open) {
        if (budget <= 0) break;
        if (slot.hours === x.slot.hours) continue;
        budget--;
        const a = deviation(x.person);
        if (!better([a], [a + slot.hours - x.slot.hours])) continue;
        const mark = state.mark();
        state.remove(x);
        if (!state.check(x.person, slot)) {
          state.place(slot, state.freeSeat(slot), x.person, false);
          steps++;
          improved = true;
          break;
        }
        state.rollback(mark);
      }
      if (improved) break;
    }
  }
  return steps;
}
