/**
 * The planner's report on its own plan (quality.ts): coverage, worst deviation and sum of squared
 * deviations, each beside a bound no plan can beat; every figure worked out by hand beside it.
 */
import { planRotation } from "../../src/domain/rotation/planner";
import type { Person, PlannerInput } from "../../src/domain/rotation/types";

const MONDAY_TO_FRIDAY = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"];

function person(id: number, fte = 1): Person {
  return { id, departmentId: id, fte, absences: [] };
}

/** One four-hour seat a day, Monday to Friday: 20 h; share 0.25 of 8 h a day, so a full-timer owes 10 h. */
function input(people: Person[], maxShiftsPerWeek: number): PlannerInput {
  return {
    dates: MONDAY_TO_FRIDAY,
    workWeek: [1, 2, 3, 4, 5],
    holidays: [],
    templates: [{ id: "day", weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "13:00", seats: 1 }],
    people,
    share: 0.25,
    rules: { departmentCap: 1, minRestHours: 0, maxShiftsPerWeek, onboardingDays: 0 },
    history: {},
    pinned: [],
  };
}

describe("planRotation: the plan's quality against its bounds", () => {
  it("reports a plan at its bounds", () => {
    // Two full-timers owe 10 h each; five four-hour shifts: 12 h and 8 h at best, deviations +2
    // and −2, so the worst is 2 h and the squares add up to 8 h²; every seat is filled.
    const { quality } = planRotation(input([person(1), person(2)], 5));
    expect(quality.coverage).toEqual({ filled: 5, seats: 5, bound: 5 });
    expect(quality.worstDeviation.hours).toBeCloseTo(2);
    expect(quality.worstDeviation.bound).toBeCloseTo(2);
    expect(quality.sumOfSquares.hours).toBeCloseTo(8);
    expect(quality.sumOfSquares.bound).toBeCloseTo(8);
  });

  it("bounds coverage by the weekly maximum", () => {
    // One person, at most two shifts a week: two of the five seats, 8 h against 10 h owed.
    const { quality } = planRotation(input([person(1)], 2));
    expect(quality.coverage).toEqual({ filled: 2, seats: 5, bound: 2 });
    expect(quality.worstDeviation.hours).toBeCloseTo(2);
    expect(quality.worstDeviation.bound).toBeCloseTo(2);
    expect(quality.sumOfSquares.bound).toBeCloseTo(4);
  });

  it("bounds the deviation of someone who cannot be given less than a whole shift", () => {
    // A half-timer owes 5 h and a full-timer 10 h: 20 h in four-hour steps. The nearest to what
    // each owes: 4 h (−1) and 12 h (+2), 16 h in all, so 4 h more goes to one of them: the
    // half-timer 8 h and the full-timer 12 h (+3, +2), or 4 h and 16 h (−1, +6). The worst is at
    // least 3 h, the squares at least 13 h².
    const { quality } = planRotation(input([person(1), person(2, 0.5)], 5));
    expect(quality.worstDeviation.bound).toBeCloseTo(3);
    expect(quality.sumOfSquares.bound).toBeCloseTo(13);
    expect(quality.worstDeviation.hours).toBeGreaterThanOrEqual(quality.worstDeviation.bound - 1e-6);
  });
});
