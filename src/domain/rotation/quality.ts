/**
 * How good a plan is, and how good any plan could be: coverage against the maximum flow's bound
 * (coverage-flow.ts), and the worst absolute deviation and the sum of squared deviations from what
 * each person owes (target plus history) against lower bounds.
 *
 * The fairness bounds come from a relaxation that ignores which day each shift falls on, as in a
 * transportation problem: person i works some x_i hours, a multiple of the step g (the greatest
 * common divisor of the shifts' lengths, so every sum of shifts is one), between 0 and what their
 * available days allow under the weekly maximum (at the longest shift; `capacities`), and the x_i add up to
 * what a plan filling as many seats as this one can fill: between the hours of that many of the
 * shortest seats and of the longest. So the bounds hold for every plan at this coverage (at the
 * maximum coverage when `coverage.filled` equals its bound).
 * - Worst deviation: the least D such that each person has a multiple of g within D of what they
 *   owe and the lowest and highest such choices bracket the total (found by bisection).
 * - Sum of squares: a separable convex problem with one sum constraint. Giving person i their
 *   k-th step costs g((2k − 1)g − 2·owed), rising with k, so the optimum takes the cheapest steps
 *   of all; a bisection on the price of a step finds how many each gets.
 */
import type { Slot } from "./calendar";
import type { Availability } from "./fairness";
import { shiftsPerDay } from "./coverage-flow";
import type { ScheduleState } from "./state";
import type { Person, PlannerRules, PlanQuality } from "./types";

const ITERATIONS = 60;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Most hours each person can work in the horizon: per week, the weekly maximum or their
 * available working days (`Availability`: started, onboarded, not away) times the most shifts one
 * person can take on a day of that week under the rest rule, whichever is less, at the longest
 * shift; at least their pinned hours (pinned shifts may break a rule). Languages and skills are
 * left out: the bound only gets weaker, and stays cheap for thousands of people.
 */
function capacities(state: ScheduleState, people: readonly Person[], rules: PlannerRules, availability: Availability, longest: number): Map<number, number> {
  const restMinutes = rules.minRestHours * 60;
  const days = new Map<string, Slot[]>();
  for (const slot of state.slots) {
    if (slot.holiday || slot.template.seats <= 0) continue;
    const list = days.get(slot.date);
    if (list) list.push(slot);
    else days.set(slot.date, [slot]);
  }
  // Per week: its last date and the most shifts of one of its days; weeks in order, so each starts after the last one's end.
  const weeks = new Map<number, { last: string; perDay: number }>();
  for (const [date, slots] of days) {
    const week = (slots[0] as Slot).week;
    const perDay = shiftsPerDay(slots, restMinutes);
    const known = weeks.get(week);
    weeks.set(week, { last: known && known.last > date ? known.last : date, perDay: Math.max(known?.perDay ?? 0, perDay) });
  }
  const ordered = [...weeks.values()].sort((a, b) => (a.last < b.last ? -1 : 1));
  const result = new Map<number, number>();
  for (const person of people) {
    let shifts = 0;
    let before = 0;
    for (const week of ordered) {
      const upTo = availability.upTo(person.id, week.last);
      shifts += Math.min(rules.maxShiftsPerWeek, (upTo - before) * week.perDay);
      before = upTo;
    }
    const pinned = state.placementsOf(person.id).filter((p) => p.pinned).reduce((h, p) => h + p.slot.hours, 0);
    result.set(person.id, Math.max(shifts * longest, pinned));
  }
  return result;
}

