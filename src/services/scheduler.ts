import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { scheduleJob, type Job as Timer } from "node-schedule";
import {
  assertValidSchedule,
  nextOccurrence,
  previousOccurrence,
  runKeyFor,
  type Schedule,
} from "../domain/recurrence";
import type { PrismaClient } from "../generated/prisma/client";
import type { Logger } from "../logger";

export type { DailySchedule, Schedule, WeeklySchedule } from "../domain/recurrence";

/** What a job is told about the run it is asked to do. */
export interface RunContext {
  /** The occurrence this run stands for (not the moment it started). */
  scheduledFor: Date;
  /** True when the run starts well after its occurrence: caught up after downtime. */
  late: boolean;
  /** Identifies the occurrence; stable across replicas and restarts. */
  runKey: string;
}

export interface ScheduledJob {
  /** Unique among jobs; stored in job_runs.job, so renaming a job forgets its history. */
  name: string;
  schedule: Schedule;
  /** A missed occurrence older than this is recorded SKIPPED instead of run. Default 7 days. */
  staleAfterMs?: number;
  run(run: RunContext): Promise<void>;
}

/**
 * What happened to one job's due occurrence in one replica:
 * done / failed: this replica ran it (failed: the job threw; recorded, not retried);
 * skipped: too old to be worth running, recorded SKIPPED; taken: another replica or an
 * earlier run already has a row for it; error: the database failed before anything was
 * recorded (logged; the next start() catches the occurrence up).
 */
export type RunOutcome = "done" | "failed" | "skipped" | "taken" | "error";

export interface RunReport {
  job: string;
  runKey: string;
  scheduledFor: Date;
  late: boolean;
  outcome: RunOutcome;
}

export const DEFAULT_STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
/** A run starting within this of its occurrence is on time: timers and clocks wobble. */
export const LATE_AFTER_MS = 60 * 1000;

type JobRunsClient = Pick<PrismaClient, "jobRun">;

/**
 * Claims one occurrence of a job for this replica by inserting its job_runs row. The
 * unique (job, run_key) index decides: the insert is `ON CONFLICT DO NOTHING`, so a row
 * that already exists (another replica, or an earlier run) yields false instead of a
 * unique-violation error, on PGlite and PostgreSQL alike.
 */
