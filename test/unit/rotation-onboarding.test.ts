/**
 * Onboarding shifts are extra seats beside an experienced colleague who is on the shift anyway:
 * they work with one-seat shifts, take no seat of coverage, vary the mentor, and a day without
 * any possible mentor is reported. Expected plans are worked out by hand from the rules in
 * src/domain/rotation/onboarding.ts.
 */
import { planRotation } from "../../src/domain/rotation/planner";
import type { Assignment, Person, PlannerInput, ShiftTemplate } from "../../src/domain/rotation/types";

/** Consecutive dates from `start` (YYYY-MM-DD). */
function days(start: string, count: number): string[] {
  const base = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(base + i * 86_400_000).toISOString().slice(0, 10));
}

const MONDAY = "2026-01-05";
const WEDNESDAY = "2026-01-07";
const WEEKDAYS = [1, 2, 3, 4, 5];
/** The ten working days from Wednesday 7 January to Tuesday 20 January: the fourteen days of onboarding. */
const ONBOARDING_DAYS = ["2026-01-07", "2026-01-08", "2026-01-09", "2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15", "2026-01-16", "2026-01-19", "2026-01-20"];

/**
 * One seat each, and only one veteran can take each: person 1 (French) the morning, person 2
 * (billing) the afternoon, so the shifts' own seats are known without running the planner.
 */
const ONE_SEAT: ShiftTemplate[] = [
  { id: "morning", weekdays: WEEKDAYS, start: "09:00", end: "13:00", seats: 1, language: "fr" },
  { id: "afternoon", weekdays: WEEKDAYS, start: "13:00", end: "17:00", seats: 1, skill: "billing" },
];

function person(id: number, extra: Partial<Person> = {}): Person {
  return { id, departmentId: id, fte: 1, startDate: "2020-01-01", absences: [], ...extra };
}

const morningVeteran = person(1, { languages: ["fr"] });
const afternoonVeteran = person(2, { skills: ["billing"] });
const newcomer = person(9, { startDate: WEDNESDAY, languages: ["fr"], skills: ["billing"] });

function input(extra: Partial<PlannerInput> = {}): PlannerInput {
  return {
    dates: days(MONDAY, 21),
    workWeek: WEEKDAYS,
    holidays: [],
    templates: ONE_SEAT,
    people: [morningVeteran, afternoonVeteran, newcomer],
    share: 0.1,
    rules: { departmentCap: 1, minRestHours: 11, maxShiftsPerWeek: 10, onboardingDays: 14 },
    history: {},
    pinned: [],
    ...extra,
  };
}

const line = (a: Assignment) => `${a.date} ${a.templateId} seat ${a.seat}: ${a.personId} with ${a.buddyId ?? "nobody"}`;

