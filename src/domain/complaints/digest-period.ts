import { DateTime, type WeekdayNumbers } from "luxon";

/**
 * Which days a weekly digest covers. A digest posted on some day covers the seven local
 * days before that day (a Sunday digest covers Sunday to Saturday, a Monday one Monday to
 * Sunday), in the department's time zone, so that it always reports the week just ended
 * whatever day the organisation chose. Weeks run from local midnight to local midnight,
 * which makes a week with a clock change 167 or 169 hours long: counts are per local week.
 */
export interface DigestPeriod {
  /** Boundaries of the charted weeks, oldest first: week i is [bounds[i], bounds[i + 1]). */
  bounds: Date[];
  /** The digest's own week: the last of the charted weeks. */
  start: Date;
  end: Date;
  /** The ISO week (YYYY-Www) of the day the digest is posted, as `digest preview --week` names it. */
  isoWeek: string;
}

/** How many weeks a digest charts, its own included. */
export const CHARTED_WEEKS = 12;

/** The weeks a digest posted at `occurrence` covers, in `timezone`. */
export function digestPeriod(occurrence: Date, timezone: string, weeks = CHARTED_WEEKS): DigestPeriod {
  const day = DateTime.fromJSDate(occurrence, { zone: timezone }).startOf("day");
  const bounds = Array.from({ length: weeks + 1 }, (_, i) => day.minus({ weeks: weeks - i }).toJSDate());
  return { bounds, start: bounds[weeks - 1]!, end: bounds[weeks]!, isoWeek: `${day.weekYear}-W${String(day.weekNumber).padStart(2, "0")}` };
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** Whether `text` names an ISO week that exists, e.g. 2026-W47 (not 2026-W53). */
export function isIsoWeek(text: string): boolean {
  const match = ISO_WEEK.exec(text);
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && week <= DateTime.fromObject({ weekYear: Number(match[1]), weekNumber: 1 }).weeksInWeekYear;
}

/**
 * The moment a digest on `schedule` is posted during ISO week `isoWeek`, in `timezone`.
 * The weekday is ISO 8601 (1 = Monday ... 7 = Sunday), as in the organisation file; ISO weeks end on Sunday.
 */
export function occurrenceInWeek(isoWeek: string, schedule: { weekday: number; hour: number }, timezone: string): Date {
  const match = ISO_WEEK.exec(isoWeek);
  if (!match || !isIsoWeek(isoWeek)) throw new RangeError(`Not an ISO week: ${isoWeek}`);
  return DateTime.fromObject(
    { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: schedule.weekday as WeekdayNumbers, hour: schedule.hour },
    { zone: timezone },
  ).toJSDate();
}

/** "16.11–22.11" for the days a period covers (its end is exclusive). */
export function periodDays(period: Pick<DigestPeriod, "start" | "end">, timezone: string): string {
  const first = DateTime.fromJSDate(period.start, { zone: timezone });
  const last = DateTime.fromJSDate(period.end, { zone: timezone }).minus({ days: 1 });
  return `${first.toFormat("d.M")}–${last.toFormat("d.M")}`;
}

/** "16.11": the label of the week starting at `start`, for the chart. */
export function weekLabel(start: Date, timezone: string): string {
  return DateTime.fromJSDate(start, { zone: timezone }).toFormat("d.M");
}
