/**
 * Shift swaps: a person offers one of their published shifts to a named colleague or to
 * anyone eligible; the taker accepts with a button; the rules are checked again at that
 * moment; the giver's manager approves when the organisation file asks for it. Every step
 * is one transaction, conditional on the status it read, so a double click does one thing.
 */
import { translator, type Locale } from "../../i18n";
import { companyLocale, companyTimezone, handleOnce, localeOf, type ServiceDeps, type Tx } from "../deps";
import { notifyChannel, notifyPerson } from "../notify";
import { notice, shiftLabel, swapApprovalMessage, swapOfferMessage } from "./rotation-messages";
import { zoneOf } from "./shift-change-notices";
import { refusalToTake } from "./shift-eligibility";
import { loadShiftViews, PERSON_SELECT, type ShiftPerson, type ShiftView } from "./shift-views";

export type SwapAnswer = { kind: "answer"; text: string } | { kind: "duplicate" };

function answer(text: string): SwapAnswer {
  return { kind: "answer", text };
}

async function personById(tx: Tx, id: number): Promise<(ShiftPerson & { isAdmin: boolean; managerOf: { departmentId: number }[] }) | null> {
  return tx.employee.findUnique({ where: { id }, select: { ...PERSON_SELECT, isAdmin: true, managerOf: { select: { departmentId: true } } } });
}

async function upcomingShift(tx: Tx, shiftId: number, now: Date): Promise<ShiftView | undefined> {
  const [view] = await loadShiftViews(tx, { id: shiftId, status: { not: "CANCELLED" }, startsAt: { gt: now } });
  return view;
}

type Translate = ReturnType<typeof translator>;

/** "This offer is no longer open (declined)", and the like. */
function gone(tr: Translate, status: string): SwapAnswer {
  return answer(tr("rotation.swap.gone", { status: tr(`rotation.swap.status.${status}`) }));
}

/**
 * The swap's shift, still upcoming and still the giver's; otherwise the swap has expired
 * (the shift started, moved or was re-planned) and is marked so.
 */
async function shiftStillWithGiver(tx: Tx, swap: { id: number; shiftId: number }, giverId: number | undefined, now: Date): Promise<ShiftView | undefined> {
  const shift = await upcomingShift(tx, swap.shiftId, now);
  if (shift && giverId !== undefined && shift.person?.id === giverId) return shift;
  await tx.swapRequest.update({ where: { id: swap.id }, data: { status: "EXPIRED" } });
  return undefined;
}

/** Why the planner's rules keep this person off the shift, as an answer; undefined when they may take it. */
async function cannotTake(tx: Tx, deps: Pick<ServiceDeps, "organisation">, shift: ShiftView, personId: number, tr: Translate): Promise<SwapAnswer | undefined> {
  const organisation = deps.organisation();
  const refusal = organisation ? await refusalToTake(tx, organisation, shift, personId) : "inactive";
  return refusal ? answer(tr("rotation.swap.cannotTake", { id: shift.id, reason: tr(`rotation.swap.blocked.${refusal}`) })) : undefined;
}

/** Managers of the person's department (with their ids), for approvals and refusal texts. */
async function managersOf(tx: Tx, departmentId: number | null): Promise<ShiftPerson[]> {
  if (departmentId === null) return [];
  const rows = await tx.departmentManager.findMany({ where: { departmentId }, select: { employee: { select: PERSON_SELECT } } });
  return rows.map((r) => r.employee);
}

async function postToDepartment(tx: Tx, deps: Pick<ServiceDeps, "platforms" | "organisation">, departmentId: number | null, dedupeKey: string, text: (locale: Locale) => string): Promise<void> {
  if (departmentId === null) return;
  const department = await tx.department.findUnique({ where: { id: departmentId } });
  if (!department) return;
  const message = notice(companyLocale(deps), text(companyLocale(deps)));
  await notifyChannel(tx, deps, { slack: department.slackChannel, teams: department.teamsChannel }, dedupeKey, message);
}

/** Moves the shift to the taker and tells both people and the giver's department channel. */
async function transfer(tx: Tx, deps: ServiceDeps, swapId: number, shift: ShiftView, from: ShiftPerson, to: ShiftPerson, deciderId: number): Promise<void> {
  // Pinned: a person chose this, so later re-planning keeps it.
  await tx.shift.update({ where: { id: shift.id }, data: { employeeId: to.id, pinned: true, isOnboarding: false, buddyId: null } });
  await tx.swapRequest.update({ where: { id: swapId }, data: { status: "APPROVED", toEmployeeId: to.id, decidedById: deciderId } });
  const done = (locale: Locale, zone: string) => translator(locale)("rotation.swap.done", { from: from.name, to: to.name, shift: shiftLabel(shift, locale, zone) });
  for (const person of [from, to]) {
    await notifyPerson(tx, deps, person, `swap:${swapId}:done:${person.id}`, (locale) => notice(locale, done(locale, zoneOf(deps, person))));
  }
  await postToDepartment(tx, deps, from.departmentId, `swap:${swapId}:done:channel`, (locale) => done(locale, companyTimezone(deps)));
}