describe("planRotation: onboarding shifts beside a mentor", () => {
  it("gives a new hire on one-seat shifts one onboarding shift each working day of their first 14 days, alternating between the two mentors", () => {
    const plan = planRotation(input());
    // Day one: both mentors are new to them, the morning comes first; then whoever mentored them less.
    expect(plan.onboarding.map(line)).toEqual([
      "2026-01-07 morning seat 1: 9 with 1",
      "2026-01-08 afternoon seat 1: 9 with 2",
      "2026-01-09 morning seat 1: 9 with 1",
      "2026-01-12 afternoon seat 1: 9 with 2",
      "2026-01-13 morning seat 1: 9 with 1",
      "2026-01-14 afternoon seat 1: 9 with 2",
      "2026-01-15 morning seat 1: 9 with 1",
      "2026-01-16 afternoon seat 1: 9 with 2",
      "2026-01-19 morning seat 1: 9 with 1",
      "2026-01-20 afternoon seat 1: 9 with 2",
    ]);
    expect(plan.onboarding.every((a) => a.onboarding && !a.pinned)).toBe(true);
    // Each mentor holds the seat of the shift they mentor on.
    for (const a of plan.onboarding) {
      expect(plan.assignments).toContainEqual(expect.objectContaining({ date: a.date, templateId: a.templateId, seat: 0, personId: a.buddyId }));
    }
    expect(plan.warnings).toEqual([]);
  });

  it("takes no seat of coverage: during onboarding the veterans hold every seat, and the new hire counts for no hours", () => {
    const plan = planRotation(input());
    const onboardingSeats = plan.assignments.filter((a) => a.date <= "2026-01-20");
    // 12 working days from Monday 5 to Tuesday 20 January, two seats each.
    expect(onboardingSeats).toHaveLength(24);
    expect(onboardingSeats.filter((a) => a.personId === 9)).toEqual([]);
    expect(plan.unfilled).toEqual([]);
    // 15 working days × 2 seats, all filled, as without the new hire.
    expect(plan.assignments).toHaveLength(30);
    // Owed from Wednesday 21 January only: 3 working days × 0.1 × 8 h.
    expect(plan.hours[9]?.target).toBeCloseTo(2.4);
  });

  it("plans the number of onboarding shifts a day the organisation chose, without the weekly maximum or the rest rule between them", () => {
    // Veterans at most 5 shifts a week, 11 h rest: the new hire has 10 onboarding shifts a week, two back to back each day.
    const plan = planRotation(input({ rules: { ...input().rules, onboardingShiftsPerDay: 2, maxShiftsPerWeek: 5 } }));
    expect(plan.onboarding.map((a) => `${a.date} ${a.templateId} ${a.buddyId}`)).toEqual(ONBOARDING_DAYS.flatMap((d) => [`${d} morning 1`, `${d} afternoon 2`]));
    expect(plan.warnings).toEqual([]);
  });

  it("alternates between two colleagues on the same two-seat shift, on the seat after theirs", () => {
    const day: ShiftTemplate[] = [{ id: "day", weekdays: WEEKDAYS, start: "09:00", end: "13:00", seats: 2 }];
    const plan = planRotation(input({ templates: day, people: [person(1), person(2), person(9, { startDate: WEDNESDAY })] }));
    expect(plan.onboarding.map(line)).toEqual(ONBOARDING_DAYS.map((d, i) => `${d} day seat 2: 9 with ${i % 2 === 0 ? 1 : 2}`));
    // Both seats of every day stay with the veterans.
    expect(plan.assignments.filter((a) => a.date <= "2026-01-20").every((a) => a.personId !== 9)).toBe(true);
    expect(plan.unfilled).toEqual([]);
  });

  it("reports a day on which nobody experienced is on any shift the new hire could join", () => {
    // The morning veteran is away on Thursday 8 January, and the afternoon's needs billing, which only person 2 has.
    const away = person(1, { languages: ["fr"], absences: [{ from: "2026-01-08", to: "2026-01-08" }] });
    const alone = person(9, { startDate: WEDNESDAY, languages: ["fr"] });
    const plan = planRotation(input({ people: [away, afternoonVeteran, alone] }));
    expect(plan.onboarding.map((a) => a.date)).toEqual(ONBOARDING_DAYS.filter((d) => d !== "2026-01-08"));
    expect(plan.onboarding.every((a) => a.templateId === "morning" && a.buddyId === 1)).toBe(true);
    expect(plan.warnings).toEqual([
      { kind: "no-buddy", date: "2026-01-08", templateId: "morning", personId: 9, message: "person 9 is onboarding on 2026-01-08|morning without an experienced colleague" },
    ]);
  });

  it("re-planning unchanged changes nothing; an absence moves only the onboarding shift it forces", () => {
    const first = planRotation(input());
    const previous = [...first.assignments, ...first.onboarding];
    expect(planRotation(input({ previous }))).toEqual(first);

    const away = person(1, { languages: ["fr"], absences: [{ from: "2026-01-13", to: "2026-01-13" }] });
    const after = planRotation(input({ people: [away, afternoonVeteran, newcomer], previous }));
    const before = new Set(first.onboarding.map(line));
    const now = new Set(after.onboarding.map(line));
    expect([...before].filter((l) => !now.has(l))).toEqual(["2026-01-13 morning seat 1: 9 with 1"]);
    expect([...now].filter((l) => !before.has(l))).toEqual(["2026-01-13 afternoon seat 1: 9 with 2"]);
  });

  it("keeps a published onboarding shift with its mentor", () => {
    const pinned = [{ date: "2026-01-08", templateId: "morning", seat: 1, personId: 9, onboarding: true, buddyId: 1 }];
    const plan = planRotation(input({ pinned }));
    expect(plan.onboarding.filter((a) => a.date === "2026-01-08").map(line)).toEqual(["2026-01-08 morning seat 1: 9 with 1"]);
    expect(plan.onboarding.find((a) => a.date === "2026-01-08")?.pinned).toBe(true);
    expect(plan.assignments.find((a) => a.date === "2026-01-08" && a.templateId === "morning")?.personId).toBe(1);
  });
});
