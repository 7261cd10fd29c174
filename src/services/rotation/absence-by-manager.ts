/**
 * A manager marks one of their people away (an administrator, anyone): the same absence and
 * re-planning as the person's own `/rotation away`, answered in the manager's language.
 */
import { translator } from "../../i18n";
import { actorOf, localeOf, type ServiceDeps } from "../deps";
import { recordAbsence, type AbsenceAnswer } from "./absences";
import { localDate } from "./rotation-calendar";

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

export async function recordAbsenceFor(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { actorId: number; employeeId: number; from: string; to: string },
  now: Date = new Date(),
): Promise<AbsenceAnswer> {
  const actor = await actorOf(deps.prisma, request.actorId);
  const manager = await deps.prisma.employee.findUnique({ where: { id: request.actorId }, select: { locale: true } });
  const tr = translator(localeOf(deps, manager));
  const person = await deps.prisma.employee.findFirst({ where: { id: request.employeeId, active: true }, select: { id: true, name: true, departmentId: true } });
  const manages = person?.departmentId != null && actor.managerOf.includes(person.departmentId);
  if (!person || !(actor.isAdmin || manages)) return { kind: "answer", text: tr("console.rotation.absence.notAllowed") };
  const organisation = deps.organisation();
  if (!organisation) return { kind: "answer", text: tr("rotation.noOrganisation") };
  const { from, to } = request;
  // The person's own command checks these too, but would answer in their language, to them.
  if (from > to) return { kind: "answer", text: tr("rotation.away.order", { from, to }) };
  if (to < localDate(now, organisation.company.timezone)) return { kind: "answer", text: tr("rotation.away.past", { to }) };
  if (Date.parse(to) - Date.parse(from) > MAX_DAYS * DAY_MS) return { kind: "answer", text: tr("rotation.away.tooLong") };
  const result = await recordAbsence(deps, requestKey, { employeeId: person.id, from, to }, now);
  return result.kind === "duplicate" ? result : { kind: "answer", text: tr("console.rotation.absence.done", { name: person.name, from, to }) };
}
