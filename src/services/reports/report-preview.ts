/**
 * `/report preview [@person] [YYYY-MM]`: a person's monthly service report as it would be
 * sent, posting nothing. Everyone may preview their own; a department's managers preview
 * their people's, and admins anyone's. The month is the one before this one unless given.
 */
import type { Message } from "../../chat/message";
import { monthBefore, parseMonth } from "../../domain/reports/report-month";
import { translator, type Locale } from "../../i18n";
import { actorOf, companyTimezone, type ServiceDeps } from "../deps";
import { notice } from "../ideas/idea-messages";
import { previewMonthlyReport } from "./monthly-report";

const PREVIEW_WORDS = new Set(["preview", "תצוגה", "תצוגה-מקדימה"]);
const MONTHISH = /^\d{4}-\d{1,2}$/;

/** The words after `/report`, without the person (the surface finds who is named): the month, or why not. */
export function parseReportCommand(words: readonly string[]): { month?: string } | { usage: true } | { badMonth: string } {
  const [verb, ...rest] = words.map((w) => w.toLowerCase());
  if (!verb || !PREVIEW_WORDS.has(verb)) return { usage: true };
  const month = rest.find((w) => MONTHISH.test(w));
  if (month !== undefined && !parseMonth(month)) return { badMonth: month };
  return { month };
}

export async function reportPreviewFor(
  deps: Pick<ServiceDeps, "prisma" | "organisation" | "publicUrl">,
  employeeId: number,
  request: { words: readonly string[]; person?: { id: number } | { unknown: string } },
  locale: Locale,
  now: Date = new Date(),
): Promise<Message> {
  const t = translator(locale);
  const parsed = parseReportCommand(request.words);
  if ("usage" in parsed) return notice(locale, t("report.usage"));
  if ("badMonth" in parsed) return notice(locale, t("report.badMonth", { month: parsed.badMonth }));
  if (request.person && "unknown" in request.person) return notice(locale, t("report.unknownPerson", { person: request.person.unknown }));
  const targetId = request.person?.id ?? employeeId;
  const reader = await deps.prisma.employee.findFirst({ where: { id: targetId, active: true } });
  if (!reader) return notice(locale, t("report.unknownPerson", { person: String(targetId) }));
  if (targetId !== employeeId) {
    const actor = await actorOf(deps.prisma, employeeId);
    if (!actor.isAdmin && (reader.departmentId === null || !actor.managerOf.includes(reader.departmentId))) return notice(locale, t("report.notAllowed"));
  }
  const month = parsed.month ? parseMonth(parsed.month)! : monthBefore(now, companyTimezone(deps));
  // The preview is in the reader's language: what they would read, not what the asker reads.
  return previewMonthlyReport(deps, reader, month, now);
}
