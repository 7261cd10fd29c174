/**
 * Sends every active employee their monthly service report on the company's first working
 * day of the month, at the organisation's hour in the person's own zone: one run per zone
 * and month. Exactly once per person and month whatever happens: each report's outbox row
 * has the person and month as its key, so a run that is repeated (another replica, a crash
 * half-way, a retry) adds nothing already queued. The job_runs row records the run and keeps
 * a second replica from building the same reports while the first is at it. A month whose
 * moment passed while the bot was down is sent when it comes back, marked late; only the
 * latest month is caught up, and never one due before the organisation existed.
 */
import type { Organisation } from "../../config/organisation";
import { closedDays } from "../../domain/holidays";
import { addMonths, atLocalHour, firstWorkingDay, monthKey, monthOf, type ReportMonth } from "../../domain/reports/report-month";
import { companyTimezone, type ServiceDeps } from "../deps";
import { personMessages } from "../notify";
import type { OutboxEntry } from "../outbox";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import type { TimedTask } from "../timers";
import { monthlyReports, reportBasis, reportKey } from "./monthly-report";

export const MONTHLY_REPORT_JOB = "report.monthly";
/** Reports built and queued together: a bounded statement and memory, whatever the company's size. */
const CHUNK = 500;
/** A run still RUNNING after this long was left by a replica that stopped: another takes it over. */
const ABANDONED_AFTER_MS = 15 * 60_000;

/** When the report of `month` is due in `zone`: its next month's first working day, at the hour. */
export function reportMoment(organisation: Organisation, month: ReportMonth, zone: string): Date {
  const sent = addMonths(month, 1);
  const first = `${monthKey(sent)}-01`;
  const closed = closedDays(
    { country: organisation.company.country, publicHolidays: organisation.supportLine.publicHolidays, closures: organisation.supportLine.closures, locale: organisation.company.locale },
    first,
    `${monthKey(sent)}-28`,
  );
  return atLocalHour(firstWorkingDay(sent, organisation.company.workWeek, (date) => closed.has(date)), organisation.monthlyReport.hour, zone);
}

/** The latest report due at or before `now` in `zone`: its month and moment. */
export function dueReport(organisation: Organisation, zone: string, now: Date): { month: ReportMonth; at: Date } {
  const current = monthOf(now, zone);
  const last = addMonths(current, -1);
  const at = reportMoment(organisation, last, zone);
  if (at <= now) return { month: last, at };
  const before = addMonths(current, -2);
  return { month: before, at: reportMoment(organisation, before, zone) };
}

export const zoneJob = (zone: string) => `${MONTHLY_REPORT_JOB}:${zone}`;

/**
 * A chunk's reports into the outbox in one statement, as enqueue writes them (a key already
 * there is left alone), but with the rows sent as one JSON text: Prisma's createMany takes
 * seconds to walk five hundred reports' payloads value by value.
 */
