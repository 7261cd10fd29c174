/**
 * `report preview --month YYYY-MM --as <email>`: one person's monthly service report as it
 * would be sent, printed instead of sent.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { messageAsText } from "../chat/plain-text";
import type { Organisation } from "../config/organisation";
import { monthBefore, parseMonth } from "../domain/reports/report-month";
import { previewMonthlyReport } from "../services/reports/monthly-report";
import type { Database } from "../store/database";
import { commandOrganisation } from "./command-organisation";

export const reportPreviewFields = z.object({
  month: z
    .string()
    .refine((m) => parseMonth(m) !== undefined, "expected a month written YYYY-MM, such as 2026-11")
    .optional(),
  as: z.email("expected the email of an employee, such as dana@acme.example").transform((e) => e.toLowerCase()),
});
export type ReportPreviewArguments = z.infer<typeof reportPreviewFields>;

/** The words after `report preview`, checked; an error message when they are wrong. */
export function parseReportPreviewArguments(argv: string[]): { ok: true; value: ReportPreviewArguments } | { ok: false; error: string } {
  let parsed: { values: Record<string, unknown> };
  try {
    parsed = parseArgs({ args: argv, options: { month: { type: "string" }, as: { type: "string" } }, strict: true, allowPositionals: false });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = reportPreviewFields.safeParse(parsed.values);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n") };
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
