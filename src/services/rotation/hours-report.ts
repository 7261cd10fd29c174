/**
 * Hours on the support line against what each person owes, for managers (`/rotation
 * fairness`) and administrators (`rotation report` in the CLI). Dates are local dates in the
 * company's zone, inclusive; a shift belongs to the date it starts on.
 */
import { DateTime } from "luxon";
import type { Organisation } from "../../config/organisation";
import type { DateRange } from "../../domain/rotation/types";
import type { ServiceDeps } from "../deps";
import { absencesTouching, addDays, dateOfColumn, dayStart, localDate, openWorkingDays, targetHoursOn } from "./rotation-calendar";

export interface HoursReportOptions {
  /** YYYY-MM-DD, inclusive, company zone. */
  from: string;
  to: string;
  /** Only people now in this department. */
  departmentKey?: string;
  /** Shifts that ended by then are worked; the others are scheduled. */
  now: Date;
}

export interface HoursFigures {
  targetHours: number;
  workedHours: number;
  scheduledHours: number;
  shiftCount: number;
  /** worked + scheduled − target: above zero is more than their share, below is less. */
  difference: number;
}

export interface PersonHours extends HoursFigures {
  employeeId: number;
  email: string;
  name: string;
  /** Null for someone without a department. */
  department: { key: string; name: string } | null;
  fte: number;
  active: boolean;
}

export interface DepartmentHours extends HoursFigures {
  /** Null gathers the people without a department. */
  key: string | null;
  name: string | null;
  people: number;
}

export interface HoursReport {
  from: string;
  to: string;
  timezone: string;
  /** The share of working time owed to the line (support_line.share). */
  share: number;
  departmentKey?: string;
  /** Ordered by department key, then name. */
  people: PersonHours[];
  /** Ordered by key, people without a department last. */
  departments: DepartmentHours[];
  totals: HoursFigures & { people: number };
}

export class UnknownDepartmentError extends Error {
  override readonly name = "UnknownDepartmentError";

  constructor(
    readonly key: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown department "${key}" (known: ${known.join(", ") || "none"})`);
  }
}

const HOUR_MS = 3_600_000;

/** The calendar quarter holding a local date, as local dates. */
export function currentQuarter(date: string): { from: string; to: string } {
  const day = DateTime.fromISO(date, { zone: "UTC" });
  if (!isDate(date)) throw new RangeError(`Not a date: ${date}`);
  const start = day.startOf("quarter");
  return { from: start.toISODate() ?? date, to: start.endOf("quarter").toISODate() ?? date };
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;
}

function compareDepartments(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function figures(): HoursFigures {
  return { targetHours: 0, workedHours: 0, scheduledHours: 0, shiftCount: 0, difference: 0 };
}

function addFigures(into: HoursFigures, add: HoursFigures): void {
  into.targetHours += add.targetHours;
  into.workedHours += add.workedHours;
  into.scheduledHours += add.scheduledHours;
  into.shiftCount += add.shiftCount;
  into.difference += add.difference;
}

export async function hoursReport(
  deps: Pick<ServiceDeps, "prisma" | "organisation">,
  options: HoursReportOptions,
): Promise<HoursReport> {
  const organisation: Organisation | undefined = deps.organisation();
  if (!organisation) throw new Error("No organisation is loaded: import the organisation file first.");
  const { from, to, now } = options;
  if (!isDate(from) || !isDate(to)) throw new RangeError(`Expected dates written YYYY-MM-DD, found ${from} and ${to}.`);
  if (from > to) throw new RangeError(`The range starts (${from}) after it ends (${to}).`);
  const zone = organisation.company.timezone;

  let departmentId: number | undefined;
  if (options.departmentKey !== undefined) {
    const department = await deps.prisma.department.findUnique({ where: { key: options.departmentKey } });
    if (!department) {
      const known = await deps.prisma.department.findMany({ where: { active: true }, select: { key: true }, orderBy: { key: "asc" } });
      throw new UnknownDepartmentError(options.departmentKey, known.map((d) => d.key));
    }
    departmentId = department.id;
  }

  const shifts = await deps.prisma.shift.findMany({
    where: {
      status: { not: "CANCELLED" },
      employeeId: { not: null },
      // Onboarding shifts are extra seats beside a mentor, owed nothing (targetHoursOn).
      isOnboarding: false,
      startsAt: { gte: dayStart(from, zone), lt: dayStart(addDays(to, 1), zone) },
      ...(departmentId !== undefined ? { employee: { departmentId } } : {}),
    },
    select: { employeeId: true, startsAt: true, endsAt: true },
  });
  const withShifts = [...new Set(shifts.map((s) => s.employeeId as number))];

  const employees = await deps.prisma.employee.findMany({
    where: {
      OR: [{ active: true }, { id: { in: withShifts } }],
      ...(departmentId !== undefined ? { departmentId } : {}),
    },
    select: {
      id: true,
      email: true,
      name: true,
      fte: true,
      startDate: true,
      active: true,
      deactivatedAt: true,
      department: { select: { key: true, name: true } },
      absences: { where: absencesTouching(from, to) },
    },
  });

  const days = openWorkingDays(organisation, from, to);
  const byId = new Map<number, PersonHours>();
  for (const e of employees) {
    const absences: DateRange[] = e.absences.map((a) => ({ from: dateOfColumn(a.startsOn), to: dateOfColumn(a.endsOn) }));
    // Someone who left owes nothing from the day they left.
    if (!e.active && e.deactivatedAt) absences.push({ from: localDate(e.deactivatedAt, zone), to });
    const target = targetHoursOn(organisation, { fte: e.fte, startDate: e.startDate ? dateOfColumn(e.startDate) : undefined, absences }, days);
    byId.set(e.id, {
      employeeId: e.id,
      email: e.email,
      name: e.name,
      department: e.department ? { key: e.department.key, name: e.department.name } : null,
      fte: e.fte,
      active: e.active,
      ...figures(),
      targetHours: target,
    });
  }

  for (const shift of shifts) {
    const person = byId.get(shift.employeeId as number);
    if (!person) continue;
    const hours = (shift.endsAt.getTime() - shift.startsAt.getTime()) / HOUR_MS;
    if (shift.endsAt <= now) person.workedHours += hours;
    else person.scheduledHours += hours;
    person.shiftCount += 1;
  }

  const people = [...byId.values()];
  for (const person of people) person.difference = person.workedHours + person.scheduledHours - person.targetHours;
  people.sort((a, b) => compareDepartments(a.department?.key ?? null, b.department?.key ?? null) || a.name.localeCompare(b.name) || a.employeeId - b.employeeId);

  const departments = new Map<string | null, DepartmentHours>();
  const totals = { ...figures(), people: 0 };
  for (const person of people) {
    const key = person.department?.key ?? null;
    let department = departments.get(key);
    if (!department) {
      department = { key, name: person.department?.name ?? null, people: 0, ...figures() };
      departments.set(key, department);
    }
    department.people += 1;
    addFigures(department, person);
    totals.people += 1;
    addFigures(totals, person);
  }

  return {
    from,
    to,
    timezone: zone,
    share: organisation.supportLine.share,
    ...(options.departmentKey !== undefined ? { departmentKey: options.departmentKey } : {}),
    people,
    departments: [...departments.values()],
    totals,
  };
}
