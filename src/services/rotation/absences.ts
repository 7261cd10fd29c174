/** `/rotation away`: an absence is recorded and the shifts it touches are re-planned, in one transaction. */
import { translator } from "../../i18n";
import { handleOnce, localeOf, type ServiceDeps } from "../deps";
import { addDays, dateColumn, dayStart, localDate } from "./rotation-calendar";
import { PLANNING_TX, replanIn } from "./rotation-plan";

export type AbsenceAnswer = { kind: "answer"; text: string } | { kind: "duplicate" };

const MAX_DAYS = 366;

export async function recordAbsence(
  deps: ServiceDeps,
  requestKey: string | undefined,
  request: { employeeId: number; from: string; to: string },
  now: Date = new Date(),
): Promise<AbsenceAnswer> {
  const organisation = deps.organisation();
  const employee = await deps.prisma.employee.findUnique({ where: { id: request.employeeId }, select: { locale: true } });
  const tr = translator(localeOf(deps, employee));
  if (!organisation) return { kind: "answer", text: tr("rotation.noOrganisation") };
  const { from, to } = request;
  if (from > to) return { kind: "answer", text: tr("rotation.away.order", { from, to }) };
  if (to < localDate(now, organisation.company.timezone)) return { kind: "answer", text: tr("rotation.away.past", { to }) };
  if (Date.parse(to) - Date.parse(from) > MAX_DAYS * 86_400_000) return { kind: "answer", text: tr("rotation.away.tooLong") };

  const result = await handleOnce(
    deps,
    requestKey,
    async (tx) => {
      await tx.absence.create({ data: { employeeId: request.employeeId, startsOn: dateColumn(from), endsOn: dateColumn(to) } });
      const zone = organisation.company.timezone;
      const window = { gte: dayStart(from, zone), lt: dayStart(addDays(to, 1), zone) };
      const touched = await tx.shift.count({ where: { employeeId: request.employeeId, status: "PUBLISHED", startsAt: { ...window, gt: now } } });
      const plan = await replanIn(tx, deps, now);
      return { kind: "answer" as const, text: tr(touched > 0 ? "rotation.away.recorded" : "rotation.away.recordedNone", { from, to, count: touched }), changed: plan.changes.length > 0 };
    },
    () => true,
    PLANNING_TX,
  );
  deps.shiftsChanged();
  return result.kind === "duplicate" ? result : { kind: "answer", text: result.text };
}
