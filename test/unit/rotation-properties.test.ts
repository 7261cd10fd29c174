/**
 * Property tests on random organisations (seeded, so failures reproduce): hard rules always
 * hold, every seat is accounted for, the plan is deterministic, and on small instances the
 * planner fills as many seats as the exact solver says is possible.
 */
import { fairestAtMaxCoverage, maxCoverage } from "../../src/domain/rotation/exact";
import { planRotation } from "../../src/domain/rotation/planner";
import type { PlannerInput, PlanResult, Person, ShiftTemplate } from "../../src/domain/rotation/types";
import { Rng } from "../helpers/random";


const DAY_MS = 86_400_000;
const BASE = Date.parse("2026-03-01T00:00:00Z"); // a Sunday

function dateAt(offset: number): string {
  return new Date(BASE + offset * DAY_MS).toISOString().slice(0, 10);
}

const TEMPLATE_POOL: Omit<ShiftTemplate, "id" | "weekdays" | "seats">[] = [
  { start: "08:00", end: "12:00" },
  { start: "09:00", end: "13:00" },
  { start: "12:00", end: "16:00" },
  { start: "13:00", end: "17:00" },
  { start: "16:00", end: "22:00" },
  { start: "22:00", end: "06:00" },
];

interface Size {
  people: [number, number];
  days: [number, number];
  templates: [number, number];
  seats: [number, number];
}

const LARGE: Size = { people: [3, 14], days: [5, 21], templates: [1, 3], seats: [1, 3] };
const SMALL: Size = { people: [2, 4], days: [3, 5], templates: [1, 2], seats: [1, 2] };

function randomInput(seed: number, size: Size, withPins = true): PlannerInput {
  const rng = new Rng(seed);
  const nDays = rng.int(...size.days);
  const dates = Array.from({ length: nDays }, (_, i) => dateAt(i));
  const workWeek = rng.pick([[1, 2, 3, 4, 5], [7, 1, 2, 3, 4], [1, 2, 3, 4, 5, 6, 7]]);
  const holidays = dates.filter(() => rng.chance(0.08));
  const templates: ShiftTemplate[] = Array.from({ length: rng.int(...size.templates) }, (_, i) => ({
    id: `t${i}`,
    weekdays: rng.chance(0.7) ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5, 6, 7].filter(() => rng.chance(0.6)),
    seats: rng.int(...size.seats),
    ...rng.pick(TEMPLATE_POOL),
    ...(rng.chance(0.2) ? { language: rng.pick(["fr", "de"]) } : {}),
    ...(rng.chance(0.15) ? { skill: "billing" } : {}),
  }));
  const people: Person[] = Array.from({ length: rng.int(...size.people) }, (_, i) => {
    const absences = rng.chance(0.4) ? [{ from: dateAt(rng.int(-2, nDays)), to: dateAt(rng.int(0, nDays)) }] : [];
    return {
      id: 100 - i * 7, // ids not in input order, to exercise the id tie-breaks
      departmentId: rng.int(1, 3),
      fte: rng.pick([1, 1, 0.8, 0.5, 0]),
      ...(rng.chance(0.3) ? { startDate: dateAt(rng.int(-10, nDays)) } : { startDate: "2020-01-01" }),
      languages: ["en", "fr", "de"].filter(() => rng.chance(0.5)),
      skills: rng.chance(0.5) ? ["billing"] : [],
      absences,
    };
  });
  const history = Object.fromEntries(
    people.filter(() => rng.chance(0.5)).map((p) => [p.id, { workedHours: rng.int(0, 40), targetHours: rng.int(0, 40) }]),
  );
  const input: PlannerInput = {
    dates,
    workWeek,
    holidays,
    templates,
    people,
    share: 0.1,
    rules: {
      departmentCap: rng.pick([0.34, 0.5, 1]),
      minRestHours: rng.pick([0, 8, 12]),
      maxShiftsPerWeek: rng.int(1, 5),
      onboardingDays: rng.pick([3, 5]),
    },
    history,
    pinned: [],
  };
  if (!withPins || !rng.chance(0.5)) return input;
  // Pins taken from a valid plan are valid together; the rest of it becomes the previous plan.
  const earlier = planRotation(input).assignments;
  const pinned = earlier.filter(() => rng.chance(0.2)).map(({ date, templateId, seat, personId }) => ({ date, templateId, seat, personId }));
  return { ...input, pinned, ...(rng.chance(0.5) ? { previous: earlier } : {}) };
}