export async function offerSwap(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { employeeId: number; shiftId: number; toEmployeeId?: number; toName?: string },
  now: Date = new Date(),
): Promise<SwapAnswer> {
  return handleOnce(deps, requestKey, async (tx) => {
    const giver = await personById(tx, request.employeeId);
    const tr = translator(localeOf(deps, giver));
    const shift = await upcomingShift(tx, request.shiftId, now);
    if (!giver || !shift || shift.person?.id !== giver.id || shift.status !== "PUBLISHED") return answer(tr("rotation.swap.notYours", { id: request.shiftId }));
    const organisation = deps.organisation();
    const taker = request.toEmployeeId === undefined ? null : await personById(tx, request.toEmployeeId);
    if (request.toEmployeeId !== undefined && !taker) return answer(tr("rotation.swap.unknownPerson", { name: request.toName ?? "?" }));
    if (taker?.id === giver.id) return answer(tr("rotation.swap.self"));
    const swap = await tx.swapRequest.create({
      data: { shiftId: shift.id, fromEmployeeId: giver.id, toEmployeeId: taker?.id ?? null, needsManagerApproval: organisation?.supportLine.swapNeedsApproval ?? false },
    });
    if (taker) {
      await notifyPerson(tx, deps, taker, `swap:${swap.id}:offer`, (locale) => swapOfferMessage(swap.id, shift, giver, false, locale, zoneOf(deps, taker)));
      return answer(tr("rotation.swap.offeredTo", { id: shift.id, name: taker.name }));
    }
    const message = swapOfferMessage(swap.id, shift, giver, true, companyLocale(deps), companyTimezone(deps));
    await notifyChannel(tx, deps, organisation?.supportLine.channel ?? {}, `swap:${swap.id}:open`, message);
    return answer(tr("rotation.swap.offeredAll", { id: shift.id }));
  }, () => true);
}

/** The taker's Accept or Decline. */
export async function respondToSwap(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { swapId: number; employeeId: number; accept: boolean },
  now: Date = new Date(),
): Promise<SwapAnswer> {
  const result = await handleOnce(deps, requestKey, async (tx) => {
    const clicker = await personById(tx, request.employeeId);
    const tr = translator(localeOf(deps, clicker));
    const swap = await tx.swapRequest.findUnique({ where: { id: request.swapId } });
    if (!swap || !clicker) return gone(tr, "CANCELLED");
    if (swap.status !== "OFFERED") return gone(tr, swap.status);
    if ((swap.toEmployeeId !== null && swap.toEmployeeId !== clicker.id) || swap.fromEmployeeId === clicker.id) return answer(tr("rotation.swap.notForYou"));
    const giver = await personById(tx, swap.fromEmployeeId);
    const shift = await shiftStillWithGiver(tx, swap, giver?.id, now);
    if (!shift || !giver) return gone(tr, "EXPIRED");
    if (!request.accept) {
      const claimed = await tx.swapRequest.updateMany({ where: { id: swap.id, status: "OFFERED" }, data: { status: "DECLINED", decidedById: clicker.id } });
      if (claimed.count === 0) return gone(tr, "DECLINED");
      await notifyPerson(tx, deps, giver, `swap:${swap.id}:declined`, (locale) => notice(locale, translator(locale)("rotation.swap.declined", { name: clicker.name, id: shift.id })));
      return answer(tr("rotation.swap.declinedAnswer", { id: shift.id }));
    }
    const refused = await cannotTake(tx, deps, shift, clicker.id, tr);
    if (refused) return refused;
    const nextStatus = swap.needsManagerApproval ? "ACCEPTED" : "APPROVED";
    const claimed = await tx.swapRequest.updateMany({ where: { id: swap.id, status: "OFFERED" }, data: { status: nextStatus, toEmployeeId: clicker.id } });
    if (claimed.count === 0) return gone(tr, "ACCEPTED");
    if (swap.needsManagerApproval) {
      const managers = await managersOf(tx, giver.departmentId);
      for (const manager of managers) {
        await notifyPerson(tx, deps, manager, `swap:${swap.id}:approval:${manager.id}`, (locale) => swapApprovalMessage(swap.id, shift, giver, clicker, locale, zoneOf(deps, manager)));
      }
      return answer(tr("rotation.swap.pendingApproval", { id: shift.id, manager: managers.map((m) => m.name).join(", ") || "—" }));
    }
    await transfer(tx, deps, swap.id, shift, giver, clicker, clicker.id);
    return answer(tr("rotation.swap.done", { from: giver.name, to: clicker.name, shift: shiftLabel(shift, localeOf(deps, clicker), zoneOf(deps, clicker)) }));
  }, () => true);
  deps.shiftsChanged();
  return result;
}

