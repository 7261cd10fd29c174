/**
 * Keeps the stored plan true: plans the horizon again (weekly, and whenever people, absences
 * or the rules change) and writes only the difference. Published shifts are frozen: they
 * stay with their person while that person can still take them, and when they cannot (an
 * absence, a departure) the seat is refilled and both people are told.
 */
import { randomUUID } from "node:crypto";
import type { Organisation } from "../../config/organisation";
import { planRotation } from "../../domain/rotation/planner";
import type { Assignment, AssignmentInput, PlanResult, UnfilledSeat } from "../../domain/rotation/types";
import type { ServiceDeps, Tx } from "../deps";
import { closedDates, planningHorizon, plannerRules, plannerTemplates, shiftTimes } from "./rotation-calendar";
import { assignmentOf, loadHistory, loadPeople, loadShifts, type RotationPeople, type StoredShift } from "./rotation-input";
import { notifyOnboardingWithoutMentor } from "./onboarding-notices";
import { notifyShiftChanges, type ShiftChange } from "./shift-change-notices";

/** Serialises planning across replicas; an arbitrary constant, unique within this database. */
const PLANNING_LOCK = 72_410_001;
/** Planning a large organisation takes longer than Prisma's 5 s default. */
export const PLANNING_TX = { timeout: 120_000, maxWait: 30_000 };

export interface ReplanResult {
  kind: "planned";
  created: number;
  removed: number;
  changes: ShiftChange[];
  unfilled: UnfilledSeat[];
}

