import { DateTime, IANAZone } from "luxon";

/**
 * When a recurring job runs. Pure date arithmetic, no I/O.
 *
 * `Schedule` is a union discriminated by `kind` so that other kinds (a one-off `at: Date`
 * for shift reminders, say) can join it later: callers that pass a schedule around do not
 * change, and the switch in each function below stops compiling until the new kind is
 * handled.
 */
export interface WeeklySchedule {
  kind: "weekly";
  /** ISO 8601 weekday: 1 = Monday ... 7 = Sunday, as everywhere else in the bot (and luxon). */
  weekday: number;
  /** Local wall-clock time in `timezone`. */
  hour: number;
  minute?: number;
  /** IANA time zone, e.g. "Asia/Jerusalem". */
  timezone: string;
}

/** Every day at the same local wall-clock time. */
export interface DailySchedule {
  kind: "daily";
  hour: number;
  minute?: number;
  timezone: string;
}

export type Schedule = WeeklySchedule | DailySchedule;

/** Thrown for a schedule that names no real time (bad weekday, hour or zone). */
export class InvalidScheduleError extends Error {
  override name = "InvalidScheduleError";
}

const WEEK_DAYS = 7;

/** Throws InvalidScheduleError unless the schedule is usable; luxon would silently return invalid dates. */
export function assertValidSchedule(schedule: Schedule): void {
  switch (schedule.kind) {
    case "weekly": {
      const { weekday, hour, minute = 0, timezone } = schedule;
      const problems = [
        isIntegerIn(weekday, 1, 7) ? undefined : `weekday ${weekday} is not 1 (Monday) to 7 (Sunday)`,
        isIntegerIn(hour, 0, 23) ? undefined : `hour ${hour} is not 0 to 23`,
        isIntegerIn(minute, 0, 59) ? undefined : `minute ${minute} is not 0 to 59`,
        IANAZone.create(timezone).isValid ? undefined : `time zone "${timezone}" is not a known IANA zone`,
      ].filter((p): p is string => p !== undefined);
      if (problems.length > 0) throw new InvalidScheduleError(`Invalid weekly schedule: ${problems.join("; ")}`);
      return;
    }
    case "daily": {
      const { hour, minute = 0, timezone } = schedule;
      const problems = [
        isIntegerIn(hour, 0, 23) ? undefined : `hour ${hour} is not 0 to 23`,
        isIntegerIn(minute, 0, 59) ? undefined : `minute ${minute} is not 0 to 59`,
        IANAZone.create(timezone).isValid ? undefined : `time zone "${timezone}" is not a known IANA zone`,
      ].filter((p): p is string => p !== undefined);
      if (problems.length > 0) throw new InvalidScheduleError(`Invalid daily schedule: ${problems.join("; ")}`);
      return;
    }
    default:
      return unknownKind(schedule);
  }
}

/** The latest occurrence at or before `now`. */
export function previousOccurrence(schedule: Schedule, now: Date): Date {
  assertValidSchedule(schedule);
  switch (schedule.kind) {
    case "weekly":
      return occurrenceOn(schedule, latestWeeklyDay(schedule, now)).toJSDate();
    case "daily":
      return occurrenceOn(schedule, latestDailyDay(schedule, now)).toJSDate();
    default:
      return unknownKind(schedule);
  }
}

/** The earliest occurrence strictly after `now`. */
export function nextOccurrence(schedule: Schedule, now: Date): Date {
  assertValidSchedule(schedule);
  switch (schedule.kind) {
    case "weekly":
      // The occurrence a week after the previous one: the previous is the latest <= now,
      // so this one is the first > now.
      return occurrenceOn(schedule, latestWeeklyDay(schedule, now).plus({ days: WEEK_DAYS })).toJSDate();
    case "daily":
      return occurrenceOn(schedule, latestDailyDay(schedule, now).plus({ days: 1 })).toJSDate();
    default:
      return unknownKind(schedule);
  }
}

/** Identifies one occurrence of a job: its instant as an ISO date-time in UTC. */
export function runKeyFor(occurrence: Date): string {
  return occurrence.toISOString();
}

/**
 * The local calendar day (as a UTC midnight, used only for its year/month/day) of the
 * latest occurrence at or before `now`. Day arithmetic happens on these zone-free days
 * so that a DST change never moves a day boundary.
 */
function latestWeeklyDay(schedule: WeeklySchedule, now: Date): DateTime {
  const local = DateTime.fromJSDate(now, { zone: schedule.timezone });
  const today = DateTime.utc(local.year, local.month, local.day);
  const daysBack = (local.weekday - schedule.weekday + WEEK_DAYS) % WEEK_DAYS; // both ISO: Sunday = 7
  const day = today.minus({ days: daysBack });
  // Later today (or, after a spring-forward shift, later than now): last week's is the one.
  return occurrenceOn(schedule, day).toMillis() > now.getTime() ? day.minus({ days: WEEK_DAYS }) : day;
}

/** As latestWeeklyDay, for a schedule that occurs every day. */
function latestDailyDay(schedule: DailySchedule, now: Date): DateTime {
  const local = DateTime.fromJSDate(now, { zone: schedule.timezone });
  const today = DateTime.utc(local.year, local.month, local.day);
  return occurrenceOn(schedule, today).toMillis() > now.getTime() ? today.minus({ days: 1 }) : today;
}

/**
 * The schedule's wall-clock time on a given local day, as an instant. Luxon resolves the
 * two DST edge cases, and we keep its choices:
 * - a time that does not exist (skipped at spring-forward, e.g. 02:30 on the night Israel
 *   moves from 02:00 to 03:00) moves forward by the gap: it runs at 03:30 local that day;
 * - a time that happens twice (at fall-back, e.g. 01:30 in London) resolves to one of the
 *   two instants (luxon 3.7 picks the later, standard-time one; a test pins it), so the
 *   week still has exactly one occurrence.
 */
function occurrenceOn(schedule: Pick<WeeklySchedule, "hour" | "minute" | "timezone">, day: DateTime): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: schedule.hour, minute: schedule.minute ?? 0 },
    { zone: schedule.timezone },
  );
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Reached only by a schedule kind added to the union but not handled here. */
function unknownKind(schedule: never): never {
  throw new InvalidScheduleError(`Unknown schedule kind: ${String((schedule as { kind?: unknown }).kind)}`);
}
