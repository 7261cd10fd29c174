/**
 * Reads what the planner needs from the database and the organisation file: the people
 * (with languages, skills, absences), the shifts already stored, and the hours each person
 * did against their target before the horizon (so that those who did more get less).
 */
import type { Organisation } from "../../config/organisation";
import type { AssignmentInput, DateRange, HistoryEntry, Person } from "../../domain/rotation/types";
import type { Tx } from "../deps";
import { absencesTouching, addDays, dateOfColumn, dayStart, localDate, openWorkingDays, targetHoursOn } from "./rotation-calendar";

/** How far back worked hours count towards fairness. */
export const HISTORY_DAYS = 91;

export interface StoredShift {
  id: number;
  templateKey: string;
  date: string;
  seat: number;
  startsAt: Date;
  endsAt: Date;
  employeeId: number | null;
  status: "PLANNED" | "PUBLISHED" | "CANCELLED";
  pinned: boolean;
  isOnboarding: boolean;
  buddyId: number | null;
}

export interface RotationPeople {
  people: Person[];
  byId: Map<number, Person & { email: string }>;
}

/** Active employees with a department, as the planner sees them. */
export async function loadPeople(tx: Tx, organisation: Organisation, from: string, to: string): Promise<RotationPeople> {
  const employees = await tx.employee.findMany({
    where: { active: true, departmentId: { not: null } },
    select: {
      id: true,
      email: true,
      fte: true,
      startDate: true,
      departmentId: true,
      absences: { where: absencesTouching(from, to) },
    },
    orderBy: { id: "asc" },
  });
  const fromFile = new Map(organisation.employees.map((e) => [e.email, e]));
  const byId = new Map<number, Person & { email: string }>();
  for (const e of employees) {
    const file = fromFile.get(e.email);
    byId.set(e.id, {
      id: e.id,
      email: e.email,
      departmentId: e.departmentId ?? 0,
      fte: e.fte,
      startDate: e.startDate ? dateOfColumn(e.startDate) : undefined,
      languages: file?.languages ?? [],
      skills: file?.skills ?? [],
      absences: e.absences.map((a): DateRange => ({ from: dateOfColumn(a.startsOn), to: dateOfColumn(a.endsOn) })),
    });
  }
  return { people: [...byId.values()], byId };
}

/** Stored shifts starting on a local date in [from, to], cancelled ones left out. */
export async function loadShifts(tx: Tx, organisation: Organisation, from: string, to: string): Promise<StoredShift[]> {
  const zone = organisation.company.timezone;
  const rows = await tx.shift.findMany({
    where: {
      status: { not: "CANCELLED" },
      startsAt: { gte: dayStart(from, zone), lt: dayStart(addDays(to, 1), zone) },
    },
    include: { template: { select: { key: true } } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  // Shifts share a few start times (each template's on each date): convert each instant once.
  const dates = new Map<number, string>();
  const dateOf = (instant: Date): string => {
    let date = dates.get(instant.getTime());
    if (date === undefined) dates.set(instant.getTime(), (date = localDate(instant, zone)));
    return date;
  };
  return rows.map((r) => ({
    id: r.id,
    templateKey: r.template?.key ?? "",
    date: dateOf(r.startsAt),
    seat: r.seat,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    employeeId: r.employeeId,
    status: r.status,
    pinned: r.pinned,
    isOnboarding: r.isOnboarding,
    buddyId: r.buddyId,
  }));
}

/** Hours worked and owed in the HISTORY_DAYS before `from`. */
export async function loadHistory(tx: Tx, organisation: Organisation, people: Person[], from: string): Promise<Record<number, HistoryEntry>> {
  const start = addDays(from, -HISTORY_DAYS);
  const end = addDays(from, -1);
  const zone = organisation.company.timezone;
  const worked = await tx.shift.findMany({
    where: {
      status: { not: "CANCELLED" },
      employeeId: { not: null },
      // Onboarding is beside a mentor, not a turn on the line: its days are owed nothing either (targetHoursOn).
      isOnboarding: false,
      startsAt: { gte: dayStart(start, zone), lt: dayStart(from, zone) },
    },
    select: { employeeId: true, startsAt: true, endsAt: true },
  });
  const hours = new Map<number, number>();
  for (const s of worked) {
    if (s.employeeId === null) continue;
    hours.set(s.employeeId, (hours.get(s.employeeId) ?? 0) + (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000);
  }
  const days = openWorkingDays(organisation, start, end);
  const history: Record<number, HistoryEntry> = {};
  for (const person of people) {
    history[person.id] = { workedHours: hours.get(person.id) ?? 0, targetHours: targetHoursOn(organisation, person, days) };
  }
  return history;
}

export function assignmentOf(shift: StoredShift): AssignmentInput | undefined {
  if (shift.employeeId === null) return undefined;
  const onboarding = shift.isOnboarding ? { onboarding: true, ...(shift.buddyId !== null ? { buddyId: shift.buddyId } : {}) } : {};
  return { date: shift.date, templateId: shift.templateKey, seat: shift.seat - 1, personId: shift.employeeId, ...onboarding };
}
