/**
 * How far a month's reports have got: queued in the outbox, sent, failed, still waiting, per
 * platform; for /metrics and `report status`. The month is the latest one a run started for
 * unless one is asked for.
 */
import { monthKey, parseMonth, type ReportMonth } from "../../domain/reports/report-month";
import type { PrismaClient } from "../../generated/prisma/client";
import { MONTHLY_REPORT_JOB } from "./monthly-report-task";

export interface ReportProgress {
  month: string;
  /** Zones whose run finished, and all zones that started one. */
  zones: { done: number; started: number };
  /** Outbox rows of the month's reports by platform and status. */
  messages: { platform: string; status: string; count: number }[];
}

/** The month of the latest report run, if any ran. */
export async function latestReportMonth(prisma: PrismaClient): Promise<ReportMonth | undefined> {
  const run = await prisma.jobRun.findFirst({ where: { job: { startsWith: `${MONTHLY_REPORT_JOB}:` }, status: { not: "SKIPPED" } }, orderBy: { scheduledFor: "desc" }, select: { runKey: true } });
  return run ? parseMonth(run.runKey) : undefined;
}

export async function reportProgress(prisma: PrismaClient, month: ReportMonth): Promise<ReportProgress> {
  const key = monthKey(month);
  const runs = await prisma.jobRun.findMany({ where: { job: { startsWith: `${MONTHLY_REPORT_JOB}:` }, runKey: key, status: { not: "SKIPPED" } }, select: { status: true } });
  const rows = await prisma.$queryRaw<{ platform: string; status: string; count: number }[]>`
    SELECT platform::text AS platform, status::text AS status, count(*)::int AS count
    FROM outbox_messages
    WHERE dedupe_key LIKE ${"%:report:%:" + key}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
  return { month: key, zones: { done: runs.filter((r) => r.status === "DONE").length, started: runs.length }, messages: rows };
}

/** `report status` as people read it. */
export function progressText(progress: ReportProgress): string {
  const lines = [`Monthly service reports of ${progress.month}: ${progress.zones.done} of ${progress.zones.started} time zone(s) queued.`];
  if (progress.messages.length === 0) lines.push("No report is in the outbox.");
  for (const row of progress.messages) lines.push(`  ${row.platform} ${row.status}: ${row.count}`);
  return lines.join("\n");
}
