/**
 * Coverage near capacity: small organisations where filling seats in order, then repairing
 * with short chains, left a seat empty that another arrangement fills. Each optimum is worked
 * out by hand in the comment beside it.
 */
import { planRotation } from "../../src/domain/rotation/planner";
import type { Person, PlannerInput, ShiftTemplate } from "../../src/domain/rotation/types";

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
// 2026-01-04 is a Sunday: with every day worked the company week starts on Monday, so the
// Sunday is a week of its own.
const SUNDAY = "2026-01-04";

function shift(id: string, start: string, end: string, seats: number): ShiftTemplate {
  return { id, weekdays: EVERY_DAY, start, end, seats };
}

function person(id: number, departmentId: number, absences: Person["absences"] = []): Person {
  return { id, departmentId, fte: 1, absences };
}

function input(extra: Pick<PlannerInput, "dates" | "templates" | "people" | "rules">): PlannerInput {
  return { workWeek: EVERY_DAY, holidays: [], share: 0.1, history: {}, pinned: [], ...extra };
}

describe("planRotation: coverage at its maximum", () => {
  it("moves a colleague whose shift blocks the only candidate for two reasons at once", () => {
    // Early 06–09 (two seats, one per department), evening 20–23, morning 08–12; 8 h rest, so an
    // evening rules out the next early; early and morning overlap. Person 1 (department 2) is away
    // on Sunday, persons 2 and 3 share department 1: Sunday's second early seat cannot be filled
    // (12 seats, at most 11). Eleven by hand: Sunday 2 early and evening, 3 morning; Monday 1 and
    // 3 early, 2 morning and evening; Tuesday 1 and 3 early, 2 morning, 1 evening (three shifts
    // each in Monday's week at most). Greedy puts 1 on Monday's evening and Tuesday's morning;
    // Tuesday's second early seat then needs 1 off both (overlap and rest), which a chain lifting
    // only the first reason never tries.
    const plan = planRotation(
      input({
        dates: [SUNDAY, "2026-01-05", "2026-01-06"],
        templates: [shift("early", "06:00", "09:00", 2), shift("evening", "20:00", "23:00", 1), shift("morning", "08:00", "12:00", 1)],
        people: [person(1, 2, [{ from: SUNDAY, to: SUNDAY }]), person(2, 1), person(3, 1)],
        rules: { departmentCap: 0.5, minRestHours: 8, maxShiftsPerWeek: 3, onboardingDays: 0 },
      }),
    );
    expect(plan.assignments).toHaveLength(11);
    expect(plan.unfilled.map((u) => `${u.date} ${u.templateId}`)).toEqual([`${SUNDAY} early`]);
  });

  it("finds a chain longer than four moves", () => {
    // Evening 20–23 (two seats, one per department) and morning 08–12, 12 h rest: nobody can work
    // a morning and the evening of the same day, nor an evening and the next morning. Person 1 is
    // in department 1, persons 2 and 3 in department 2, and 3 works only on Sunday. Sunday: at most
    // three seats (everyone once); Monday to Wednesday: two people, one shift a day each, at most
    // two. So at most 3 + 3 × 2 = 9 of 12, reached by 1 and 2 on every evening and 3 on Sunday's
    // morning.
    const plan = planRotation(
      input({
        dates: [SUNDAY, "2026-01-05", "2026-01-06", "2026-01-07"],
        templates: [shift("evening", "20:00", "23:00", 2), shift("morning", "08:00", "12:00", 1)],
        people: [person(1, 1), person(2, 2), person(3, 2, [{ from: "2026-01-05", to: "2026-01-07" }])],
        rules: { departmentCap: 0.5, minRestHours: 12, maxShiftsPerWeek: 4, onboardingDays: 0 },
      }),
    );
    expect(plan.assignments).toHaveLength(9);
  });
});