export function planQuality(
  state: ScheduleState,
  people: readonly Person[],
  rules: PlannerRules,
  owed: Map<number, number>,
  coverage: { seats: number; fillable: number },
  availability: Availability,
): PlanQuality {
  const active = people.filter((p) => p.fte > 0);
  const seatSlots = state.slots.filter((s) => !s.holiday && s.template.seats > 0);
  let filled = 0;
  for (const slot of seatSlots) for (const p of state.seatsOf(slot)) if (p) filled++;
  let worst = 0;
  let squares = 0;
  for (const p of active) {
    const d = state.hoursOf(p.id) - (owed.get(p.id) ?? 0);
    worst = Math.max(worst, Math.abs(d));
    squares += d * d;
  }
  const minutes = [...new Set(seatSlots.map((s) => Math.round(s.hours * 60)))];
  const step = minutes.reduce(gcd, 0) / 60;
  const result: PlanQuality = {
    coverage: { filled, seats: coverage.seats, bound: coverage.fillable },
    worstDeviation: { hours: worst, bound: 0 },
    sumOfSquares: { hours: squares, bound: 0 },
  };
  if (step <= 0 || active.length === 0) return result;
  const cap = capacities(state, active, rules, availability, Math.max(...minutes) / 60);
  const rows = active.map((p) => ({ owed: owed.get(p.id) ?? 0, steps: Math.floor((cap.get(p.id) ?? 0) / step + 1e-9) }));
  // A plan filling as many seats fills between the hours of that many shortest and longest seats.
  const seatHours = seatSlots.flatMap((s) => new Array<number>(s.template.seats).fill(s.hours)).sort((a, b) => a - b);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const total = { low: Math.round(sum(seatHours.slice(0, filled)) / step), high: Math.round(sum(seatHours.slice(seatHours.length - filled)) / step) };
  result.worstDeviation.bound = worstBound(rows, step, total);
  result.sumOfSquares.bound = squaresBound(rows, step, total);
  return result;
}

interface Row {
  owed: number;
  /** Most steps of g the person can work. */
  steps: number;
}

/** Steps of g the plans in question fill in all: `low` to `high`. */
interface Total {
  low: number;
  high: number;
}

function worstBound(rows: readonly Row[], step: number, total: Total): number {
  const feasible = (d: number): boolean => {
    let low = 0;
    let high = 0;
    for (const r of rows) {
      const lo = Math.max(0, Math.ceil((r.owed - d) / step - 1e-9));
      const hi = Math.min(r.steps, Math.floor((r.owed + d) / step + 1e-9));
      if (lo > hi) return false;
      low += lo;
      high += hi;
    }
    return low <= total.high && total.low <= high;
  };
  let lo = 0;
  let hi = step;
  // Beyond every total the capacities allow nothing is feasible; then there is no bound to give.
  for (let i = 0; i < ITERATIONS && !feasible(hi); i++) hi *= 2;
  if (!feasible(hi)) return 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const mid = (lo + hi) / 2;
    if (feasible(mid)) hi = mid;
    else lo = mid;
  }
  return lo;
}

function squaresBound(rows: readonly Row[], step: number, total: Total): number {
  // Steps a person takes when a step costs at most `price`: k ≤ (price / g + 2·owed) / 2g + 1/2.
  const taken = (r: Row, price: number) => Math.min(r.steps, Math.max(0, Math.floor((price / step + 2 * r.owed) / (2 * step) + 0.5)));
  const count = (price: number) => rows.reduce((n, r) => n + taken(r, price), 0);
  const capacity = rows.reduce((n, r) => n + r.steps, 0);
  // The cost is convex in the total, so over the range it is least nearest to where each takes the step nearest to what they owe.
  const wanted = Math.min(capacity, Math.max(total.low, Math.min(total.high, count(0))));
  let lo = -1;
  let hi = 1;
  while (count(lo) > wanted) lo *= 2;
  while (count(hi) < wanted) hi *= 2;
  for (let i = 0; i < ITERATIONS; i++) {
    const mid = (lo + hi) / 2;
    if (count(mid) >= wanted) hi = mid;
    else lo = mid;
  }
  // Steps beyond `wanted` cost about `hi` each; taking `hi` off for each keeps this a lower bound.
  let cost = 0;
  let n = 0;
  for (const r of rows) {
    const k = taken(r, hi);
    n += k;
    cost += (k * step - r.owed) ** 2;
  }
  return Math.max(0, cost - (n - wanted) * hi);
}
