/**
 * Coverage repair: greedy filling can leave a seat empty although a different arrangement
 * would fill it. For each empty seat we look for an augmenting chain, as in bipartite
 * matching: put person A on the empty seat by taking A off the placements that block them
 * (every clashing one for overlap and rest, plus one of their shifts that week at the weekly
 * maximum and one of their department's seats at the cap: all the reasons at once), then refill every seat freed that way, recursively, until seats are filled directly. Every
 * successful chain fills one more seat and empties none; pinned placements never move.
 * Not complete in general (the problem is NP-hard), but bounded and deterministic.
 */
import type { Slot } from "./calendar";
import type { Placement, ScheduleState } from "./state";
import type { Person } from "./types";

/**
 * Longest chain tried; chains are tried shortest first (iterative deepening). Small
 * organisations near capacity need chains of five and more (test/unit/rotation-coverage.test.ts);
 * the step budget, not the depth, bounds the time.
 */
const MAX_DEPTH = 10;
/** Search steps allowed per empty seat, so that large organisations stay fast. */
const STEP_BUDGET = 500;

/** The candidates in the order they should be tried: `at(i)` is the i-th (lazily computed, so taking the first few is cheap). */
export type Ranker = (slot: Slot, candidates: Person[]) => Iterable<Person> & { at(i: number): Person | undefined };

/** `settled`: slots where nothing more can be filled (coverage-flow.ts proved it), not searched. */
export function repairCoverage(state: ScheduleState, people: Person[], rank: Ranker, settled: (slot: Slot) => boolean = () => false): void {
  for (const slot of state.slots) {
    if (!state.seatsOf(slot).includes(undefined) || settled(slot)) continue;
    // Only people who could ever sit here are worth a search (language, absence, start date, onboarding).
    const qualified = people.filter((p) => !state.fixedBlock(p, slot));
    if (qualified.length === 0) continue;
    // Greedy filling left these seats empty because nobody was eligible. If still nobody is, the
    // first step of the search (trying every qualified person as they are) would use up the whole
    // budget when there are that many, and the search could get no further: skip it. Only those
    // who lost a placement since can have become eligible (anyone, if this slot lost one).
    if (qualified.length >= STEP_BUDGET) {
      const maybe = state.mayHaveBecomeEligible(slot);
      if (maybe && maybe.every((p) => state.check(p, slot))) continue;
    }
    state.seatsOf(slot).forEach((placement, seat) => {
      if (placement) return;
      const budget = { steps: STEP_BUDGET };
      for (let depth = 0; depth <= MAX_DEPTH && budget.steps > 0; depth++) {
        if (augment(state, people, rank, slot, seat, depth, new Set([seatKey(slot, seat)]), budget)) return;
      }
    });
  }
}

function seatKey(slot: Slot, seat: number): string {
  return `${slot.key}#${seat}`;
}

function augment(
  state: ScheduleState,
  people: Person[],
  rank: Ranker,
  slot: Slot,
  seat: number,
  depth: number,
  visited: Set<string>,
  budget: { steps: number },
): boolean {
  for (const person of rank(slot, people.filter((p) => !state.fixedBlock(p, slot)))) {
    if (--budget.steps < 0) return false;
    const block = state.check(person, slot);
    if (!block) {
      state.place(slot, seat, person, false);
      return true;
    }
    if (depth === 0) continue;
    for (const ejected of state.liftingSets(person, slot)) {
      if (ejected.some((c) => c.pinned || visited.has(seatKey(c.slot, c.seat)))) continue;
      if (tryEject(state, people, rank, slot, seat, person, ejected, depth, visited, budget)) return true;
    }
  }
  return false;
}

/** Takes the `ejected` placements off, seats `person`, and refills every freed seat; undoes everything on failure. */
function tryEject(
  state: ScheduleState,
  people: Person[],
  rank: Ranker,
  slot: Slot,
  seat: number,
  person: Person,
  ejected: Placement[],
  depth: number,
  visited: Set<string>,
  budget: { steps: number },
): boolean {
  const mark = state.mark();
  for (const c of ejected) state.remove(c);
  const freed = ejected.map((c) => seatKey(c.slot, c.seat));
  if (!state.check(person, slot)) {
    state.place(slot, seat, person, false);
    freed.forEach((k) => visited.add(k));
    const refilled = ejected.every((c) => augment(state, people, rank, c.slot, c.seat, depth - 1, visited, budget));
    freed.forEach((k) => visited.delete(k));
    if (refilled) return true;
  }
  state.rollback(mark);
  return false;
}
