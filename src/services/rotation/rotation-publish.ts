/**
 * Publishing freezes planned shifts and announces them: each person gets their shifts by
 * direct message, each department channel its people's, and the support-line channel hears
 * about seats nobody could take.
 */
import { randomUUID } from "node:crypto";
import type { Organisation } from "../../config/organisation";
import type { UnfilledSeat } from "../../domain/rotation/types";
import { companyLocale, companyTimezone, type ServiceDeps, type Tx } from "../deps";
import { channelMessages, notifyChannel, personMessages } from "../notify";
import { enqueue, type OutboxEntry } from "../outbox";
import { addDays, dayStart, localDate, shiftTimes } from "./rotation-calendar";
import { departmentPost, publishedDm, unfilledPost, type UnfilledView } from "./rotation-messages";
import { PLANNING_TX, replanIn } from "./rotation-plan";
import { zoneOf } from "./shift-change-notices";
import { loadShiftViews, type ShiftView } from "./shift-views";

export interface PublishResult {
  kind: "published";
  count: number;
  /** Last local date published. */
  until: string;
  unfilled: number;
}

function unfilledViews(organisation: Organisation, seats: UnfilledSeat[], until: string): UnfilledView[] {
  const zone = organisation.company.timezone;
  return seats
    .filter((seat) => seat.date <= until && seat.reason !== "holiday")
    .flatMap((seat) => {
      const template = organisation.supportLine.shifts.find((s) => s.key === seat.templateId);
      return template ? [{ ...shiftTimes(seat.date, template, zone), templateKey: template.key, templateName: template.name, reason: seat.reason }] : [];
    });
}

/** Every person's direct message and every department's post, enqueued in one statement (thousands for a large organisation). */
async function announce(tx: Tx, deps: Pick<ServiceDeps, "organisation" | "platforms">, shifts: ShiftView[], eventKey: string): Promise<void> {
  const byPerson = new Map<number, ShiftView[]>();
  const byDepartment = new Map<number, ShiftView[]>();
  const add = (map: Map<number, ShiftView[]>, key: number, shift: ShiftView) => {
    const list = map.get(key);
    if (list) list.push(shift);
    else map.set(key, [shift]);
  };
  for (const shift of shifts) {
    if (!shift.person) continue;
    add(byPerson, shift.person.id, shift);
    if (shift.person.departmentId !== null) add(byDepartment, shift.person.departmentId, shift);
  }
  const entries: OutboxEntry[] = [];
  for (const list of byPerson.values()) {
    const person = list[0]!.person!;
    entries.push(...personMessages(deps, person, `rotation-publish:${eventKey}:person:${person.id}`, (locale) => publishedDm(list, locale, zoneOf(deps, person))));
  }
  const departments = await tx.department.findMany({ where: { id: { in: [...byDepartment.keys()] } } });
  const locale = companyLocale(deps);
  const zone = companyTimezone(deps);
  for (const department of departments) {
    const message = departmentPost(department.name, byDepartment.get(department.id) ?? [], locale, zone);
    entries.push(...channelMessages(deps, { slack: department.slackChannel, teams: department.teamsChannel }, `rotation-publish:${eventKey}:department:${department.id}`, message));
  }
  await enqueue(tx, entries);
}

async function announceUnfilled(tx: Tx, deps: Pick<ServiceDeps, "organisation" | "platforms">, seats: UnfilledView[], eventKey: string): Promise<void> {
  const organisation = deps.organisation();
  if (!organisation || seats.length === 0) return;
  const message = unfilledPost(seats, companyLocale(deps), companyTimezone(deps));
  await notifyChannel(tx, deps, organisation.supportLine.channel, `rotation-publish:${eventKey}:unfilled`, message);
}

/**
 * Plans again, then publishes every planned shift on a local date up to `until` (inclusive),
 * all in one transaction, so that what is announced is what is stored.
 */
export async function publishRotation(
  deps: ServiceDeps,
  options: { now?: Date; until: "due" | "horizon"; eventKey?: string },
): Promise<PublishResult> {
  const now = options.now ?? new Date();
  const eventKey = options.eventKey ?? randomUUID();
  const result = await deps.prisma.$transaction(async (tx) => {
    const organisation = deps.organisation();
    if (!organisation) return { kind: "published" as const, count: 0, until: "", unfilled: 0 };
    const plan = await replanIn(tx, deps, now);
    const today = localDate(now, organisation.company.timezone);
    // The weekly run publishes a week beyond the notice, so that at least publishDaysAhead days are always published.
    const until =
      options.until === "horizon"
        ? addDays(today, organisation.supportLine.weeksAhead * 7 - 1)
        : addDays(today, organisation.supportLine.publishDaysAhead + 6);
    const end = dayStart(addDays(until, 1), organisation.company.timezone);
    const due = await loadShiftViews(tx, { status: "PLANNED", employeeId: { not: null }, startsAt: { gt: now, lt: end } });
    await tx.shift.updateMany({ where: { id: { in: due.map((s) => s.id) } }, data: { status: "PUBLISHED", publishedAt: now } });
    await announce(tx, deps, due.map((shift) => ({ ...shift, status: "PUBLISHED" as const })), eventKey);
    const unfilled = unfilledViews(organisation, plan.unfilled, until).filter((seat) => seat.startsAt > now);
    await announceUnfilled(tx, deps, unfilled, eventKey);
    return { kind: "published" as const, count: due.length, until, unfilled: unfilled.length };
  }, PLANNING_TX);
  deps.outboxKick();
  deps.shiftsChanged();
  return result;
}
