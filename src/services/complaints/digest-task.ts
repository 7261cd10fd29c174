/**
 * Posts each department's weekly digest at its own day and hour, in its own zone, and the
 * company view at the organisation's, exactly once across replicas: every replica's timers
 * wake for the moment, and the job_runs row claimed in the posting transaction decides. A
 * digest whose moment passed while the bot was down is posted when it comes back, marked
 * late; only the latest week is caught up, and never one due before the department existed.
 */
import { nextOccurrence, runKeyFor } from "../../domain/recurrence";
import { companyTimezone, type ServiceDeps, type Tx } from "../deps";
import { claimRun, finishRun, LATE_AFTER_MS, recordSkipped } from "../scheduler";
import type { TimedTask } from "../timers";
import {
  COMPANY_JOB,
  companySchedule,
  departmentJob,
  dueAt,
  postCompanyDigest,
  postDepartmentDigests,
  scheduledDepartments,
  type ScheduledDepartment,
} from "./weekly-digest";

export class WeeklyDigests implements TimedTask {
  readonly name = "weekly complaint digests";

  constructor(
    private readonly deps: ServiceDeps,
    /** Written to job_runs.claimed_by. */
    private readonly instanceId: string,
  ) {}

  async instantsBetween(from: Date, to: Date): Promise<Date[]> {
    const moments = [...(await scheduledDepartments(this.deps)), this.company()].map((d) =>
      nextOccurrence({ kind: "weekly", ...d.schedule, timezone: d.timezone }, from),
    );
    return moments.filter((at) => at <= to);
  }

  async runDue(now: Date): Promise<void> {
    const departments = await scheduledDepartments(this.deps);
    const due = departments.map((department) => ({ department, occurrence: dueAt(department, now) }));
    const handled = await this.handled([
      ...due.map((d) => ({ job: departmentJob(d.department), occurrence: d.occurrence })),
    ]);
    const open = [];
    for (const d of due) {
      if (handled.has(`${departmentJob(d.department)}|${runKeyFor(d.occurrence)}`)) continue;
      if (d.occurrence < d.department.createdAt) {
        // A new department (or a fresh install) has no digest to catch up.
        await recordSkipped(this.deps.prisma, departmentJob(d.department), runKeyFor(d.occurrence), d.occurrence, this.instanceId);
        continue;
      }
      open.push({ ...d, late: now.getTime() - d.occurrence.getTime() > LATE_AFTER_MS });
    }
    if (open.length > 0) {
      const posted = await postDepartmentDigests(this.deps, open, this.claim(now));
      if (posted.length > 0) this.deps.logger.info({ departments: posted }, "Complaint digests posted");
    }
    await this.runCompanyDue(now, departments);
  }

  private async runCompanyDue(now: Date, departments: readonly ScheduledDepartment[]): Promise<void> {
    const occurrence = dueAt(this.company(), now);
    const runKey = runKeyFor(occurrence);
    if ((await this.handled([{ job: COMPANY_JOB, occurrence }])).size > 0) return;
    const installedAt = departments.reduce<Date | undefined>((first, d) => (!first || d.createdAt < first ? d.createdAt : first), undefined);
    if (!installedAt || occurrence < installedAt) {
      await recordSkipped(this.deps.prisma, COMPANY_JOB, runKey, occurrence, this.instanceId);
      return;
    }
    if (await postCompanyDigest(this.deps, occurrence, now.getTime() - occurrence.getTime() > LATE_AFTER_MS, this.claim(now))) {
      this.deps.logger.info({ runKey }, "Company complaint digest posted");
    }
  }

  private company() {
    return companySchedule(this.deps.organisation(), companyTimezone(this.deps));
  }

  /** Which of these occurrences already have a job_runs row (posted, skipped, or in hand elsewhere). */
  private async handled(occurrences: { job: string; occurrence: Date }[]): Promise<Set<string>> {
    if (occurrences.length === 0) return new Set();
    const rows = await this.deps.prisma.jobRun.findMany({
      where: { OR: occurrences.map((o) => ({ job: o.job, runKey: runKeyFor(o.occurrence) })) },
      select: { job: true, runKey: true },
    });
    return new Set(rows.map((r) => `${r.job}|${r.runKey}`));
  }

  /** Claims an occurrence and closes it in the caller's transaction: posted and recorded, or neither. */
  private claim(now: Date) {
    return async (tx: Tx, job: string, occurrence: Date): Promise<boolean> => {
      const runKey = runKeyFor(occurrence);
      const late = now.getTime() - occurrence.getTime() > LATE_AFTER_MS;
      if (!(await claimRun(tx, job, runKey, occurrence, this.instanceId, late))) return false;
      await finishRun(tx, job, runKey, { status: "DONE" });
      return true;
    };
  }
}
