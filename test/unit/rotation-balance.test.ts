/**
 * The local search after the constructive pass: shifts move to whoever is furthest under what
 * they owe, from whoever is furthest ahead, while that lowers the worst and the squared
 * deviations. Each optimum is worked out by hand beside the test.
 */
import { planRotation } from "../../src/domain/rotation/planner";
import type { Person, PlannerInput } from "../../src/domain/rotation/types";

const MONDAY_TO_FRIDAY = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"];

function person(id: number, fte: number, absences: Person["absences"] = []): Person {
  return { id, departmentId: id, fte, absences };
}

/** One four-hour seat a day, Monday to Friday: 20 h to share. */
function input(people: Person[], share: number, maxShiftsPerWeek: number): PlannerInput {
  return {
    dates: MONDAY_TO_FRIDAY,
    workWeek: [1, 2, 3, 4, 5],
    holidays: [],
    templates: [{ id: "day", weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "13:00", seats: 1 }],
    people,
    share,
    rules: { departmentCap: 1, minRestHours: 0, maxShiftsPerWeek, onboardingDays: 0 },
    history: {},
    pinned: [],
  };
}

describe("planRotation: balancing hours after the first pass", () => {
  it("shares a shortage so that the worst shortfall is smallest", () => {
    // Share 0.5: person 1 (full time, away Wednesday to Friday) owes 8 h, persons 2 and 3 (half
    // time) 10 h each; 28 h owed, 20 h of seats, at most two shifts a week each. Person 1 can take
    // two shifts at most, 2 and 3 two each, five in all: (2, 2, 1) leaves someone 6 h short,
    // (1, 2, 2) at most 4 h: 4, 8 and 8 hours. The first pass gave 8, 8 and 4.
    const plan = planRotation(input([person(1, 1, [{ from: "2026-01-07", to: "2026-01-09" }]), person(2, 0.5), person(3, 0.5)], 0.5, 2));
    expect(plan.hours).toEqual({
      1: { planned: 4, target: 8 },
      2: { planned: 8, target: 10 },
      3: { planned: 8, target: 10 },
    });
  });

  it("gives a shift to someone under their target from someone far over it", () => {
    // Share 0.4, two half-timers: person 1 owes 8 h, person 2 (away Thursday and Friday) 4.8 h;
    // 20 h of seats. Person 2 can take Monday to Wednesday only: 20/0, 16/4, 12/8 or 8/12 hours,
    // deviations (12, −4.8), (8, −0.8), (4, 3.2), (0, 7.2): 12/8 is the smallest worst one. The
    // first pass gave 16/4.
    const plan = planRotation(input([person(1, 0.5), person(2, 0.5, [{ from: "2026-01-08", to: "2026-01-09" }])], 0.4, 5));
    expect(plan.hours[1]).toEqual({ planned: 12, target: 8 });
    expect(plan.hours[2]?.planned).toBe(8);
    expect(plan.hours[2]?.target).toBeCloseTo(4.8);
  });

  it("moves nothing kept from the previous plan: re-planning with nothing changed changes nothing", () => {
    const first = planRotation(input([person(1, 1, [{ from: "2026-01-07", to: "2026-01-09" }]), person(2, 0.5), person(3, 0.5)], 0.5, 2));
    const again = planRotation({
      ...input([person(1, 1, [{ from: "2026-01-07", to: "2026-01-09" }]), person(2, 0.5), person(3, 0.5)], 0.5, 2),
      previous: first.assignments,
    });
    expect(again.assignments).toEqual(first.assignments);
  });
});
