/**
 * The months of the monthly service report: a calendar month in a time zone, the months it
 * is compared with (the one before, the same one a year earlier), the twelve charted, and the
 * moment each person gets it: the company's first working day of the next month, at the
 * organisation's hour, in the person's own zone.
 */
import { DateTime } from "luxon";

export interface ReportMonth {
  year: number;
  /** 1 = January. */
  month: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-11" as a month; anything else is undefined. */
export function parseMonth(text: string): ReportMonth | undefined {
  const match = MONTH.exec(text.trim());
  return match ? { year: Number(match[1]), month: Number(match[2]) } : undefined;
}

export function monthKey(m: ReportMonth): string {
  return `${m.year}-${String(m.month).padStart(2, "0")}`;
}

export function addMonths(m: ReportMonth, count: number): ReportMonth {
  const index = m.year * 12 + (m.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The `count` months ending with `m`, oldest first. */
export function monthsEndingWith(m: ReportMonth, count: number): ReportMonth[] {
  return Array.from({ length: count }, (_, i) => addMonths(m, i - count + 1));
}

/** From the first day's midnight to the next month's, in `timeZone`. */
export function monthBounds(m: ReportMonth, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromObject({ year: m.year, month: m.month, day: 1 }, { zone: timeZone });
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
}

/** The month an instant falls in, in `timeZone`. */
export function monthOf(at: Date, timeZone: string): ReportMonth {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  return { year: local.year, month: local.month };
}

/** The month before the one an instant falls in: the report a preview shows unless asked for another. */
export function monthBefore(at: Date, timeZone: string): ReportMonth {
  return addMonths(monthOf(at, timeZone), -1);
}

/**
 * The first day of month `m` that is a working day (an ISO weekday in `workWeek`) and not
 * closed, as YYYY-MM-DD. A month with none (everything closed) falls back to its first day.
 */
export function firstWorkingDay(m: ReportMonth, workWeek: readonly number[], closed: (date: string) => boolean): string {
  const first = DateTime.fromObject({ year: m.year, month: m.month, day: 1 }, { zone: "UTC" });
  for (let day = first; day.month === m.month; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (workWeek.includes(day.weekday) && !closed(date)) return date;
  }
  return first.toISODate()!;
}

/** `hour` o'clock on `date` (YYYY-MM-DD) in `timeZone`. */
export function atLocalHour(date: string, hour: number, timeZone: string): Date {
  return DateTime.fromISO(`${date}T00:00`, { zone: timeZone }).set({ hour }).toJSDate();
}
