/**
 * Who should take the next seat: the person furthest behind their target so far, in hours
 * (targets are already proportional to FTE, so dividing the gap by FTE again would favour
 * part-timers: a 0.5 FTE person 2 h behind would outrank a full-timer 3 h behind and end
 * over-scheduled). Past the target, when there are more seats than hours owed, the extra
 * hours are shared in proportion to FTE instead (a part-timer takes half a full-timer's
 * overtime), so the surplus is ranked per FTE. History is carried forward: those who did more
 * than their share before get less now.
 *
 * "So far" is the part of the horizon's target that has accrued by the seat's date: the share
 * of the working days up to that date on which the person is available. Measuring against the
 * whole horizon's target instead would favour, early on, whoever has the largest target, and
 * leave behind people whose available days come first (someone on leave for the second half
 * of the horizon would have had to earn their target in the second half).
 */
import { dayNumber, type Slot } from "./calendar";
import type { ScheduleState } from "./state";
import type { HistoryEntry, Person, PlannerInput } from "./types";

const DEFAULT_WORK_HOURS_PER_DAY = 8;

/** Which working days of the horizon each person is available on, counted cumulatively. */
export class Availability {
  /** Working days (dates with a shift that is not a holiday), ascending. */
  readonly workDays: string[];
  /** For each slot date: how many working days fall on or before it. */
  private readonly daysUpTo = new Map<string, number>();
  /** Person id -> available working days among the first k working days, at index k. */
  private readonly cumulative = new Map<number, Uint16Array>();

  /**
   * `onboardingDays`: a newcomer's first days do not count, because they hold no seat then
   * (they sit beside a mentor on extra seats), so they owe nothing for them and are not pushed
   * ahead of everyone once onboarding ends.
   */
  constructor(people: readonly Person[], slots: readonly Slot[], onboardingDays = 0) {
    this.workDays = [...new Set(slots.filter((s) => !s.holiday).map((s) => s.date))].sort();
    const workDayNumbers = this.workDays.map(dayNumber);
    const dates = [...new Set(slots.map((s) => s.date))].sort();
    let k = 0;
    for (const date of dates) {
      while (k < this.workDays.length && (this.workDays[k] as string) <= date) k++;
      this.daysUpTo.set(date, k);
    }
    for (const person of people) {
      const counts = new Uint16Array(this.workDays.length + 1);
      // The first day they owe hours for: the start date, or the first day after onboarding.
      const firstOwed = person.startDate === undefined ? -Infinity : dayNumber(person.startDate) + Math.max(onboardingDays, 0);
      this.workDays.forEach((date, i) => {
        const available = (workDayNumbers[i] as number) >= firstOwed && !person.absences.some((a) => a.from <= date && date <= a.to);
        counts[i + 1] = (counts[i] ?? 0) + (available ? 1 : 0);
      });
      this.cumulative.set(person.id, counts);
    }
  }

  /** Available working days in the whole horizon. */
  total(personId: number): number {
    return this.upTo(personId, undefined);
  }

  /** Available working days on or before `date` (the whole horizon when undefined). */
  upTo(personId: number, date: string | undefined): number {
    const counts = this.cumulative.get(personId);
    if (!counts) return 0;
    const k = date === undefined ? counts.length - 1 : (this.daysUpTo.get(date) ?? 0);
    return counts[k] ?? 0;
  }
}

function targetHours(input: Pick<PlannerInput, "share" | "rules">, person: Person, availableDays: number): number {
  const hoursPerDay = input.rules.workHoursPerDay ?? DEFAULT_WORK_HOURS_PER_DAY;
  return person.fte > 0 ? input.share * person.fte * hoursPerDay * availableDays : 0;
}

/** Target hours in this horizon: the share of the working days on which the person is available. */
export function horizonTargets(input: PlannerInput, slots: Slot[], availability = new Availability(input.people, slots, input.rules.onboardingDays)): Map<number, number> {
  const targets = new Map<number, number>();
  for (const person of input.people) targets.set(person.id, targetHours(input, person, availability.total(person.id)));
  return targets;
}

/** Hours each person owes over the horizon: the target, plus what history carries forward. */
export function owedHours(input: PlannerInput, slots: Slot[], availability = new Availability(input.people, slots, input.rules.onboardingDays)): Map<number, number> {
  const owed = horizonTargets(input, slots, availability);
  for (const [id, past] of Object.entries(input.history)) {
    const personId = Number(id);
    if (owed.has(personId)) owed.set(personId, (owed.get(personId) ?? 0) + past.targetHours - past.workedHours);
  }
  return owed;
}

export function plannedHours(state: ScheduleState, personId: number): number {
  return state.hoursOf(personId);
}

export class Fairness {
  /** Deficits are compared on a grid of 1e-6 hours, so that float noise is a tie (and the id decides). */
  private static readonly GRID = 1e6;

  constructor(
    private readonly input: Pick<PlannerInput, "share" | "rules" | "history">,
    private readonly availability: Availability,
  ) {}

  /**
   * Hours still owed by the date of `slot` (history included), or, once nothing is owed, the
   * hours beyond it per unit of FTE (zero or less, so owing always ranks first); larger means
   * more deserving of the next seat.
   */
  deficit(state: ScheduleState, person: Person, slot: Slot): number {
    const past: HistoryEntry = this.input.history[person.id] ?? { workedHours: 0, targetHours: 0 };
    const accrued = targetHours(this.input, person, this.availability.upTo(person.id, slot.date));
    const owed = past.targetHours + accrued - past.workedHours - plannedHours(state, person.id);
    const key = owed > 0 ? owed : owed / Math.max(person.fte, 1e-6);
    return Math.round(key * Fairness.GRID) / Fairness.GRID;
  }
}
