/**
 * Posts the seismograph of the month just ended into the management channel on the company's
 * first working day of the next month, at the monthly report's hour in the company's zone, and
 * alerts on the departments whose repeat rate rose far above their own history. Exactly once
 * across replicas: the job_runs row is claimed in the transaction that queues the posts, so a
 * replica that loses the claim queues nothing and a failure leaves nothing claimed (the next
 * timer tries again); the outbox's dedupe keys (one per department and month for an alert)
 * stop a repeat on top. A month whose moment passed while the bot was down is posted when it
 * comes back, marked late; only the latest month is caught up, never one due before the
 * organisation existed.
 */
import { addMonths, monthKey, monthOf } from "../../domain/reports/report-month";
import { companyTimezone, type ServiceDeps } from "../deps";
import { enqueue } from "../outbox";
import { dueReport, reportMoment } from "../reports/monthly-report-task";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import type { TimedTask } from "../timers";
import { seismographEntries, seismographFigures } from "./seismograph";

export const SEISMOGRAPH_JOB = "complaints.seismograph";

export class Seismograph implements TimedTask {
  readonly name = "complaints seismograph";

  constructor(
    private readonly deps: ServiceDeps,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const organisation = this.deps.organisation();
    if (!organisation) return [];
    const zone = companyTimezone(this.deps);
    const moments: Date[] = [];
    for (let month = addMonths(monthOf(from, zone), -1); ; month = addMonths(month, 1)) {
      const at = reportMoment(organisation, month, zone);
      if (at > to) break;
      if (at > from) moments.push(at);
    }
    return moments;
  }

  async runDue(now: Date): Promise<void> {
    const organisation = this.deps.organisation();
    if (!organisation) return;
    const zone = companyTimezone(this.deps);
    const { month, at } = dueReport(organisation, zone, now);
    const runKey = monthKey(month);
    if (await this.deps.prisma.jobRun.findUnique({ where: { job_runKey: { job: SEISMOGRAPH_JOB, runKey } }, select: { job: true } })) return;
    const installedAt = (await this.deps.prisma.department.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } }))?.createdAt;
    if (!installedAt || at < installedAt) {
      await recordSkipped(this.deps.prisma, SEISMOGRAPH_JOB, runKey, at, this.instanceId);
      return;
    }
    const late = now.getTime() - at.getTime() > LATE_AFTER_MS;
    const figures = await seismographFigures(this.deps.prisma, month, zone);
    const entries = await seismographEntries(this.deps, figures, { late });
    const done = await this.deps.prisma.$transaction(async (tx) => {
      if (!(await claimRun(tx, SEISMOGRAPH_JOB, runKey, at, this.instanceId, late))) return false;
      await finishRun(tx, SEISMOGRAPH_JOB, runKey, { status: "DONE" });
      await enqueue(tx, entries);
      return true;
    });
    if (!done) return;
    this.deps.outboxKick();
    const alerts = figures.departments.filter((d) => d.judgement.alert).map((d) => d.key);
    this.deps.logger.info({ month: runKey, late, alerts }, "Complaints seismograph posted");
  }
}