/** The giver's manager (or an administrator) approves or refuses an accepted swap. */
export async function decideSwap(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { swapId: number; employeeId: number; approve: boolean },
  now: Date = new Date(),
): Promise<SwapAnswer> {
  const result = await handleOnce(deps, requestKey, async (tx) => {
    const decider = await personById(tx, request.employeeId);
    const tr = translator(localeOf(deps, decider));
    const swap = await tx.swapRequest.findUnique({ where: { id: request.swapId } });
    if (!swap || !decider) return gone(tr, "CANCELLED");
    const giver = await personById(tx, swap.fromEmployeeId);
    const taker = swap.toEmployeeId === null ? null : await personById(tx, swap.toEmployeeId);
    const managers = await managersOf(tx, giver?.departmentId ?? null);
    if (!decider.isAdmin && !managers.some((m) => m.id === decider.id)) {
      return answer(tr("rotation.swap.notManager", { managers: managers.map((m) => m.name).join(", ") || "—" }));
    }
    if (swap.status !== "ACCEPTED" || !giver || !taker) return gone(tr, swap.status);
    const shift = await shiftStillWithGiver(tx, swap, giver.id, now);
    if (!shift) return gone(tr, "EXPIRED");
    if (!request.approve) {
      const claimed = await tx.swapRequest.updateMany({ where: { id: swap.id, status: "ACCEPTED" }, data: { status: "DECLINED", decidedById: decider.id } });
      if (claimed.count === 0) return gone(tr, "DECLINED");
      for (const person of [giver, taker]) {
        await notifyPerson(tx, deps, person, `swap:${swap.id}:refused:${person.id}`, (locale) =>
          notice(locale, translator(locale)("rotation.swap.refused", { manager: decider.name, id: shift.id, from: giver.name })),
        );
      }
      return answer(tr("rotation.swap.refused", { manager: decider.name, id: shift.id, from: giver.name }));
    }
    const refused = await cannotTake(tx, deps, shift, taker.id, tr);
    if (refused) return refused;
    const claimed = await tx.swapRequest.updateMany({ where: { id: swap.id, status: "ACCEPTED" }, data: { decidedById: decider.id } });
    if (claimed.count === 0) return gone(tr, "APPROVED");
    await transfer(tx, deps, swap.id, shift, giver, taker, decider.id);
    return answer(tr("rotation.swap.done", { from: giver.name, to: taker.name, shift: shiftLabel(shift, localeOf(deps, decider), zoneOf(deps, decider)) }));
  }, () => true);
  deps.shiftsChanged();
  return result;
}

/** A manager (of the person holding it) or an administrator gives a shift to someone else. */
export async function reassignShift(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { actorId: number; shiftId: number; toEmployeeId: number | undefined; toName: string },
  now: Date = new Date(),
): Promise<SwapAnswer> {
  const result = await handleOnce(deps, requestKey, async (tx) => {
    const actor = await personById(tx, request.actorId);
    const tr = translator(localeOf(deps, actor));
    const shift = await upcomingShift(tx, request.shiftId, now);
    if (!actor || !shift) return answer(tr("rotation.assign.unknownShift", { id: request.shiftId }));
    const holderDepartment = shift.person?.departmentId ?? null;
    const manages = actor.managerOf.some((m) => m.departmentId === holderDepartment);
    if (!actor.isAdmin && !manages) return answer(tr("rotation.assign.notAllowed", { id: shift.id }));
    const taker = request.toEmployeeId === undefined ? null : await personById(tx, request.toEmployeeId);
    if (!taker) return answer(tr("rotation.swap.unknownPerson", { name: request.toName }));
    const refused = await cannotTake(tx, deps, shift, taker.id, tr);
    if (refused) return refused;
    const swap = await tx.swapRequest.create({
      data: { shiftId: shift.id, fromEmployeeId: shift.person?.id ?? actor.id, toEmployeeId: taker.id, status: "ACCEPTED", decidedById: actor.id },
    });
    if (shift.person) await transfer(tx, deps, swap.id, shift, shift.person, taker, actor.id);
    else {
      await tx.shift.update({ where: { id: shift.id }, data: { employeeId: taker.id, pinned: true } });
      await tx.swapRequest.update({ where: { id: swap.id }, data: { status: "APPROVED" } });
      await notifyPerson(tx, deps, taker, `swap:${swap.id}:assigned`, (locale) => notice(locale, translator(locale)("rotation.changed.added", { shift: shiftLabel(shift, locale, zoneOf(deps, taker)) })));
    }
    return answer(tr("rotation.assign.done", { id: shift.id, name: taker.name }));
  }, () => true);
  deps.shiftsChanged();
  return result;
}
