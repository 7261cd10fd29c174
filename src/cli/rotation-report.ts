/**
 * `rotation report`: hours on the support line per person, as CSV for a spreadsheet.
 */
import { z } from "zod";
import type { Organisation } from "../config/organisation";
import { hoursReport, UnknownDepartmentError, type HoursReport } from "../services/rotation/hours-report";
import type { Database } from "../store/database";
import { commandOrganisation } from "./command-organisation";
import { parseStringOptions, type ParsedOptions } from "./command-options";
import { csvDocument, fixed } from "./csv";

const isoDate = z.iso.date({ error: (issue) => `expected a date written YYYY-MM-DD, found ${JSON.stringify(issue.input)}` });

export const rotationReportFields = z.object({
  from: isoDate,
  to: isoDate,
  department: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, "expected a department key such as billing")
    .optional(),
});

export function fromNotAfterTo(a: { from: string; to: string }): boolean {
  return a.from <= a.to;
}
export const fromNotAfterToIssue = { path: ["to"], message: "expected a date on or after --from" };

export const rotationReportArguments = rotationReportFields.refine(fromNotAfterTo, fromNotAfterToIssue);

export type RotationReportArguments = z.infer<typeof rotationReportArguments>;

/** The command's words after `rotation report`, checked; an error message when they are wrong. */
export function parseRotationReportArguments(argv: string[]): ParsedOptions<RotationReportArguments> {
  return parseStringOptions(argv, ["from", "to", "department"], rotationReportArguments, (issue) => (issue.code === "invalid_type" ? "required" : issue.message));
}

const HEADER = ["email", "name", "department", "department_name", "fte", "target_hours", "worked_hours", "scheduled_hours", "shifts", "difference_hours", "active"];

export function hoursCsv(report: HoursReport): string {
  return csvDocument(
    HEADER,
    report.people.map((p) => [
      p.email,
      p.name,
      p.department?.key ?? "",
      p.department?.name ?? "",
      p.fte,
      fixed(p.targetHours, 2),
      fixed(p.workedHours, 2),
      fixed(p.scheduledHours, 2),
      p.shiftCount,
      fixed(p.difference, 2),
      p.active ? "true" : "false",
    ]),
  );
}

/**
 * Runs the report. The organisation's settings (share, work week, closed days) come from
 * the server that holds them, else from the file the CLI sent, else from the last import.
 */
export async function runRotationReport(
  command: RotationReportArguments & { organisationFile?: { fileName: string; content: string } },
  db: Database,
  serverOrganisation: Organisation | undefined,
  now: Date,
): Promise<{ exitCode: number; output: string }> {
  const organisation = commandOrganisation(serverOrganisation, command.organisationFile);
  if (!organisation) {
    return { exitCode: 1, output: "No organisation has been imported yet: run `npm run cli -- org import <file>` first, or set ORG_FILE." };
  }
  try {
    const report = await hoursReport(
      { prisma: db.prisma, organisation: () => organisation },
      { from: command.from, to: command.to, departmentKey: command.department, now },
    );
    return { exitCode: 0, output: hoursCsv(report) };
  } catch (error) {
    if (error instanceof UnknownDepartmentError) return { exitCode: 1, output: error.message };
    throw error;
  }
}
