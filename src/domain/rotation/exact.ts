/**
 * Exact optima by exhaustive search, for small instances only (tests compare the planner
 * against them): the maximum coverage, and among the plans reaching it the smallest worst
 * |planned − owed| in hours (owed: the target plus what history carries forward, as the planner
 * counts it). Same hard constraints as the planner (`ScheduleState.check`); the previous plan
 * and buddies are ignored, and so are onboarding shifts (extra seats, not coverage). Pinned
 * assignments are fixed.
 */
import { expandSlots, type Slot } from "./calendar";
import { owedHours } from "./fairness";
import { ScheduleState, staticBlock } from "./state";
import type { Person, PlannerInput } from "./types";

/** Refuses instances whose search could take too long. */
const MAX_FREE_SEATS = 40;

export function maxCoverage(input: PlannerInput): number {
  return exactOptimum(input, false).coverage;
}

/** The maximum coverage and, among the plans reaching it, the smallest worst |planned − owed| (hours). */
export function fairestAtMaxCoverage(input: PlannerInput): { coverage: number; worstDeviation: number } {
  return exactOptimum(input, true);
}

function exactOptimum(input: PlannerInput, fairness: boolean): { coverage: number; worstDeviation: number } {
  // Holiday slots stay in the list (with no seats): the schedule indexes slots by position.
  const slots = expandSlots(input);
  const people = [...input.people].sort((a, b) => a.id - b.id);
  const state = new ScheduleState(slots, input.rules);
  const slotByKey = new Map(slots.map((s) => [s.key, s]));
  let pinnedCount = 0;
  for (const a of input.pinned) {
    const slot = slotByKey.get(`${a.date}|${a.templateId}`);
    const person = people.find((p) => p.id === a.personId);
    if (!slot || !person || state.seatsOf(slot).some((p) => p?.person.id === person.id)) continue;
    const seat = state.seatsOf(slot)[a.seat] === undefined && a.seat < state.seatsOf(slot).length ? a.seat : state.freeSeat(slot);
    if (seat < 0) continue;
    state.place(slot, seat, person, true);
    pinnedCount++;
  }

  const free = slots.map((s) => state.seatsOf(s).filter((p) => !p).length);
  if (free.reduce((a, b) => a + b, 0) > MAX_FREE_SEATS) throw new Error("instance too large for the exact solver");
  // Optimistic seats still fillable from slot i on: free seats, limited by who could ever sit there.
  const bound = slots.map((s, i) => (s.holiday ? 0 : Math.min(free[i] ?? 0, optimisticSeats(s, people, input.rules.onboardingDays))));
  const suffix = new Array<number>(slots.length + 1).fill(0);
  for (let i = slots.length - 1; i >= 0; i--) suffix[i] = (suffix[i + 1] ?? 0) + (bound[i] ?? 0);

  const active = people.filter((p) => p.fte > 0);
  const owed = owedHours(input, slots);
  const deviation = (p: Person) => state.hoursOf(p.id) - (owed.get(p.id) ?? 0);
  let best = fairness ? -1 : 0;
  let bestWorst = Infinity;
  const search = (slotIndex: number, filled: number): void => {
    const reachable = filled + (suffix[slotIndex] ?? 0);
    if (reachable < best || (!fairness && reachable === best)) return;
    // Hours only grow along the search, so whoever is already over what they owe stays at least that far.
    if (fairness && reachable === best && active.some((p) => deviation(p) >= bestWorst - 1e-9)) return;
    const slot = slots[slotIndex];
    if (!slot) {
      const worst = Math.max(0, ...active.map((p) => Math.abs(deviation(p))));
      if (filled > best || worst < bestWorst - 1e-9) {
        best = filled;
        bestWorst = worst;
      }
      return;
    }
    // Seats of one slot are interchangeable: choose a set of people in increasing id order.
    const chooseFrom = (from: number, picked: number): void => {
      const seat = state.freeSeat(slot);
      if (seat >= 0) {
        for (let i = from; i < people.length; i++) {
          const person = people[i] as Person;
          if (state.check(person, slot)) continue;
          const placement = state.place(slot, seat, person, false);
          chooseFrom(i + 1, picked + 1);
          state.remove(placement);
        }
      }
      search(slotIndex + 1, filled + picked);
    };
    chooseFrom(0, 0);
  };
  search(0, 0);
  return { coverage: best + pinnedCount, worstDeviation: bestWorst };
}

/** Seats that could be filled ignoring everything else on the schedule: qualified people, per department cap. */
function optimisticSeats(slot: Slot, people: Person[], onboardingDays: number): number {
  const perDepartment = new Map<number, number>();
  for (const p of people) if (!staticBlock(p, slot, onboardingDays)) perDepartment.set(p.departmentId, (perDepartment.get(p.departmentId) ?? 0) + 1);
  let total = 0;
  for (const n of perDepartment.values()) total += Math.min(n, slot.departmentCap);
  return total;
}
