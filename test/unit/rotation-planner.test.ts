import { DEFAULT_TEMPLATES, planRotation } from "../../src/domain/rotation/planner";
import type { Assignment, Person, PlannerInput, ShiftTemplate } from "../../src/domain/rotation/types";

/** Consecutive dates from `start` (YYYY-MM-DD). */
function days(start: string, count: number): string[] {
  const base = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(base + i * 86_400_000).toISOString().slice(0, 10));
}

const MONDAY = "2026-01-05";
const WEEKDAYS = [1, 2, 3, 4, 5];

function person(id: number, extra: Partial<Person> = {}): Person {
  return { id, departmentId: id, fte: 1, absences: [], ...extra };
}

function input(extra: Partial<PlannerInput> = {}): PlannerInput {
  return {
    dates: days(MONDAY, 5),
    workWeek: WEEKDAYS,
    holidays: [],
    templates: [...DEFAULT_TEMPLATES],
    people: [person(1), person(2), person(3)],
    share: 0.1,
    rules: { departmentCap: 0.5, minRestHours: 0, maxShiftsPerWeek: 10, onboardingDays: 5 },
    history: {},
    pinned: [],
    ...extra,
  };
}

const key = (a: Pick<Assignment, "date" | "templateId" | "personId">) => `${a.date}|${a.templateId}|${a.personId}`;