/** Independent re-implementation of the hard rules; returns the violations found. */
function violations(input: PlannerInput, plan: PlanResult): string[] {
  const found: string[] = [];
  const people = new Map(input.people.map((p) => [p.id, p]));
  const templates = new Map(input.templates.map((t) => [t.id, t]));
  const minutes = (date: string, time: string) => Date.parse(`${date}T${time}:00Z`) / 60_000;
  const isoDay = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const runsOn = (t: ShiftTemplate, date: string) => input.workWeek.includes(isoDay(date)) && t.weekdays.includes(isoDay(date));

  const seatsSeen = new Map<string, number>();
  const mark = (k: string) => seatsSeen.set(k, (seatsSeen.get(k) ?? 0) + 1);
  for (const a of plan.assignments) mark(`${a.date}|${a.templateId}|${a.seat}`);
  for (const u of plan.unfilled) {
    mark(`${u.date}|${u.templateId}|${u.seat}`);
    if ((u.reason === "holiday") !== input.holidays.includes(u.date)) found.push(`wrong holiday reason ${JSON.stringify(u)}`);
  }
  for (const date of input.dates) {
    for (const t of input.templates) {
      if (!runsOn(t, date)) continue;
      for (let seat = 0; seat < t.seats; seat++) {
        const n = seatsSeen.get(`${date}|${t.id}|${seat}`) ?? 0;
        if (n !== 1) found.push(`seat ${date}|${t.id}|${seat} accounted ${n} times`);
        seatsSeen.delete(`${date}|${t.id}|${seat}`);
      }
    }
  }
  for (const k of seatsSeen.keys()) found.push(`seat ${k} does not exist`);

  const byPerson = new Map<number, { start: number; end: number; date: string; week: number }[]>();
  const deptCount = new Map<string, number>();
  for (const a of plan.assignments) {
    const p = people.get(a.personId);
    const t = templates.get(a.templateId);
    if (!p || !t) {
      found.push(`unknown person or template in ${JSON.stringify(a)}`);
      continue;
    }
    if (input.holidays.includes(a.date)) found.push(`${a.personId} works on holiday ${a.date}`);
    if (p.absences.some((r) => r.from <= a.date && a.date <= r.to)) found.push(`${a.personId} absent on ${a.date}`);
    if (p.startDate && p.startDate > a.date) found.push(`${a.personId} before start on ${a.date}`);
    if (!(p.fte > 0)) found.push(`${a.personId} has fte 0`);
    if (t.language && !(p.languages ?? []).includes(t.language)) found.push(`${a.personId} lacks ${t.language}`);
    if (t.skill && !(p.skills ?? []).includes(t.skill)) found.push(`${a.personId} lacks ${t.skill}`);
    const start = minutes(a.date, t.start);
    let end = minutes(a.date, t.end);
    if (end <= start) end += 24 * 60;
    // Week: days since the company week's first day.
    const first = [1, 2, 3, 4, 5, 6, 7].find((d) => input.workWeek.includes(d) && !input.workWeek.includes(d === 1 ? 7 : d - 1)) ?? 1;
    const dayIndex = Math.round(Date.parse(`${a.date}T00:00:00Z`) / DAY_MS);
    const week = dayIndex - ((isoDay(a.date) - first + 7) % 7);
    const list = byPerson.get(p.id) ?? [];
    list.push({ start, end, date: a.date, week });
    byPerson.set(p.id, list);
    const dk = `${a.date}|${a.templateId}|${p.departmentId}`;
    deptCount.set(dk, (deptCount.get(dk) ?? 0) + 1);
    const allowed = Math.max(1, Math.floor(input.rules.departmentCap * t.seats + 1e-9));
    if ((deptCount.get(dk) ?? 0) > allowed) found.push(`department cap broken on ${dk}`);
  }
  for (const [id, shifts] of byPerson) {
    shifts.sort((a, b) => a.start - b.start);
    for (let i = 1; i < shifts.length; i++) {
      const gap = shifts[i]!.start - shifts[i - 1]!.end;
      if (gap < 0) found.push(`${id} double-booked on ${shifts[i]!.date}`);
      else if (gap < input.rules.minRestHours * 60) found.push(`${id} rest broken on ${shifts[i]!.date}`);
    }
    const perWeek = new Map<number, number>();
    for (const s of shifts) perWeek.set(s.week, (perWeek.get(s.week) ?? 0) + 1);
    for (const [w, n] of perWeek) if (n > input.rules.maxShiftsPerWeek) found.push(`${id} has ${n} shifts in week ${w}`);
  }
  for (const pin of input.pinned) {
    if (!plan.assignments.some((a) => a.pinned && a.date === pin.date && a.templateId === pin.templateId && a.personId === pin.personId)) {
      found.push(`pin lost ${JSON.stringify(pin)}`);
    }
  }
  return found;
}

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

