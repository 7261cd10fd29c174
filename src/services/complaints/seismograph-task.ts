/**
 * Posts the seismograph of the month just ended into the management channel on the company's
 * first working day of the next month, at the monthly report's hour in the company's zone, and
 * alerts on the departments whose repeat rate rose far above their own history. Exactly once
 * across replicas: the job_runs row is claimed in the transaction that queues the posts, so a
 * replica that loses the claim queues nothing and a failure leaves nothing claimed (the next
 * timer tries again); the outbox's dedupe keys (one per department and month for an alert)
 * stop a repeat on top. A month whose moment passed while the bot was down is posted when it
 * comes back, marked late; only the latest month is caught up, never one due before the
 * organisation existed. At the company digest's weekly moment the month under way is judged
 * too, so a department rising far above its history is alerted within the week, not weeks later.
 */
import { nextOccurrence, runKeyFor } from "../../domain/recurrence";
import { addMonths, monthKey, monthOf } from "../../domain/reports/report-month";
import { companyTimezone, type ServiceDeps } from "../deps";
import { enqueue } from "../outbox";
import { dueReport, reportMoment } from "../reports/monthly-report-task";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import type { TimedTask } from "../timers";
import { alertEntries, seismographEntries, seismographFigures } from "./seismograph";
import { companySchedule, dueAt } from "./weekly-digest";

export const SEISMOGRAPH_JOB = "complaints.seismograph";
/** The weekly look at the month under way; its run key is the company digest's occurrence. */
export const SEISMOGRAPH_WEEKLY_JOB = "complaints.seismograph.week";

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
    const week = { kind: "weekly" as const, ...this.week().schedule, timezone: zone };
    for (let at = nextOccurrence(week, from); at <= to; at = nextOccurrence(week, at)) moments.push(at);
    return moments;
  }

  private week() {
    return companySchedule(this.deps.organisation(), companyTimezone(this.deps));
  }

  private async installedAt(): Promise<Date | undefined> {
    return (await this.deps.prisma.department.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } }))?.createdAt;
  }

  async runDue(now: Date): Promise<void> {
    await this.runMonthDue(now);
    await this.runWeekDue(now);
  }

  private async handled(job: string, runKey: string): Promise<boolean> {
    return (await this.deps.prisma.jobRun.findUnique({ where: { job_runKey: { job, runKey } }, select: { job: true } })) !== null;
  }

  private async runMonthDue(now: Date): Promise<void> {
    const organisation = this.deps.organisation();
    if (!organisation) return;
    const zone = companyTimezone(this.deps);
    const { month, at } = dueReport(organisation, zone, now);
    const runKey = monthKey(month);
    if (await this.handled(SEISMOGRAPH_JOB, runKey)) return;
    const installedAt = await this.installedAt();
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

  /** The month under way, up to the week's moment: only its alerts, never the post. */
  private async runWeekDue(now: Date): Promise<void> {
    if (!this.deps.organisation()) return;
    const zone = companyTimezone(this.deps);
    const occurrence = dueAt(this.week(), now);
    const runKey = runKeyFor(occurrence);
    if (await this.handled(SEISMOGRAPH_WEEKLY_JOB, runKey)) return;
    const installedAt = await this.installedAt();
    if (!installedAt || occurrence < installedAt) {
      await recordSkipped(this.deps.prisma, SEISMOGRAPH_WEEKLY_JOB, runKey, occurrence, this.instanceId);
      return;
    }
    const late = now.getTime() - occurrence.getTime() > LATE_AFTER_MS;
    const figures = await seismographFigures(this.deps.prisma, monthOf(occurrence, zone), zone, occurrence);
    const entries = await alertEntries(this.deps, figures);
    const done = await this.deps.prisma.$transaction(async (tx) => {
      if (!(await claimRun(tx, SEISMOGRAPH_WEEKLY_JOB, runKey, occurrence, this.instanceId, late))) return false;
      await finishRun(tx, SEISMOGRAPH_WEEKLY_JOB, runKey, { status: "DONE" });
      await enqueue(tx, entries);
      return true;
    });
    if (done && entries.length > 0) {
      this.deps.outboxKick();
      this.deps.logger.info({ runKey, alerts: figures.departments.filter((d) => d.judgement.alert).map((d) => d.key) }, "Complaints seismograph: alerts during the month");
    }
  }
}