export async function lockPlanning(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PLANNING_LOCK})`;
}

/** Makes the shift_templates rows match the organisation file; returns their ids by key. */
async function syncTemplates(tx: Tx, organisation: Organisation): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const shift of organisation.supportLine.shifts) {
    const data = {
      name: shift.name,
      weekdays: shift.weekdays,
      startTime: shift.start,
      endTime: shift.end,
      seats: shift.seats,
      language: shift.language ?? null,
      skill: shift.skill ?? null,
      active: true,
    };
    const row = await tx.shiftTemplate.upsert({ where: { key: shift.key }, create: { key: shift.key, ...data }, update: data, select: { id: true } });
    ids.set(shift.key, row.id);
  }
  await tx.shiftTemplate.updateMany({ where: { key: { notIn: [...ids.keys()] } }, data: { active: false } });
  return ids;
}

function keyOf(a: { date: string; templateId: string; seat: number }): string {
  return `${a.date}|${a.templateId}|${a.seat}`;
}

/** Published and hand-made (pinned) shifts stay with their person while the planner's rules still allow it. */
function stillHolds(shift: StoredShift, people: RotationPeople, closed: ReadonlyMap<string, string>, now: Date): boolean {
  if (shift.startsAt <= now) return true; // the past (and a shift under way) is what happened
  const person = shift.employeeId === null ? undefined : people.byId.get(shift.employeeId);
  if (!person || closed.has(shift.date)) return false;
  if (person.startDate && person.startDate > shift.date) return false;
  return !person.absences.some((a) => a.from <= shift.date && shift.date <= a.to);
}

interface NewShift {
  templateId: number;
  seat: number;
  startsAt: Date;
  endsAt: Date;
  employeeId: number;
  isOnboarding: boolean;
  buddyId: number | null;
}

/**
 * Inserts new planned shifts in one statement, skipping seats already held by a row (as
 * `createMany` with `skipDuplicates` does); returns how many were inserted. A whole horizon is
 * tens of thousands of rows for a large organisation: Prisma's `createMany` spent about 0.3 ms
 * of CPU and 25 KB of memory per row building its query (7 s and 560 MB for 22,680 shifts);
 * this statement takes 0.5 s for them, mostly the database's own work (bench/RESULTS.md).
 * Instants are stored as UTC in `timestamp(3)` columns, as Prisma stores them.
 */
async function insertShifts(tx: Tx, rows: readonly NewShift[]): Promise<number> {
  if (rows.length === 0) return 0;
  const data = JSON.stringify(
    rows.map((r) => ({
      template_id: r.templateId,
      seat: r.seat,
      starts_at: r.startsAt.toISOString(),
      ends_at: r.endsAt.toISOString(),
      employee_id: r.employeeId,
      is_onboarding: r.isOnboarding,
      buddy_id: r.buddyId,
    })),
  );
  const updatedAt = new Date().toISOString();
  return tx.$executeRaw`
    INSERT INTO shifts (template_id, seat, starts_at, ends_at, employee_id, is_onboarding, buddy_id, updated_at)
    SELECT template_id, seat, starts_at, ends_at, employee_id, is_onboarding, buddy_id, ${updatedAt}::timestamp(3)
    FROM jsonb_to_recordset(${data}::jsonb)
      AS r(template_id integer, seat integer, starts_at timestamp(3), ends_at timestamp(3), employee_id integer, is_onboarding boolean, buddy_id integer)
    ON CONFLICT DO NOTHING`;
}

/**
 * What the planner makes of the horizon from the stored shifts, writing nothing: `replanIn`
 * writes its difference, and the console reads from it why a seat is empty.
 */
export async function planStored(tx: Tx, organisation: Organisation, now: Date) {
  const horizon = planningHorizon(organisation, now);
  const people = await loadPeople(tx, organisation, horizon.from, horizon.to);
  const stored = await loadShifts(tx, organisation, horizon.from, horizon.to);
  const closed = closedDates(organisation, horizon.from, horizon.to);
  const frozen = stored.filter((s) => (s.status === "PUBLISHED" || s.pinned || s.startsAt <= now) && stillHolds(s, people, closed, now));
  const frozenIds = new Set(frozen.map((s) => s.id));
  const planned = stored.filter((s) => s.status === "PLANNED" && !frozenIds.has(s.id));
  const plan: PlanResult = planRotation({
    dates: horizon.dates,
    workWeek: organisation.company.workWeek,
    holidays: [...closed.keys()],
    templates: plannerTemplates(organisation),
    people: people.people,
    share: organisation.supportLine.share,
    rules: plannerRules(organisation),
    history: await loadHistory(tx, organisation, people.people, horizon.from),
    pinned: frozen.map(assignmentOf).filter((a): a is AssignmentInput => a !== undefined),
    previous: planned.map(assignmentOf).filter((a): a is AssignmentInput => a !== undefined),
  });
  return { horizon, stored, closed, plan };
}

/**
 * Plans the horizon again inside the caller's transaction and writes the difference. The
 * caller holds the planning lock (see `replan`), so two replicas never interleave.
 */
export async function replanIn(tx: Tx, deps: Pick<ServiceDeps, "organisation" | "platforms">, now: Date): Promise<ReplanResult> {
  const organisation = deps.organisation();
  if (!organisation) return { kind: "planned", created: 0, removed: 0, changes: [], unfilled: [] };
  await lockPlanning(tx);
  const templateIds = await syncTemplates(tx, organisation);
  const { stored, closed, plan } = await planStored(tx, organisation, now);
  const zone = organisation.company.timezone;

  // Onboarding shifts are stored as extra seats, numbered after the template's own.
  const wanted = new Map<string, Assignment>([...plan.assignments, ...plan.onboarding].map((a) => [keyOf(a), a]));
  const seatsOf = new Map(organisation.supportLine.shifts.map((s) => [s.key, s.seats]));
  const changes: ShiftChange[] = [];
  let removed = 0;
  for (const shift of stored) {
    const key = keyOf({ date: shift.date, templateId: shift.templateKey, seat: shift.seat - 1 });
    const assignment = wanted.get(key);
    wanted.delete(key);
    if (shift.startsAt <= now) continue;
    const employeeId = assignment?.personId ?? null;
    const onboarding = { isOnboarding: assignment?.onboarding ?? false, buddyId: assignment?.buddyId ?? null };
    const sameOnboarding = onboarding.isOnboarding === shift.isOnboarding && onboarding.buddyId === shift.buddyId;
    if (shift.status === "PLANNED") {
      if (!assignment) {
        await tx.shift.delete({ where: { id: shift.id } });
        removed++;
      } else if (employeeId !== shift.employeeId || !sameOnboarding) {
        await tx.shift.update({ where: { id: shift.id }, data: { employeeId, ...onboarding, pinned: shift.pinned && employeeId === shift.employeeId } });
      }
      continue;
    }
    // Published: frozen unless its person can no longer take it.
    if (employeeId === shift.employeeId) {
      if (!sameOnboarding) await tx.shift.update({ where: { id: shift.id }, data: onboarding });
      continue;
    }
    // An onboarding shift is an extra seat: without its newcomer it is not a seat to fill.
    const extraSeat = shift.seat > (seatsOf.get(shift.templateKey) ?? 0);
    const seatGone = !templateIds.has(shift.templateKey) || closed.has(shift.date) || extraSeat;
    await tx.shift.update({
      where: { id: shift.id },
      data: seatGone ? { status: "CANCELLED" } : { employeeId, ...onboarding, pinned: false },
    });
    changes.push({ shiftId: shift.id, from: shift.employeeId, to: seatGone ? null : employeeId, cancelled: seatGone });
  }
  // Every seat of a template on a date has the same times: work them out once per pair, not per seat.
  const timesOf = new Map<string, { startsAt: Date; endsAt: Date }>();
  const rows = [...wanted.values()].flatMap((assignment): NewShift[] => {
    const template = organisation.supportLine.shifts.find((s) => s.key === assignment.templateId);
    const templateId = templateIds.get(assignment.templateId);
    if (!template || templateId === undefined) return [];
    const timesKey = `${assignment.date}|${assignment.templateId}`;
    let times = timesOf.get(timesKey);
    if (!times) timesOf.set(timesKey, (times = shiftTimes(assignment.date, template, zone)));
    // The planner may fill a seat that has already begun: too late for that.
    if (times.startsAt <= now) return [];
    return [{ templateId, seat: assignment.seat + 1, ...times, employeeId: assignment.personId, isOnboarding: assignment.onboarding, buddyId: assignment.buddyId ?? null }];
  });
  const inserted = await insertShifts(tx, rows);
  if (inserted < rows.length) {
    // A cancelled row holds a seat's key (a closure that was lifted): take those over.
    for (const { templateId, seat, startsAt, endsAt, ...data } of rows) {
      await tx.shift.updateMany({
        where: { templateId, startsAt, seat, status: "CANCELLED" },
        data: { ...data, endsAt, status: "PLANNED", pinned: false, publishedAt: null },
      });
    }
  }
  const created = rows.length;
  await notifyShiftChanges(tx, deps, changes, randomUUID());
  await notifyOnboardingWithoutMentor(tx, deps, plan.warnings, now);
  return { kind: "planned", created, removed, changes, unfilled: plan.unfilled };
}

/** Plans again in a transaction of its own; wakes the outbox and the shift timers afterwards. */
export async function replan(deps: ServiceDeps, now: Date = new Date()): Promise<ReplanResult> {
  const result = await deps.prisma.$transaction((tx) => replanIn(tx, deps, now), PLANNING_TX);
  if (result.changes.length > 0) {
    deps.outboxKick();
    deps.shiftsChanged();
  }
  return result;
}