export async function claimRun(
  prisma: JobRunsClient,
  job: string,
  runKey: string,
  scheduledFor: Date,
  instanceId: string,
  late: boolean,
): Promise<boolean> {
  const { count } = await prisma.jobRun.createMany({
    data: [{ job, runKey, scheduledFor, claimedBy: instanceId, late, status: "RUNNING" }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Records an occurrence as SKIPPED (visible, never run) unless it already has a row. */
export async function recordSkipped(
  prisma: JobRunsClient,
  job: string,
  runKey: string,
  scheduledFor: Date,
  instanceId: string,
): Promise<boolean> {
  const { count } = await prisma.jobRun.createMany({
    data: [{ job, runKey, scheduledFor, claimedBy: instanceId, late: true, status: "SKIPPED", finishedAt: new Date() }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Closes a claimed run: DONE, or FAILED with the error's message. */
export async function finishRun(
  prisma: JobRunsClient,
  job: string,
  runKey: string,
  result: { status: "DONE" } | { status: "FAILED"; error: string },
): Promise<void> {
  await prisma.jobRun.update({
    where: { job_runKey: { job, runKey } },
    data: { status: result.status, error: result.status === "FAILED" ? result.error : null, finishedAt: new Date() },
  });
}

export interface SchedulerOptions {
  prisma: JobRunsClient;
  logger: Logger;
  /** Written to job_runs.claimed_by; defaults to host, pid and a random suffix. */
  instanceId?: string;
}

/**
 * Runs recurring jobs exactly once across replicas: every replica keeps a node-schedule
 * timer for each job's next occurrence, and whichever claims the occurrence's job_runs
 * row first runs it. At start-up each job's latest occurrence is caught up if no replica
 * ran it. A run that crashes mid-way stays RUNNING and is not repeated: at most once is
 * the safer failure for posts people read.
 */
export class Scheduler {
  readonly instanceId: string;
  private readonly prisma: JobRunsClient;
  private readonly logger: Logger;
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly timers = new Map<string, Timer>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private state: "new" | "started" | "stopped" = "new";

  constructor({ prisma, logger, instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}` }: SchedulerOptions) {
    this.prisma = prisma;
    this.logger = logger;
    this.instanceId = instanceId;
  }

  /** Registers a job; before start(), so that start() can catch it up. */
  add(job: ScheduledJob): this {
    if (this.state !== "new") throw new Error(`Cannot add job "${job.name}": the scheduler has already started`);
    if (this.jobs.has(job.name)) throw new Error(`A job named "${job.name}" is already scheduled`);
    assertValidSchedule(job.schedule);
    this.jobs.set(job.name, job);
    return this;
  }

  /** Catches up missed occurrences as of `now`, then arms a timer for each job. */
  async start(now: Date = new Date()): Promise<RunReport[]> {
    if (this.state !== "new") throw new Error("The scheduler can be started once");
    this.state = "started";
    // Timers take over from the instant caught up to, so an occurrence falling during the
    // catch-up still fires; an instant in the past (tests) is replaced by the real clock.
    const armFrom = new Date(Math.max(now.getTime(), Date.now()));
    const reports = await this.runDue(now);
    for (const job of this.jobs.values()) this.arm(job, armFrom);
    return reports;
  }

  /** Cancels the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    this.state = "stopped";
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * For each job, the latest occurrence at or before `now`: claimed and run (late when
   * `now` is more than LATE_AFTER_MS past it), recorded SKIPPED when older than the job's
   * staleAfterMs, left alone when it already has a row. Never throws; resolves when the
   * runs it started have finished.
   */
  runDue(now: Date = new Date()): Promise<RunReport[]> {
    const reports = [...this.jobs.values()].map((job) => this.track(this.runJobDue(job, now)));
    return Promise.all(reports).then((all) => all.filter((r): r is RunReport => r !== undefined));
  }

  private async runJobDue(job: ScheduledJob, now: Date): Promise<RunReport | undefined> {
    const scheduledFor = previousOccurrence(job.schedule, now);
    if (!scheduledFor) return undefined;
    const runKey = runKeyFor(scheduledFor);
    const age = now.getTime() - scheduledFor.getTime();
    const late = age > LATE_AFTER_MS;
    const context = { job: job.name, runKey, late, instanceId: this.instanceId };
    const report = (outcome: RunOutcome): RunReport => ({ job: job.name, runKey, scheduledFor, late, outcome });

    let claimed: boolean;
    try {
      if (age > (job.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)) {
        const skipped = await recordSkipped(this.prisma, job.name, runKey, scheduledFor, this.instanceId);
        if (skipped) this.logger.warn(context, `Job ${job.name}: occurrence ${runKey} missed too long ago; recorded as SKIPPED`);
        return report(skipped ? "skipped" : "taken");
      }
      claimed = await claimRun(this.prisma, job.name, runKey, scheduledFor, this.instanceId, late);
    } catch (error) {
      this.logger.error({ ...context, err: error }, `Job ${job.name}: could not claim occurrence ${runKey}`);
      return report("error");
    }
    if (!claimed) return report("taken");

    this.logger.info(context, `Job ${job.name}: running occurrence ${runKey}${late ? " (late, catching up)" : ""}`);
    let result: Parameters<typeof finishRun>[3];
    try {
      await job.run({ scheduledFor, late, runKey });
      result = { status: "DONE" };
    } catch (error) {
      // Not retried: the job may have half-happened (some posts sent), and a person should look.
      this.logger.error({ ...context, err: error }, `Job ${job.name}: occurrence ${runKey} failed`);
      result = { status: "FAILED", error: error instanceof Error ? error.message : String(error) };
    }
    try {
      await finishRun(this.prisma, job.name, runKey, result);
    } catch (error) {
      this.logger.error({ ...context, err: error }, `Job ${job.name}: could not record the end of occurrence ${runKey}`);
    }
    return report(result.status === "DONE" ? "done" : "failed");
  }

  /**
   * One node-schedule timer per job, on the computed next instant rather than a cron
   * string: the occurrence maths (time zones, DST) stays in one place.
   */
  private arm(job: ScheduledJob, after: Date): void {
    if (this.state !== "started") return;
    const next = nextOccurrence(job.schedule, after);
    if (!next) return; // a schedule with no more occurrences
    const timer = scheduleJob(next, () => void this.track(this.fire(job, next)));
    // null when `next` is already past (a run outlasted the interval): go now.
    if (timer) this.timers.set(job.name, timer);
    else void this.track(this.fire(job, next));
  }

  private async fire(job: ScheduledJob, occurrence: Date): Promise<void> {
    // Spent once fired; cancelling also drops it from node-schedule's registry.
    this.timers.get(job.name)?.cancel();
    this.timers.delete(job.name);
    // A timer may fire a hair early, or a replica's clock lag: never look before the
    // occurrence this timer was set for, or the previous week's would be picked.
    const now = new Date(Math.max(Date.now(), occurrence.getTime()));
    await this.runJobDue(job, now);
    this.arm(job, now);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }
}
