/**
 * Who should take the next seat: the person furthest behind their target, relative to their
 * FTE, so that hours stay proportional to FTE and history is carried forward (those who did
 * more than their share before get less now).
 */
import type { Slot } from "./calendar";
import type { ScheduleState } from "./state";
import type { HistoryEntry, Person, PlannerInput } from "./types";

const DEFAULT_WORK_HOURS_PER_DAY = 8;

/** Target hours in this horizon: the share of the working days on which the person is available. */
export function horizonTargets(input: PlannerInput, slots: Slot[]): Map<number, number> {
  const hoursPerDay = input.rules.workHoursPerDay ?? DEFAULT_WORK_HOURS_PER_DAY;
  const workDays = [...new Set(slots.filter((s) => !s.holiday).map((s) => s.date))];
  const targets = new Map<number, number>();
  for (const person of input.people) {
    const available = workDays.filter(
      (date) =>
        (person.startDate === undefined || person.startDate <= date) &&
        !person.absences.some((a) => a.from <= date && date <= a.to),
    ).length;
    targets.set(person.id, person.fte > 0 ? input.share * person.fte * hoursPerDay * available : 0);
  }
  return targets;
}

export function plannedHours(state: ScheduleState, personId: number): number {
  return state.hoursOf(personId);
}

export class Fairness {
  constructor(
    private readonly targets: Map<number, number>,
    private readonly history: Record<number, HistoryEntry>,
  ) {}

  /** Hours still owed (history included), per unit of FTE; larger means more deserving of the next seat. */
  deficit(state: ScheduleState, person: Person): number {
    const past = this.history[person.id] ?? { workedHours: 0, targetHours: 0 };
    const owed = past.targetHours + (this.targets.get(person.id) ?? 0) - past.workedHours - plannedHours(state, person.id);
    return owed / Math.max(person.fte, 1e-6);
  }
}
