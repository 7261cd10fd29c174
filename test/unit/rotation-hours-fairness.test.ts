import { planRotation } from "../../src/domain/rotation/planner";
import type { Person, PlannerInput } from "../../src/domain/rotation/types";

const TEN_WEEKDAYS = ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09", "2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16"];

function person(id: number, fte: number): Person {
  return { id, departmentId: id, fte, absences: [] };
}

/** One seat from 09:00 to `end` on each of ten weekdays (four hours: 40 h to share). */
function input(people: Person[], share: number, end = "13:00"): PlannerInput {
  return {
    dates: TEN_WEEKDAYS,
    workWeek: [1, 2, 3, 4, 5],
    holidays: [],
    templates: [{ id: "morning", weekdays: [1, 2, 3, 4, 5], start: "09:00", end, seats: 1 }],
    people,
    share,
    rules: { departmentCap: 1, minRestHours: 0, maxShiftsPerWeek: 10, onboardingDays: 0 },
    history: {},
    pinned: [],
  };
}

describe("planRotation: fairness in hours owed", () => {
  it("shares a shortage in hours, so half-timers are not over-scheduled against full-timers", () => {
    // One two-hour seat on each of ten days: 20 h against targets of 16 h, 8 h and 8 h (share 0.2
    // of 8 h a day). The smallest worst shortfall is 4 h each: 12, 4 and 4 hours. Ranked per FTE
    // instead, a half-timer 2 h behind outranks a full-timer 3 h behind, and the plan is 10, 6
    // and 4 (the full-timer 6 h short).
    const plan = planRotation(input([person(1, 1), person(2, 0.5), person(3, 0.5)], 0.2, "11:00"));
    expect(plan.hours).toEqual({
      1: { planned: 12, target: 16 },
      2: { planned: 4, target: 8 },
      3: { planned: 4, target: 8 },
    });
  });

  it("shares seats beyond what is owed in proportion to FTE", () => {
    // Targets 4 h and 2 h, 40 h of seats: the 34 h beyond the targets split two to one.
    const plan = planRotation(input([person(1, 1), person(2, 0.5)], 0.05));
    expect(plan.hours).toEqual({
      1: { planned: 28, target: 4 },
      2: { planned: 12, target: 2 },
    });
  });
});