describe("planRotation: rules", () => {
  it("works with the default templates and fills every seat", () => {
    const plan = planRotation(input());
    expect(plan.assignments).toHaveLength(10);
    expect(plan.unfilled).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("follows a Sunday–Thursday work week", () => {
    const plan = planRotation(input({ dates: days("2026-01-04", 7), workWeek: [7, 1, 2, 3, 4] }));
    const dates = new Set(plan.assignments.map((a) => a.date));
    expect([...dates].sort()).toEqual(["2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"]);
  });

  it("plans no shift on a holiday and reports its seats as unfilled for that reason", () => {
    const plan = planRotation(input({ holidays: ["2026-01-07"] }));
    expect(plan.assignments.filter((a) => a.date === "2026-01-07")).toEqual([]);
    expect(plan.unfilled).toEqual([
      { date: "2026-01-07", templateId: "morning", seat: 0, reason: "holiday", blockers: {} },
      { date: "2026-01-07", templateId: "afternoon", seat: 0, reason: "holiday", blockers: {} },
    ]);
  });

  it("never schedules someone while absent, and says so when nobody else is there", () => {
    const absences = [{ from: "2026-01-06", to: "2026-01-07" }];
    const plan = planRotation(input({ people: [person(1, { absences }), person(2)] }));
    expect(plan.assignments.filter((a) => a.personId === 1 && a.date >= "2026-01-06" && a.date <= "2026-01-07")).toEqual([]);

    const alone = planRotation(input({ people: [person(1, { absences })] }));
    expect(alone.unfilled.map((u) => [u.date, u.reason])).toEqual([
      ["2026-01-06", "absent"],
      ["2026-01-06", "absent"],
      ["2026-01-07", "absent"],
      ["2026-01-07", "absent"],
    ]);
    expect(alone.unfilled[0]?.blockers).toEqual({ absent: [1] });
  });

  it("respects the minimum rest between shifts", () => {
    const plan = planRotation(input({ people: [person(1)], rules: { ...input().rules, minRestHours: 12 } }));
    // 09–13 then 13–17 leaves no rest; 13:00 to 09:00 the next day leaves 20 hours.
    expect(plan.assignments.map((a) => `${a.date} ${a.templateId}`)).toEqual(
      days(MONDAY, 5).map((d) => `${d} morning`),
    );
    expect(plan.unfilled.map((u) => u.reason)).toEqual(Array(5).fill("rest"));
  });

  it("respects the weekly maximum", () => {
    const plan = planRotation(input({ people: [person(1)], rules: { ...input().rules, maxShiftsPerWeek: 3 } }));
    expect(plan.assignments).toHaveLength(3);
    expect(plan.unfilled.map((u) => u.reason)).toEqual(Array(7).fill("weekly-max"));
  });

  it("caps one department's share of a shift, allowing at least one seat", () => {
    const templates: ShiftTemplate[] = [{ id: "t", weekdays: WEEKDAYS, start: "09:00", end: "17:00", seats: 2 }];
    const sameDepartment = [1, 2, 3].map((id) => person(id, { departmentId: 7 }));
    const plan = planRotation(input({ templates, people: sameDepartment, dates: [MONDAY] }));
    expect(plan.assignments).toHaveLength(1);
    expect(plan.unfilled).toEqual([
      { date: MONDAY, templateId: "t", seat: 1, reason: "department-cap", blockers: { "department-cap": [2, 3] } },
    ]);

    const mixed = planRotation(input({ templates, people: [...sameDepartment, person(4, { departmentId: 8 })], dates: [MONDAY] }));
    expect(mixed.assignments).toHaveLength(2);
    expect(new Set(mixed.assignments.map((a) => a.personId)).has(4)).toBe(true);
  });

  it("seats only people with the shift's language, and explains a language nobody speaks", () => {
    const templates: ShiftTemplate[] = [
      { id: "fr", weekdays: WEEKDAYS, start: "09:00", end: "12:00", seats: 1, language: "fr" },
      { id: "de", weekdays: WEEKDAYS, start: "13:00", end: "16:00", seats: 1, language: "de" },
    ];
    const plan = planRotation(input({ templates, people: [person(1), person(2, { languages: ["fr"] }), person(3)] }));
    expect(plan.assignments.map((a) => a.personId)).toEqual(Array(5).fill(2));
    expect(new Set(plan.unfilled.map((u) => `${u.templateId} ${u.reason}`))).toEqual(new Set(["de no-language-or-skill"]));
  });

  it("seats only people with the shift's skill", () => {
    const templates: ShiftTemplate[] = [{ id: "billing", weekdays: WEEKDAYS, start: "09:00", end: "12:00", seats: 1, skill: "billing" }];
    const plan = planRotation(input({ templates, people: [person(1), person(2, { skills: ["billing"] })] }));
    expect(plan.assignments.every((a) => a.personId === 2)).toBe(true);
  });

  it("keeps pinned assignments, even against fairness, and plans around them", () => {
    const pinned = [
      { date: MONDAY, templateId: "morning", seat: 0, personId: 3 },
      { date: "2026-01-06", templateId: "morning", seat: 0, personId: 3 },
    ];
    const plan = planRotation(input({ pinned }));
    for (const p of pinned) expect(plan.assignments).toContainEqual(expect.objectContaining({ ...p, pinned: true }));
    expect(plan.assignments.filter((a) => a.pinned)).toHaveLength(2);
    expect(plan.assignments).toHaveLength(10);
  });

  it("warns about a pinned assignment whose shift no longer exists", () => {
    const plan = planRotation(input({ holidays: [MONDAY], pinned: [{ date: MONDAY, templateId: "morning", seat: 0, personId: 1 }] }));
    expect(plan.warnings.map((w) => w.kind)).toEqual(["pinned-dropped"]);
  });

  it("keeps previous assignments that are still valid when re-planning", () => {
    const base = input({ dates: days(MONDAY, 10), people: [1, 2, 3, 4].map((id) => person(id)) });
    const first = planRotation(base);
    const absences = [{ from: "2026-01-07", to: "2026-01-08" }];
    const people = base.people.map((p) => (p.id === 2 ? { ...p, absences } : p));
    const second = planRotation({ ...base, people, previous: first.assignments });
    const now = new Set(second.assignments.map(key));
    const stillValid = first.assignments.filter((a) => !(a.personId === 2 && a.date >= "2026-01-07" && a.date <= "2026-01-08"));
    expect(stillValid.length).toBeLessThan(first.assignments.length);
    for (const a of stillValid) expect(now.has(key(a))).toBe(true);
    expect(second.unfilled).toEqual([]);
  });

  it("handles an empty organisation and an empty template set", () => {
    const nobody = planRotation(input({ people: [] }));
    expect(nobody.assignments).toEqual([]);
    expect(nobody.unfilled).toHaveLength(10);
    expect(nobody.unfilled.every((u) => u.reason === "nobody-available")).toBe(true);
    expect(planRotation(input({ templates: [] }))).toEqual({ assignments: [], onboarding: [], unfilled: [], hours: expect.any(Object), warnings: [], quality: expect.any(Object) });
  });
});

describe("planRotation: fairness", () => {
  it("keeps hours proportional to FTE over four weeks, within one shift", () => {
    const people = [person(1), person(2), person(3, { fte: 0.5 }), person(4, { fte: 0.5 }), person(5, { fte: 0.8 })];
    const plan = planRotation(input({ dates: days(MONDAY, 28), people }));
    const total = Object.values(plan.hours).reduce((s, h) => s + h.planned, 0);
    const fteSum = people.reduce((s, p) => s + p.fte, 0);
    expect(total).toBe(20 * 2 * 4);
    for (const p of people) {
      expect(Math.abs((plan.hours[p.id]?.planned ?? 0) - (total * p.fte) / fteSum)).toBeLessThanOrEqual(4);
    }
  });

  it("gives fewer shifts to someone who did more than their share before", () => {
    const history = { 1: { workedHours: 24, targetHours: 8 }, 2: { workedHours: 8, targetHours: 8 } };
    const plan = planRotation(input({ dates: days(MONDAY, 10), people: [person(1), person(2)], history }));
    const count = (id: number) => plan.assignments.filter((a) => a.personId === id).length;
    expect(count(1)).toBeLessThan(count(2));
    // 16 extra hours = 4 shifts fewer, then even: 8 and 12 of 20.
    expect(count(2) - count(1)).toBe(4);
  });

  it("gives someone who will be away later their share while they are there, within one shift", () => {
    // One 4-hour seat a day for two weeks; person 1 is away the second week. The share makes the
    // seats' 40 hours equal the targets: 13.3 h for person 1 (5 days), 26.7 h for person 2 (10 days).
    // Measured against the whole horizon's target, person 2 would look further behind all the
    // first week and person 1 would leave with one shift of their three.
    const templates: ShiftTemplate[] = [{ id: "day", weekdays: WEEKDAYS, start: "09:00", end: "13:00", seats: 1 }];
    const awayLater = person(1, { absences: [{ from: "2026-01-12", to: "2026-01-16" }] });
    const plan = planRotation(input({ templates, dates: days(MONDAY, 12), people: [awayLater, person(2)], share: 1 / 3 }));
    expect(plan.unfilled).toEqual([]);
    for (const id of [1, 2]) {
      const { planned, target } = plan.hours[id]!;
      expect(Math.abs(planned - target)).toBeLessThanOrEqual(4);
    }
    expect(plan.assignments.filter((a) => a.personId === 1).map((a) => a.date)).toEqual(["2026-01-05", "2026-01-07", "2026-01-09"]);
  });

  it("counts absences out of the target", () => {
    // Absent five of the ten working days in two weeks.
    const plan = planRotation(input({ dates: days(MONDAY, 14), people: [person(1, { absences: [{ from: MONDAY, to: "2026-01-09" }] }), person(2)] }));
    expect(plan.hours[1]?.target).toBeCloseTo(plan.hours[2]!.target / 2);
  });
});

describe("planRotation: start dates", () => {
  it("does not schedule anyone before their start date", () => {
    // No onboarding days, so that they may take a seat from their first day (onboarding: rotation-onboarding.test.ts).
    const plan = planRotation(input({ people: [person(1, { startDate: "2026-01-07" })], rules: { ...input().rules, onboardingDays: 0 } }));
    expect(plan.assignments.every((a) => a.date >= "2026-01-07")).toBe(true);
    expect(plan.unfilled.map((u) => u.reason)).toEqual(Array(4).fill("nobody-available"));
  });
});
