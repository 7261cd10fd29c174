/**
 * The rotation's view of the calendar: the planning horizon, closed days, and the step from
 * the planner's local dates and times (company zone) to the instants stored on shifts.
 */
import { DateTime } from "luxon";
import type { Organisation } from "../../config/organisation";
import { closedDays, eachDate } from "../../domain/holidays";
import type { DateRange, PlannerRules, ShiftTemplate } from "../../domain/rotation/types";

/** The planner's default; target hours are share × FTE × this per working day. */
export const WORK_HOURS_PER_DAY = 8;

export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? "";
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate() ?? date;
}

/** The instant a local date begins in a zone: the lower bound of "shifts on that date". */
export function dayStart(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).startOf("day").toJSDate();
}

/** A YYYY-MM-DD date as a value for a `@db.Date` column (stored as UTC midnight). */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** A `@db.Date` column's value as YYYY-MM-DD. */
export function dateOfColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Absences that touch any day of [from, to]. */
export function absencesTouching(from: string, to: string) {
  return { startsOn: { lte: dateColumn(to) }, endsOn: { gte: dateColumn(from) } };
}

/** A template's start and end on a date, as instants; an end not after the start is on the next day. */
export function shiftTimes(date: string, template: { start: string; end: string }, zone: string): { startsAt: Date; endsAt: Date } {
  const start = DateTime.fromISO(`${date}T${template.start}`, { zone });
  let end = DateTime.fromISO(`${date}T${template.end}`, { zone });
  if (end <= start) end = DateTime.fromISO(`${addDays(date, 1)}T${template.end}`, { zone });
  return { startsAt: start.toJSDate(), endsAt: end.toJSDate() };
}

/** Today (company zone) and the weeks_ahead × 7 days from it. */
export function planningHorizon(organisation: Organisation, now: Date): { from: string; to: string; dates: string[] } {
  const from = localDate(now, organisation.company.timezone);
  const to = addDays(from, organisation.supportLine.weeksAhead * 7 - 1);
  return { from, to, dates: eachDate(from, to) };
}

export function closedDates(organisation: Organisation, from: string, to: string): Map<string, string> {
  const { company, supportLine } = organisation;
  return closedDays(
    { country: company.country, publicHolidays: supportLine.publicHolidays, closures: supportLine.closures, locale: company.locale },
    from,
    to,
  );
}

export function plannerTemplates(organisation: Organisation): ShiftTemplate[] {
  return organisation.supportLine.shifts.map((shift) => ({
    id: shift.key,
    weekdays: shift.weekdays,
    start: shift.start,
    end: shift.end,
    seats: shift.seats,
    language: shift.language,
    skill: shift.skill,
  }));
}

export function plannerRules(organisation: Organisation): PlannerRules {
  const { supportLine } = organisation;
  return {
    departmentCap: supportLine.departmentCap,
    minRestHours: supportLine.minRestHours,
    maxShiftsPerWeek: supportLine.maxShiftsPerWeek,
    onboardingDays: supportLine.onboardingDays,
    onboardingShiftsPerDay: supportLine.onboardingShiftsPerDay,
    workHoursPerDay: WORK_HOURS_PER_DAY,
  };
}

/** The dates in [from, to] that are working days and not closed: the same for everyone. */
export function openWorkingDays(
  organisation: Organisation,
  from: string,
  to: string,
  closed: ReadonlyMap<string, string> = closedDates(organisation, from, to),
): string[] {
  const workWeek = new Set(organisation.company.workWeek);
  return eachDate(from, to).filter((date) => workWeek.has(DateTime.fromISO(date, { zone: "UTC" }).weekday) && !closed.has(date));
}

/**
 * Hours a person owes the line over `days` (from `openWorkingDays`): the share of those days,
 * scaled by FTE, leaving out their absences, the days before they started and their onboarding
 * days (then they sit beside a mentor on extra seats and hold none of their own). Computing the
 * open days once serves a whole organisation (thousands of people over 91 days).
 */
export function targetHoursOn(
  organisation: Organisation,
  person: { fte: number; startDate?: string; absences: readonly DateRange[] },
  days: readonly string[],
): number {
  const firstOwed = person.startDate === undefined ? undefined : addDays(person.startDate, organisation.supportLine.onboardingDays);
  const count = days.filter((date) => (firstOwed === undefined || firstOwed <= date) && !person.absences.some((a) => a.from <= date && date <= a.to)).length;
  return organisation.supportLine.share * person.fte * WORK_HOURS_PER_DAY * count;
}
