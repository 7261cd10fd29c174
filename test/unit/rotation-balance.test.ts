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

describe("planRotation: exchanging shifts of different lengths", () => {
  const MONDAY = "2026-01-05";
  /** Monday only; share 0.1 of 8 h, so each full-timer's target is 0.8 h, plus what history carries. */
  function shifts(people: Person[], templates: PlannerInput["templates"], history: PlannerInput["history"], maxShiftsPerWeek: number): PlannerInput {
    return {
      dates: [MONDAY],
      workWeek: [1, 2, 3, 4, 5],
      holidays: [],
      templates,
      people,
      share: 0.1,
      rules: { departmentCap: 1, minRestHours: 0, maxShiftsPerWeek, onboardingDays: 0 },
      history,
      pinned: [],
    };
  }

  it("swaps two people's shifts when that lowers the worst deviation", () => {
    // Short 13–17 (4 h) and long 16–22 (6 h) overlap. Person 1 owes 0.8 + 10 = 10.8 h, person 2
    // 0.8 h. The first pass seats 1 on the earlier, short shift and 2 on the long one: −6.8 and
    // +5.2. Moving the long shift to 1 would double-book them; swapping gives −4.8 and +3.2.
    const plan = planRotation(
      shifts(
        [person(1, 1), person(2, 1)],
        [
          { id: "short", weekdays: [1], start: "13:00", end: "17:00", seats: 1 },
          { id: "long", weekdays: [1], start: "16:00", end: "22:00", seats: 1 },
        ],
        { 1: { workedHours: 0, targetHours: 10 } },
        1,
      ),
    );
    expect(plan.assignments.map((a) => `${a.templateId} ${a.personId}`)).toEqual(["short 2", "long 1"]);
    expect(plan.quality.worstDeviation.hours).toBeCloseTo(4.8);
  });

  it("moves someone to an empty seat of a longer shift when they owe more", () => {
    // One person, one shift a week, owing 0.8 + 20 = 20.8 h: the short 09–13 (4 h) leaves them
    // 16.8 h short, the long 12–20 (8 h) 12.8 h; either way one of the two seats stays empty.
    const plan = planRotation(
      shifts(
        [person(1, 1)],
        [
          { id: "short", weekdays: [1], start: "09:00", end: "13:00", seats: 1 },
          { id: "long", weekdays: [1], start: "12:00", end: "20:00", seats: 1 },
        ],
        { 1: { workedHours: 0, targetHours: 20 } },
        1,
      ),
    );
    expect(plan.assignments.map((a) => `${a.templateId} ${a.personId}`)).toEqual(["long 1"]);
    expect(plan.quality.coverage).toEqual({ filled: 1, seats: 2, bound: 1 });
  });
});
