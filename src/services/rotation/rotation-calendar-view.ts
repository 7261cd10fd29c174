/**
 * The rotation as a calendar for the console: every seat of every shift on each day of a week
 * or a month, who holds it, which seats are empty and why (the planner's reason, for the days
 * it still plans), and the swaps waiting for an answer or a manager.
 */
import type { CalendarPeriod } from "../../domain/rotation/calendar-period";
import type { UnfilledReason } from "../../domain/rotation/types";
import type { ServiceDeps } from "../deps";
import { addDays, closedDates, dayStart, localDate, planningHorizon } from "./rotation-calendar";
import { PLANNING_TX, planStored } from "./rotation-plan";
import { loadShiftViews, PERSON_SELECT, type ShiftPerson, type ShiftView } from "./shift-views";

export interface CalendarSeat {
  /** The stored shift; none for a seat the planner could not fill (no row is kept for it). */
  shift?: ShiftView;
  /** Why nobody holds it, when the planner says (the days of its horizon). */
  reason?: UnfilledReason;
}

export interface CalendarSlot {
  templateKey: string;
  templateName: string;
  /** HH:MM, company zone. */
  start: string;
  end: string;
  seats: CalendarSeat[];
}

export interface CalendarDay {
  date: string;
  /** Before the rotation's first shift, or beyond the days it plans: no seat is expected yet. */
  unplanned: boolean;
  /** The holiday or closure that closes the line, by name. */
  closed?: string;
  slots: CalendarSlot[];
}

export interface WaitingSwap {
  id: number;
  status: "OFFERED" | "ACCEPTED";
  needsManagerApproval: boolean;
  shift: ShiftView;
  from: ShiftPerson;
  /** Null when offered to anyone who may take it. */
  to: ShiftPerson | null;
}

/** Seats of one department's people, or of everyone; empty seats are the whole line's and always shown. */
export interface CalendarFilter {
  departmentId?: number;
}

/**
 * The calendar of `period`. A shift belongs to the local date (company zone) it starts on;
 * onboarding seats are extra seats and shown beside the shift's own.
 */
export async function rotationCalendarDays(deps: Pick<ServiceDeps, "prisma" | "organisation">, period: CalendarPeriod, filter: CalendarFilter, now: Date): Promise<CalendarDay[]> {
  const organisation = deps.organisation();
  if (!organisation) return [];
  const zone = organisation.company.timezone;
  const rows = await loadShiftViews(deps.prisma, {
    status: { not: "CANCELLED" },
    startsAt: { gte: dayStart(period.from, zone), lt: dayStart(addDays(period.to, 1), zone) },
  });
  const closed = closedDates(organisation, period.from, period.to);
  const today = localDate(now, zone);
  const first = await deps.prisma.shift.findFirst({ orderBy: { startsAt: "asc" }, select: { startsAt: true } });
  const planned = { from: first ? localDate(first.startsAt, zone) : today, to: planningHorizon(organisation, now).to };
  // The planner's reasons exist only for the days it plans: today and after.
  const unfilled = period.to >= today ? (await deps.prisma.$transaction((tx) => planStored(tx, organisation, now), PLANNING_TX)).plan.unfilled : [];
  const reasonsOf = (date: string, templateKey: string) => unfilled.filter((u) => u.date === date && u.templateId === templateKey).map((u) => u.reason);
  const shown = (shift: ShiftView) => filter.departmentId === undefined || shift.person === null || shift.person.departmentId === filter.departmentId;

  return period.dates.map((date) => {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
    const closedBy = closed.get(date);
    const unplanned = date < planned.from || date > planned.to;
    const slots = organisation.supportLine.shifts
      .filter((template) => template.weekdays.includes(weekday) && template.seats > 0)
      .map((template): CalendarSlot => {
        const own = rows.filter((r) => r.templateKey === template.key && localDate(r.startsAt, zone) === date);
        const held = own.filter((r) => !r.isOnboarding);
        const reasons = reasonsOf(date, template.key);
        const seats: CalendarSeat[] = held.filter(shown).map((shift) => (shift.person ? { shift } : { shift, reason: reasons.shift() }));
        // Seats without a row: nobody was planned on them.
        if (!closedBy && !unplanned) for (let seat = held.length; seat < template.seats; seat++) seats.push({ reason: reasons.shift() });
        seats.push(...own.filter((r) => r.isOnboarding && shown(r)).map((shift) => ({ shift })));
        return { templateKey: template.key, templateName: template.name, start: template.start, end: template.end, seats };
      });
    return { date, unplanned, ...(closedBy ? { closed: closedBy } : {}), slots };
  });
}

/** Swaps offered or accepted whose shift has not started: the taker's answer, or a manager's, is awaited. */
export async function waitingSwaps(deps: Pick<ServiceDeps, "prisma">, filter: CalendarFilter, now: Date): Promise<WaitingSwap[]> {
  const rows = await deps.prisma.swapRequest.findMany({
    where: {
      status: { in: ["OFFERED", "ACCEPTED"] },
      shift: { status: { not: "CANCELLED" }, startsAt: { gt: now } },
      ...(filter.departmentId === undefined ? {} : { from: { departmentId: filter.departmentId } }),
    },
    select: { id: true, shiftId: true, status: true, needsManagerApproval: true, from: { select: PERSON_SELECT }, to: { select: PERSON_SELECT } },
    orderBy: { id: "asc" },
  });
  const shifts = new Map((await loadShiftViews(deps.prisma, { id: { in: rows.map((r) => r.shiftId) } })).map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const shift = shifts.get(r.shiftId);
    const status = r.status === "ACCEPTED" ? "ACCEPTED" : "OFFERED";
    return shift ? [{ id: r.id, status, needsManagerApproval: r.needsManagerApproval, shift, from: r.from, to: r.to }] : [];
  });
}

/** Upcoming shifts of the period a manager may give to someone else (as `reassignShift` allows): admins all, managers their people's. */
export function assignableShifts(days: readonly CalendarDay[], actor: { isAdmin: boolean; managerOf: readonly number[] }, now: Date): ShiftView[] {
  return days
    .flatMap((d) => d.slots.flatMap((s) => s.seats.flatMap((seat) => (seat.shift ? [seat.shift] : []))))
    .filter((shift) => shift.startsAt > now && !shift.isOnboarding)
    .filter((shift) => actor.isAdmin || (shift.person?.departmentId != null && actor.managerOf.includes(shift.person.departmentId)));
}
