/**
 * Calendar arithmetic for the rotation: turns templates and dates into concrete shift slots.
 * Dates are handled as whole days since 1970-01-01 so that no time zone or DST creeps in.
 */
import type { IsoWeekday, PlannerInput, ShiftTemplate } from "./types";

const MINUTES_PER_DAY = 24 * 60;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** One occurrence of a template on one date. */
export interface Slot {
  /** `${date}|${templateId}`, unique within a plan. */
  key: string;
  /** Position in chronological order. */
  index: number;
  date: string;
  day: number;
  template: ShiftTemplate;
  /** Minutes since 1970-01-01 00:00 local time. */
  start: number;
  end: number;
  hours: number;
  /** Identifies the company week the slot starts in. */
  week: number;
  holiday: boolean;
  /** Seats one department may hold. */
  departmentCap: number;
}

export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

export function isoWeekday(day: number): IsoWeekday {
  // Day 0 (1970-01-01) was a Thursday (ISO 4).
  return (((day + 3) % 7) + 7) % 7 + 1;
}

function minutesOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(minutes >= 0 && minutes <= MINUTES_PER_DAY)) throw new Error(`"${time}" is not a HH:MM time`);
  return minutes;
}

/**
 * The first day of the company week: the work-week day whose previous day is not worked
 * (Sunday for Sunday–Thursday, even when given as [1,2,3,4,7]); Monday when every day is worked.
 */
export function weekStartDay(workWeek: IsoWeekday[]): IsoWeekday {
  const worked = new Set(workWeek);
  for (let d = 1; d <= 7; d++) if (worked.has(d) && !worked.has(d === 1 ? 7 : d - 1)) return d;
  return 1;
}

export function weekOf(day: number, weekStart: IsoWeekday): number {
  return day - ((isoWeekday(day) - weekStart + 7) % 7);
}

/** Seats of a shift one department may hold: the cap's share, rounded down, but never less than one. */
export function departmentSeats(cap: number, seats: number): number {
  return Math.max(1, Math.floor(cap * seats + 1e-9));
}

/** All shift occurrences in the horizon, holidays included (flagged), in chronological order. */
export function expandSlots(input: Pick<PlannerInput, "dates" | "workWeek" | "holidays" | "templates" | "rules">): Slot[] {
  const workDays = new Set(input.workWeek);
  const holidays = new Set(input.holidays);
  const weekStart = weekStartDay(input.workWeek);
  const slots: Slot[] = [];
  for (const date of [...new Set(input.dates)].sort()) {
    const day = dayNumber(date);
    const weekday = isoWeekday(day);
    if (!workDays.has(weekday)) continue;
    for (const template of input.templates) {
      if (!template.weekdays.includes(weekday) || template.seats <= 0) continue;
      const startMin = minutesOfDay(template.start);
      let endMin = minutesOfDay(template.end);
      if (endMin <= startMin) endMin += MINUTES_PER_DAY;
      slots.push({
        key: `${date}|${template.id}`,
        index: 0,
        date,
        day,
        template,
        start: day * MINUTES_PER_DAY + startMin,
        end: day * MINUTES_PER_DAY + endMin,
        hours: (endMin - startMin) / 60,
        week: weekOf(day, weekStart),
        holiday: holidays.has(date),
        departmentCap: departmentSeats(input.rules.departmentCap, template.seats),
      });
    }
  }
  slots.sort((a, b) => a.start - b.start || a.end - b.end || (a.template.id < b.template.id ? -1 : a.template.id > b.template.id ? 1 : 0));
  slots.forEach((s, i) => (s.index = i));
  return slots;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
