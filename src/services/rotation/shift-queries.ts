/** Who is on the line, and what is coming for one person. */
import type { ServiceDeps } from "../deps";
import { loadShiftViews, type ShiftView } from "./shift-views";

const UPCOMING = 10;

/** My shifts not yet over, published and planned, soonest first. */
export function myShifts(deps: Pick<ServiceDeps, "prisma">, employeeId: number, now: Date): Promise<ShiftView[]> {
  return loadShiftViews(deps.prisma, { employeeId, status: { not: "CANCELLED" }, endsAt: { gt: now } }, UPCOMING);
}

/** People on shift at `now`, and the people of the next shift to start. */
export async function onTheLine(deps: Pick<ServiceDeps, "prisma">, now: Date): Promise<{ current: ShiftView[]; next: ShiftView[] }> {
  const staffed = { status: { not: "CANCELLED" as const }, employeeId: { not: null } };
  const current = await loadShiftViews(deps.prisma, { ...staffed, startsAt: { lte: now }, endsAt: { gt: now } });
  const first = await deps.prisma.shift.findFirst({ where: { ...staffed, startsAt: { gt: now } }, orderBy: { startsAt: "asc" }, select: { startsAt: true } });
  const next = first ? await loadShiftViews(deps.prisma, { ...staffed, startsAt: first.startsAt }) : [];
  return { current, next };
}

export async function setReminderStyle(deps: Pick<ServiceDeps, "prisma" | "shiftsChanged">, employeeId: number, style: "STANDARD" | "EVENING"): Promise<void> {
  await deps.prisma.employee.update({ where: { id: employeeId }, data: { reminderStyle: style } });
  deps.shiftsChanged();
}

/** My published shifts not yet started: what I may offer for a swap. */
export function offerableShifts(deps: Pick<ServiceDeps, "prisma">, employeeId: number, now: Date): Promise<ShiftView[]> {
  return loadShiftViews(deps.prisma, { employeeId, status: "PUBLISHED", startsAt: { gt: now } }, 25);
}
