/** Whether a person gets the monthly service report: their own choice, from the report's button or their home page. */
import type { Block } from "../../chat/message";
import { translator, type Locale } from "../../i18n";
import type { ServiceDeps } from "../deps";
import { REPORT_ACTIONS } from "./monthly-report-message";

/** A report button's value: the report's month ("2026-11"), or "home" on the home page. Anything else was not made by us. */
export function isReportChoiceValue(value: string | undefined): boolean {
  return /^(home|\d{4}-(0[1-9]|1[0-2]))$/.test(value ?? "");
}

/** Stops or restarts the report for `employeeId`; the sentence that confirms it. */
export async function setMonthlyReport(deps: Pick<ServiceDeps, "prisma">, employeeId: number, wanted: boolean, locale: Locale): Promise<string> {
  await deps.prisma.employee.update({ where: { id: employeeId }, data: { monthlyReport: wanted } });
  return translator(locale)(wanted ? "report.optedIn" : "report.optedOut");
}

/** The home page's line about the report, with the button that changes it. */
export async function homeReportBlocks(deps: Pick<ServiceDeps, "prisma">, employeeId: number, locale: Locale): Promise<Block[]> {
  const tr = translator(locale);
  const { monthlyReport } = await deps.prisma.employee.findUniqueOrThrow({ where: { id: employeeId }, select: { monthlyReport: true } });
  const button = monthlyReport
    ? { action: REPORT_ACTIONS.optOut, label: tr("report.optOut"), value: "home" }
    : { action: REPORT_ACTIONS.optIn, label: tr("report.optIn"), value: "home", style: "primary" as const };
  return [
    { type: "section", text: tr(monthlyReport ? "report.homeOn" : "report.homeOff") },
    { type: "actions", buttons: [button] },
  ];
}