describe("planRotation on random organisations", () => {
  it.each(SEEDS)("seed %i: hard rules hold and every seat is accounted for", (seed) => {
    const input = randomInput(seed, LARGE);
    const plan = planRotation(input);
    expect(violations(input, plan)).toEqual([]);
    for (const u of plan.unfilled) expect(u.reason).toEqual(expect.any(String));
  });

  it.each(SEEDS.slice(0, 40))("seed %i: same input gives the same plan, whatever the order of people and templates", (seed) => {
    const input = randomInput(seed, LARGE);
    const plan = planRotation(input);
    expect(planRotation(structuredClone(input))).toEqual(plan);
    expect(planRotation({ ...input, people: [...input.people].reverse(), pinned: [...input.pinned].reverse() })).toEqual(plan);
  });

  it("explains every empty seat by a reason for each person not on that shift", () => {
    for (const seed of SEEDS.slice(0, 60)) {
      const input = randomInput(seed, LARGE);
      const plan = planRotation(input);
      for (const u of plan.unfilled) {
        if (u.reason === "holiday") continue;
        const seated = plan.assignments.filter((a) => a.date === u.date && a.templateId === u.templateId).map((a) => a.personId);
        const blocked = Object.values(u.blockers).flat();
        expect([...seated, ...blocked].sort()).toEqual(input.people.map((p) => p.id).sort());
      }
    }
  });
});

describe("planRotation against the exact solver", () => {
  // Seed 1823 needed a chain that frees two seats at once (rest clashes on both sides); kept as a regression.
  const seeds = [...Array.from({ length: 200 }, (_, i) => 1000 + i), 1823];

  it("fills as many seats as possible on small instances (201 seeds)", () => {
    const gaps: string[] = [];
    for (const seed of seeds) {
      const input = randomInput(seed, SMALL);
      const planned = planRotation(input).assignments.length;
      const optimum = maxCoverage(input);
      if (planned !== optimum) gaps.push(`seed ${seed}: planned ${planned}, optimum ${optimum}`);
    }
    expect(gaps).toEqual([]);
  });

  it("reports bounds no plan beats, and the exact fairest plan's worst deviation when nobody ends over what they owe (201 seeds)", () => {
    // Seats beyond what is owed are shared in proportion to FTE (fairness.ts), not so that the
    // worst deviation in hours is smallest, so the worst deviations are compared only where the
    // plan leaves nobody over what they owe.
    const wrong: string[] = [];
    let compared = 0;
    for (const seed of seeds) {
      const input = randomInput(seed, SMALL);
      const plan = planRotation(input);
      const exact = fairestAtMaxCoverage(input);
      const { coverage, worstDeviation } = plan.quality;
      if (coverage.filled !== exact.coverage || coverage.bound < exact.coverage) wrong.push(`seed ${seed}: coverage ${coverage.filled}, bound ${coverage.bound}, exact ${exact.coverage}`);
      if (worstDeviation.bound > exact.worstDeviation + 1e-6 || worstDeviation.hours < exact.worstDeviation - 1e-6) {
        wrong.push(`seed ${seed}: worst deviation ${worstDeviation.hours}, bound ${worstDeviation.bound}, exact ${exact.worstDeviation}`);
      }
      const owed = (id: number) => (plan.hours[id]?.target ?? 0) + (input.history[id] ? input.history[id].targetHours - input.history[id].workedHours : 0);
      const over = input.people.some((p) => p.fte > 0 && (plan.hours[p.id]?.planned ?? 0) > owed(p.id) + 1e-9);
      if (over) continue;
      compared++;
      if (Math.abs(worstDeviation.hours - exact.worstDeviation) > 1e-6) wrong.push(`seed ${seed}: worst deviation ${worstDeviation.hours}, exact ${exact.worstDeviation}`);
    }
    expect(wrong).toEqual([]);
    // 27 of the 201 when written; of the others, 5 had a worse worst deviation than the exact optimum.
    expect(compared).toBeGreaterThan(20);
  });
});

