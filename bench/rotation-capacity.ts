/**
 * What the people of a planner input can work at most, for bench/rotation-plan.ts: the seats
 * of the tight scenarios are sized from it, and a lower bound on the seats any plan must leave
 * empty is derived from it (the gap between that bound and the planner's empty seats is what
 * a better planner could still fill).
 *
 * The relaxation keeps who is available on which day, the weekly maximum, the department cap
 * and how many of one day's shifts one person can take under the rest rule, and ignores rest
 * between days and which seat goes to whom: per week, the seats filled are at most both the
 * seats the available people could take each day (per shift: its seats, at most the cap per
 * department) and what the people can work that week (their weekly maximum, at most one day's
 * worth per available day).
 */
import { expandSlots, type Slot } from "../src/domain/rotation/calendar";
import { staticBlock } from "../src/domain/rotation/state";
import type { PlannerInput } from "../src/domain/rotation/types";

/** The most of one day's shifts one person can take: the largest set whose shifts are pairwise apart by the rest. */
function shiftsPerDay(daySlots: Slot[], minRestHours: number): number {
  const rest = minRestHours * 60;
  let best = 0;
  for (let mask = 1; mask < 1 << daySlots.length; mask++) {
    const chosen = daySlots.filter((_, i) => mask & (1 << i));
    const apart = chosen.every((a, i) => chosen.slice(i + 1).every((b) => !(a.start < b.end + rest && b.start < a.end + rest)));
    if (apart) best = Math.max(best, chosen.length);
  }
  return best;
}

export interface Capacity {
  /** Seats of the horizon, holidays aside. */
  seats: number;
  /** Shifts the people could work, by the weekly maximum and one day's worth per available day. */
  personShifts: number;
  /** Upper bound on the seats any plan fills (see the file's comment). */
  fillable: number;
}

export function capacity(input: PlannerInput): Capacity {
  const slots = expandSlots(input).filter((s) => !s.holiday);
  const byDay = new Map<string, Slot[]>();
  for (const s of slots) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  const weeks = new Map<number, string[]>();
  for (const [date, daySlots] of byDay) weeks.set(daySlots[0]!.week, [...(weeks.get(daySlots[0]!.week) ?? []), date]);

  let seats = 0;
  let personShifts = 0;
  let fillable = 0;
  for (const dates of weeks.values()) {
    let seatBound = 0;
    const daysAvailable = new Map<number, number>();
    for (const date of dates) {
      const daySlots = byDay.get(date)!;
      const perDay = shiftsPerDay(daySlots, input.rules.minRestHours);
      const available = input.people.filter((p) => daySlots.some((s) => !staticBlock(p, s)));
      for (const p of available) daysAvailable.set(p.id, (daysAvailable.get(p.id) ?? 0) + perDay);
      let daySeats = 0;
      for (const s of daySlots) {
        seats += s.template.seats;
        const byDepartment = new Map<number, number>();
        for (const p of available) if (!staticBlock(p, s)) byDepartment.set(p.departmentId, (byDepartment.get(p.departmentId) ?? 0) + 1);
        let reachable = 0;
        for (const n of byDepartment.values()) reachable += Math.min(n, s.departmentCap);
        daySeats += Math.min(s.template.seats, reachable);
      }
      seatBound += Math.min(daySeats, available.length * perDay);
    }
    let weekShifts = 0;
    for (const n of daysAvailable.values()) weekShifts += Math.min(input.rules.maxShiftsPerWeek, n);
    personShifts += weekShifts;
    fillable += Math.min(seatBound, weekShifts);
  }
  return { seats, personShifts, fillable };
}
