/** `/rotation fairness`: who may see which hours, and the report for this quarter. */
import type { Message } from "../../chat/message";
import type { Locale } from "../../i18n";
import { companyTimezone, type ServiceDeps } from "../deps";
import { fairnessMessage } from "./fairness-messages";
import { currentQuarter, hoursReport } from "./hours-report";
import { localDate } from "./rotation-calendar";

/** What a person may see: everyone (administrators), their department (managers), or nothing. */
export type FairnessScope = { departmentKey?: string } | undefined;

export async function fairnessScope(deps: Pick<ServiceDeps, "prisma">, viewer: { id: number; isAdmin: boolean }): Promise<FairnessScope> {
  if (viewer.isAdmin) return {};
  // A manager of several departments sees the first.
  const managed = await deps.prisma.department.findFirst({ where: { managers: { some: { employeeId: viewer.id } } }, select: { key: true }, orderBy: { id: "asc" } });
  return managed ? { departmentKey: managed.key } : undefined;
}

/** Target against actual hours for this quarter (company calendar), within the scope. */
export async function fairnessReport(deps: Pick<ServiceDeps, "prisma" | "organisation">, scope: NonNullable<FairnessScope>, locale: Locale, now: Date = new Date()): Promise<Message> {
  const quarter = currentQuarter(localDate(now, companyTimezone(deps)));
  return fairnessMessage(await hoursReport(deps, { ...quarter, departmentKey: scope.departmentKey, now }), locale);
}
