/**
 * The synthetic organisation of the rotation benchmarks (bench/rotation-plan.ts and
 * bench/rotation-store.ts): people in departments of uneven size, with their FTE, start date,
 * languages, skills and absences, and three shift templates a working day whose seats add up
 * to the organisation's target hours. Pure: the same options give the same organisation.
 * Each benchmark turns it into its own input (a PlannerInput; an organisation file).
 */
import { Rng } from "../test/helpers/random";

const DAY_MS = 86_400_000;
/** A Sunday (the first day of the company week); the horizon starts on it. */
export const FIRST_DATE = "2027-01-03";
export const WORK_WEEK = [7, 1, 2, 3, 4]; // Sunday–Thursday
export const SHARE = 0.1;
export const HOURS_PER_DAY = 8;
export const SHIFT_HOURS = 3;
export const TEMPLATE_TIMES = [
  { id: "early", name: "Early", start: "08:00", end: "11:00" },
  { id: "midday", name: "Midday", start: "11:00", end: "14:00" },
  { id: "late", name: "Late", start: "14:00", end: "17:00" },
];
export const RULES = { departmentCap: 0.3, minRestHours: 11, maxShiftsPerWeek: 3, onboardingDays: 5 };

/** The date `offset` days after FIRST_DATE (before it when negative), "YYYY-MM-DD". */
export function dateAt(offset: number): string {
  return new Date(Date.parse(`${FIRST_DATE}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export interface SyntheticOptions {
  seed: number;
  people: number;
  departments: number;
  weeks: number;
  /** Three public holidays on working days, spread over the horizon; none when false. */
  holidays: boolean;
}

/** A generated person, in the shape of the planner's `Person`. */
export interface SyntheticPerson {
  /** 1001, 1002, … in the order of generation. */
  id: number;
  /** 1 to `departments`. */
  departmentId: number;
  fte: number;
  startDate?: string;
  languages: string[];
  skills: string[];
  absences: { from: string; to: string }[];
}

/** A shift template every working day, in the shape of the planner's `ShiftTemplate`. */
export interface SyntheticTemplate {
  id: string;
  start: string;
  end: string;
  weekdays: number[];
  seats: number;
}

export interface SyntheticFacts {
  /** Working days of the horizon, holidays excluded. */
  workDays: number;
  holidays: string[];
  /** People by FTE. */
  fte: Record<string, number>;
  newHires: number;
  withAbsence: number;
  longAbsences: number;
  departmentSizes: [number, number];
  targetHours: number;
  seatsPerDay: number;
  seats: Record<string, number>;
  seatHours: number;
}

export interface SyntheticOrganisation {
  /** Every date of the horizon. */
  dates: string[];
  /** The dates in the work week (holidays included). */
  workDates: string[];
  holidays: string[];
  people: SyntheticPerson[];
  templates: SyntheticTemplate[];
  facts: SyntheticFacts;
}

/**
 * `people` people in `departments` departments of uneven size; mostly full time, some at 0.8
 * or 0.5; 3% hired during the horizon; about a third with a holiday of 1–10 days, 2% with a
 * leave of 3–6 weeks; languages and skills on a share of them. Three templates a day, whose
 * seats add up to the organisation's target hours (see `seatsFor`).
 */
export function syntheticOrganisation(options: SyntheticOptions): SyntheticOrganisation {
  const rng = new Rng(options.seed);
  const horizonDays = options.weeks * 7;
  const dates = Array.from({ length: horizonDays }, (_, i) => dateAt(i));
  const workDates = dates.filter((d) => WORK_WEEK.includes(isoWeekday(d)));
  const holidays = options.holidays ? [0.15, 0.5, 0.85].map((f) => workDates[Math.floor(f * workDates.length)]!) : [];

  // Departments of uneven size: weights from 0.4 to 2.
  const weights = Array.from({ length: options.departments }, () => 0.4 + 1.6 * rng.float());
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickDepartment = () => {
    let x = rng.float() * totalWeight;
    for (let d = 0; d < weights.length; d++) {
      x -= weights[d]!;
      if (x < 0) return d + 1;
    }
    return weights.length;
  };

  const people: SyntheticPerson[] = [];
  const fte: Record<string, number> = {};
  let newHires = 0;
  let withAbsence = 0;
  let longAbsences = 0;
  for (let i = 0; i < options.people; i++) {
    const r = rng.float();
    const personFte = r < 0.8 ? 1 : r < 0.92 ? 0.8 : 0.5;
    fte[personFte] = (fte[personFte] ?? 0) + 1;
    let startDate: string | undefined;
    if (rng.chance(0.03)) {
      startDate = dateAt(rng.int(1, horizonDays - 1));
      newHires++;
    } else if (rng.chance(0.5)) {
      startDate = dateAt(-rng.int(30, 3650));
    }
    const absences: SyntheticPerson["absences"] = [];
    if (rng.chance(0.35)) {
      const count = rng.chance(0.25) ? 2 : 1;
      for (let a = 0; a < count; a++) {
        const from = rng.int(-5, horizonDays - 1);
        absences.push({ from: dateAt(from), to: dateAt(from + rng.int(0, 9)) });
      }
    }
    if (rng.chance(0.02)) {
      const from = rng.int(-14, horizonDays - 1);
      absences.push({ from: dateAt(from), to: dateAt(from + rng.int(21, 42)) });
      longAbsences++;
    }
    if (absences.length) withAbsence++;
    const languages = ["en", ...(rng.chance(0.25) ? ["fr"] : []), ...(rng.chance(0.15) ? ["de"] : []), ...(rng.chance(0.1) ? ["es"] : [])];
    const skills = [...(rng.chance(0.15) ? ["billing"] : []), ...(rng.chance(0.1) ? ["technical"] : [])];
    people.push({
      id: 1001 + i,
      departmentId: pickDepartment(),
      fte: personFte,
      ...(startDate ? { startDate } : {}),
      languages,
      skills,
      absences,
    });
  }
  const sizes = new Map<number, number>();
  for (const p of people) sizes.set(p.departmentId, (sizes.get(p.departmentId) ?? 0) + 1);

  const { templates, targetHours, seatsPerDay, workDays } = seatsFor(people, workDates, holidays);
  return {
    dates,
    workDates,
    holidays,
    people,
    templates,
    facts: {
      workDays,
      holidays,
      fte,
      newHires,
      withAbsence,
      longAbsences,
      departmentSizes: [Math.min(...sizes.values()), Math.max(...sizes.values())],
      targetHours,
      seatsPerDay,
      seats: Object.fromEntries(templates.map((t) => [t.id, t.seats])),
      seatHours: templates.reduce((s, t) => s + t.seats, 0) * SHIFT_HOURS * workDays,
    },
  };
}

/** The FTE mix of `facts.fte` for a report, most first by FTE: "4012 at 1, 597 at 0.8, 391 at 0.5". */
export function fteMix(fte: Record<string, number>): string {
  return Object.entries(fte)
    .sort((a, b) => Number(b[0]) - Number(a[0]))
    .map(([k, n]) => `${n} at ${k}`)
    .join(", ");
}

/**
 * Seats per template so that the seat-hours of the horizon match the organisation's target
 * hours (otherwise the deviation from target measures the seat count, not the planner):
 * target = Σ share × FTE × 8 h × the person's available working days (started, not absent,
 * not a holiday), as the planner computes it; seats a day = target / (3 h × working days),
 * rounded, spread over the three templates.
 */
function seatsFor(people: SyntheticPerson[], workDates: string[], holidays: string[]) {
  const days = workDates.filter((d) => !holidays.includes(d));
  let targetHours = 0;
  for (const p of people) {
    const available = days.filter((d) => (p.startDate === undefined || p.startDate <= d) && !p.absences.some((a) => a.from <= d && d <= a.to)).length;
    targetHours += SHARE * p.fte * HOURS_PER_DAY * available;
  }
  const seatsPerDay = Math.round(targetHours / (SHIFT_HOURS * days.length));
  const templates: SyntheticTemplate[] = TEMPLATE_TIMES.map((t, i) => ({
    id: t.id,
    start: t.start,
    end: t.end,
    weekdays: WORK_WEEK,
    seats: Math.floor(seatsPerDay / TEMPLATE_TIMES.length) + (i < seatsPerDay % TEMPLATE_TIMES.length ? 1 : 0),
  }));
  return { templates, targetHours, seatsPerDay, workDays: days.length };
}
