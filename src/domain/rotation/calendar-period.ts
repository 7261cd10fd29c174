/**
 * The stretch of days a rotation calendar shows: the week or the month holding a date, with
 * the dates of the stretches before and after it. Weeks begin on the company's first working
 * day (Sunday in Israel), so a week on screen is a week of the line.
 */
import { DateTime } from "luxon";

export const CALENDAR_VIEWS = ["week", "month"] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

export interface CalendarPeriod {
  view: CalendarView;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  dates: string[];
  /** A date in the stretch before and in the one after, for links. */
  previous: string;
  next: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `?start=` as a date, or undefined when it is not a real YYYY-MM-DD date. */
export function calendarDate(value: unknown): string | undefined {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return undefined;
  const day = DateTime.fromISO(value, { zone: "UTC" });
  return day.isValid ? value : undefined;
}

/** `weekStart` is an ISO weekday (1 = Monday … 7 = Sunday). */
export function calendarPeriod(view: CalendarView, date: string, weekStart: number): CalendarPeriod {
  const day = DateTime.fromISO(date, { zone: "UTC" });
  const iso = (d: DateTime) => d.toISODate() ?? date;
  let first: DateTime;
  let last: DateTime;
  if (view === "week") {
    first = day.minus({ days: (day.weekday - weekStart + 7) % 7 });
    last = first.plus({ days: 6 });
  } else {
    first = day.startOf("month");
    last = day.endOf("month").startOf("day");
  }
  const dates: string[] = [];
  for (let d = first; d <= last; d = d.plus({ days: 1 })) dates.push(iso(d));
  const step = view === "week" ? { weeks: 1 } : { months: 1 };
  return { view, from: iso(first), to: iso(last), dates, previous: iso(first.minus(step)), next: iso(first.plus(step)) };
}