export async function enqueueReports(deps: Pick<ServiceDeps, "prisma">, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({
    platform: entry.platform,
    dedupe_key: entry.dedupeKey,
    target: entry.payload.kind === "refresh" ? `${entry.payload.subject}:${entry.payload.id}` : "channel" in entry.payload.to ? entry.payload.to.channel : entry.payload.to.user,
    payload: entry.payload,
  }));
  // The timestamp columns hold UTC without a zone.
  const at = new Date().toISOString();
  await deps.prisma.$executeRaw`
    INSERT INTO outbox_messages (platform, dedupe_key, target, payload, next_attempt_at, created_at)
    SELECT r.platform::"Platform", r.dedupe_key, r.target, r.payload, ${at}::timestamptz AT TIME ZONE 'UTC', ${at}::timestamptz AT TIME ZONE 'UTC'
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(platform text, dedupe_key text, target text, payload jsonb)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

export class MonthlyReports implements TimedTask {
  readonly name = "monthly service reports";

  constructor(
    private readonly deps: ServiceDeps,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  /** The zones people live in (the company's for those without one of their own). */
  private async zones(): Promise<string[]> {
    const rows = await this.deps.prisma.employee.findMany({ where: { active: true, monthlyReport: true }, distinct: ["timezone"], select: { timezone: true } });
    return [...new Set(rows.map((r) => r.timezone ?? companyTimezone(this.deps)))];
  }

  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const organisation = this.deps.organisation();
    if (!organisation?.monthlyReport.enabled) return [];
    const moments: Date[] = [];
    for (const zone of await this.zones()) {
      for (let month = addMonths(monthOf(from, zone), -1); ; month = addMonths(month, 1)) {
        const at = reportMoment(organisation, month, zone);
        if (at > to) break;
        if (at > from) moments.push(at);
      }
    }
    return moments;
  }

  async runDue(now: Date): Promise<void> {
    const organisation = this.deps.organisation();
    if (!organisation?.monthlyReport.enabled) return;
    const installedAt = (await this.deps.prisma.department.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } }))?.createdAt;
    for (const zone of await this.zones()) {
      const { month, at } = dueReport(organisation, zone, now);
      const job = zoneJob(zone);
      const runKey = monthKey(month);
      if (!installedAt || at < installedAt) {
        await recordSkipped(this.deps.prisma, job, runKey, at, this.instanceId);
        continue;
      }
      const late = now.getTime() - at.getTime() > LATE_AFTER_MS;
      if (!(await this.take(job, runKey, at, late, now))) continue;
      const sent = await this.send(zone, month, late, now);
      await finishRun(this.deps.prisma, job, runKey, { status: "DONE" });
      this.deps.logger.info({ zone, month: runKey, reports: sent, late }, "Monthly service reports queued");
    }
  }

  /** This replica's turn at a zone's month: a new run, or one another replica abandoned. */
  private async take(job: string, runKey: string, at: Date, late: boolean, now: Date): Promise<boolean> {
    if (await claimRun(this.deps.prisma, job, runKey, at, this.instanceId, late)) return true;
    const { count } = await this.deps.prisma.jobRun.updateMany({
      where: { job, runKey, status: "RUNNING", claimedAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } },
      data: { claimedBy: this.instanceId, claimedAt: now },
    });
    return count === 1;
  }

  /** Builds and queues the reports of everyone in `zone`, a chunk at a time; returns how many were queued. */
  private async send(zone: string, month: ReportMonth, late: boolean, now: Date): Promise<number> {
    const inZone = zone === companyTimezone(this.deps) ? { OR: [{ timezone: zone }, { timezone: null }] } : { timezone: zone };
    const basis = await reportBasis(this.deps, month);
    let after = 0;
    let queued = 0;
    // A chunk's reports are written while the next chunk is built: at most one write in flight.
    let writing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const readers = await this.deps.prisma.employee.findMany({
          where: { active: true, monthlyReport: true, id: { gt: after }, ...inZone },
          orderBy: { id: "asc" },
          take: CHUNK,
          select: { id: true, name: true, locale: true, timezone: true, departmentId: true, slackUserId: true, teamsUserId: true },
        });
        if (readers.length === 0) break;
        after = readers[readers.length - 1]!.id;
        const reports = await monthlyReports(this.deps, basis, readers, { now, late });
        const entries = readers.flatMap((reader) => personMessages(this.deps, reader, reportKey(reader.id, month), () => reports.get(reader.id)!));
        await writing;
        // One statement: the chunk's reports are all queued, or none.
        writing = enqueueReports(this.deps, entries).then(() => this.deps.outboxKick());
        // Handled here so that a failed write waiting to be awaited is not an unhandled rejection.
        writing.catch(() => undefined);
        queued += readers.length;
      }
      await writing;
    } finally {
      // Never return (or fail) with a write still in flight.
      await writing.catch(() => undefined);
    }
    return queued;
  }
}


