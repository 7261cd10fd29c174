/** `report status [--month YYYY-MM]`: how far a month's reports have got (the latest month run by default). */
import { z } from "zod";
import { parseMonth } from "../domain/reports/report-month";
import { latestReportMonth, progressText, reportProgress } from "../services/reports/report-progress";
import type { Database } from "../store/database";
import { monthOption, parseStringOptions, type ParsedOptions } from "./command-options";

export const reportStatusFields = z.object({
  month: monthOption.optional(),
});
export type ReportStatusArguments = z.infer<typeof reportStatusFields>;

export function parseReportStatusArguments(argv: string[]): ParsedOptions<ReportStatusArguments> {
  return parseStringOptions(argv, ["month"], reportStatusFields);
}

export async function runReportStatus(command: ReportStatusArguments, db: Database): Promise<{ exitCode: number; output: string }> {
  const month = command.month ? parseMonth(command.month) : await latestReportMonth(db.prisma);
  if (!month) return { exitCode: 0, output: "No monthly report has been sent yet." };
  return { exitCode: 0, output: progressText(await reportProgress(db.prisma, month)) };
}
