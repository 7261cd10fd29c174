/** `report status [--month YYYY-MM]`: how far a month's reports have got (the latest month run by default). */
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseMonth } from "../domain/reports/report-month";
import { latestReportMonth, progressText, reportProgress } from "../services/reports/report-progress";
import type { Database } from "../store/database";

export const reportStatusFields = z.object({
  month: z
    .string()
    .refine((m) => parseMonth(m) !== undefined, "expected a month written YYYY-MM, such as 2026-11")
    .optional(),
});
export type ReportStatusArguments = z.infer<typeof reportStatusFields>;

export function parseReportStatusArguments(argv: string[]): { ok: true; value: ReportStatusArguments } | { ok: false; error: string } {
  let parsed: { values: Record<string, unknown> };
  try {
    parsed = parseArgs({ args: argv, options: { month: { type: "string" } }, strict: true, allowPositionals: false });
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = reportStatusFields.safeParse(parsed.values);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: result.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n") };
}

export async function runReportStatus(command: ReportStatusArguments, db: Database): Promise<{ exitCode: number; output: string }> {
  const month = command.month ? parseMonth(command.month) : await latestReportMonth(db.prisma);
  if (!month) return { exitCode: 0, output: "No monthly report has been sent yet." };
  return { exitCode: 0, output: progressText(await reportProgress(db.prisma, month)) };
}