describe("planRotation on a larger organisation with more seats than people to take them", () => {
  // 600 people, at most one shift a week each, 310 seats a working day: most seats stay empty.
  // Shifts with hundreds of qualified people take the planner's shortcuts (a candidate order
  // built lazily, the coverage search skipped while it cannot succeed, one explanation per
  // shift); the French shift, with few speakers, gets the full search.
  function largeInput(): PlannerInput {
    const rng = new Rng(7);
    const dates = Array.from({ length: 14 }, (_, i) => dateAt(i));
    const everyDay = [1, 2, 3, 4, 5, 6, 7];
    const people: Person[] = Array.from({ length: 600 }, (_, i) => ({
      id: i + 1,
      departmentId: rng.int(1, 12),
      fte: rng.pick([1, 1, 0.8, 0.5]),
      ...(rng.chance(0.05) ? { startDate: dateAt(rng.int(0, 13)) } : {}),
      languages: rng.chance(0.2) ? ["fr"] : [],
      absences: rng.chance(0.2) ? [{ from: dateAt(rng.int(0, 13)), to: dateAt(rng.int(0, 13)) }] : [],
    }));
    return {
      dates,
      workWeek: [7, 1, 2, 3, 4],
      holidays: [dateAt(3)],
      templates: [
        { id: "am", weekdays: everyDay, start: "08:00", end: "12:00", seats: 150 },
        { id: "pm", weekdays: everyDay, start: "12:00", end: "16:00", seats: 150 },
        { id: "fr", weekdays: everyDay, start: "16:00", end: "20:00", seats: 10, language: "fr" },
      ],
      people,
      share: 0.1,
      rules: { departmentCap: 0.3, minRestHours: 11, maxShiftsPerWeek: 1, onboardingDays: 5 },
      history: {},
      pinned: [],
    };
  }

  it("keeps the hard rules, explains every empty seat, and plans the same whatever the order of people", () => {
    const input = largeInput();
    const plan = planRotation(input);
    expect(violations(input, plan)).toEqual([]);
    const empty = plan.unfilled.filter((u) => u.reason !== "holiday");
    expect(empty.length).toBeGreaterThan(1000);
    const everyone = input.people.map((p) => p.id).sort((a, b) => a - b).join(",");
    const unexplained: string[] = [];
    for (const u of empty) {
      const seated = plan.assignments.filter((a) => a.date === u.date && a.templateId === u.templateId).map((a) => a.personId);
      const accounted = [...seated, ...Object.values(u.blockers).flat()].sort((a, b) => a - b).join(",");
      if (accounted !== everyone) unexplained.push(`${u.date}|${u.templateId}#${u.seat}`);
    }
    expect(unexplained).toEqual([]);
    // Compared as JSON: a deep toEqual over a thousand lists of 600 blockers takes seconds.
    expect(JSON.stringify(planRotation({ ...input, people: [...input.people].reverse() }))).toBe(JSON.stringify(plan));
  });
});
