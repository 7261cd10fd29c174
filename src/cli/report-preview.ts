/**
 * `report preview --month YYYY-MM --as <email>`: one person's monthly service report as it
 * would be sent, printed instead of sent.
 */
import { z } from "zod";
import { messageAsText } from "../chat/plain-text";
import type { Organisation } from "../config/organisation";
import { monthBefore, parseMonth } from "../domain/reports/report-month";
import { previewMonthlyReport } from "../services/reports/monthly-report";
import type { Database } from "../store/database";
import { commandOrganisation } from "./command-organisation";
import { monthOption, parseStringOptions, type ParsedOptions } from "./command-options";

export const reportPreviewFields = z.object({
  month: monthOption.optional(),
  as: z.email("expected the email of an employee, such as dana@acme.example").transform((e) => e.toLowerCase()),
});
export type ReportPreviewArguments = z.infer<typeof reportPreviewFields>;

/** The words after `report preview`, checked; an error message when they are wrong. */
export function parseReportPreviewArguments(argv: string[]): ParsedOptions<ReportPreviewArguments> {
  return parseStringOptions(argv, ["month", "as"], reportPreviewFields);
}

/** Builds the preview (the month before `now` by default); settings as `digest preview` takes them. */
export async function runReportPreview(
  command: ReportPreviewArguments & { organisationFile?: { fileName: string; content: string } },
  db: Database,
  serverOrganisation: Organisation | undefined,
  now: Date,
): Promise<{ exitCode: number; output: string }> {
  const organisation = commandOrganisation(serverOrganisation, command.organisationFile);
  const deps = { prisma: db.prisma, organisation: () => organisation };
  const reader = await db.prisma.employee.findFirst({ where: { email: command.as, active: true } });
  if (!reader) return { exitCode: 1, output: `No active employee has the email ${command.as}.` };
  const month = command.month ? parseMonth(command.month)! : monthBefore(now, organisation?.company.timezone ?? "UTC");
  return { exitCode: 0, output: messageAsText(await previewMonthlyReport(deps, reader, month, now)) };
}
