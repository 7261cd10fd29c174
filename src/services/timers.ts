/**
 * One node-schedule timer per replica for everything that happens at instants read from the
 * database or the organisation (shift reminders, shift starts and ends, each department's
 * weekly digest). The database is the schedule: the timer is only a wake-up, and what is due
 * is re-read when it fires, so a change made by another replica is never acted on from a
 * stale copy.
 */
import { scheduleJob, type Job as Timer } from "node-schedule";
import type { Logger } from "../logger";

/**
 * Why a task is asked to do what is due: "timer" when a timer fired (claim the instant so
 * that one replica acts), "catch-up" at start-up and after shifts or the organisation changed (bring the world in
 * line with the present).
 */
export type TimerOccasion = "timer" | "catch-up";

/** Something that acts at instants derived from shifts or the organisation. */
export interface TimedTask {
  readonly name: string;
  /** The instants in (from, to] at which it has something to do. */
  instantsBetween(from: Date, to: Date): Promise<Date[]>;
  /** Does whatever is due at `now`. Throws to be retried a little later. */
  runDue(now: Date, occasion: TimerOccasion): Promise<void>;
}

export interface TimersOptions {
  tasks?: readonly TimedTask[];
  logger: Logger;
  /** The current instant; tests pass a fake one instead of waiting hours. */
  clock?: () => Date;
  /** How far ahead instants are read. */
  windowMs?: number;
  /** How often the window is re-read, so changes made by other replicas are seen. */
  rereadMs?: number;
  /** First delay before retrying after a failure; doubles up to rereadMs. */
  retryMs?: number;
}

const HOUR_MS = 60 * 60_000;

export class Timers {
  private readonly tasks: TimedTask[];
  private readonly logger: Logger;
  private readonly clock: () => Date;
  private readonly windowMs: number;
  private readonly rereadMs: number;
  private readonly retryMs: number;
  private timer: Timer | undefined;
  private wakeAt: Date | undefined;
  /** A retry after a failure catches up rather than claims: the failed claim may be held. */
  private wakeOccasion: TimerOccasion = "timer";
  /** Runs one after another, so a timer and a refresh never act at once in one replica. */
  private queue: Promise<void> = Promise.resolve();
  private pendingRefresh: Promise<void> | undefined;
  private failures = 0;
  private state: "new" | "started" | "stopped" = "new";

  constructor({ tasks = [], logger, clock = () => new Date(), windowMs = 48 * HOUR_MS, rereadMs = HOUR_MS, retryMs = 60_000 }: TimersOptions) {
    this.tasks = [...tasks];
    this.logger = logger;
    this.clock = clock;
    this.windowMs = windowMs;
    this.rereadMs = rereadMs;
    this.retryMs = retryMs;
  }

  /** Adds a task; before start(), so that start() catches it up. */
  add(task: TimedTask): this {
    if (this.state !== "new") throw new Error(`Cannot add "${task.name}": the timers have already started`);
    this.tasks.push(task);
    return this;
  }

  /** Catches up what is due as of `now` (missed while the bot was down), then arms the timer. */
  async start(now: Date = this.clock()): Promise<void> {
    if (this.state !== "new") throw new Error("Timers can be started once");
    this.state = "started";
    await this.enqueue(() => this.cycle(now, "catch-up"));
  }

  /**
   * Published shifts changed (in this replica): act on what became due (a swap shortly
   * before a shift) and re-read the window. Calls made while one is waiting share it.
   */
  refresh(): Promise<void> {
    if (this.state !== "started") return Promise.resolve();
    this.pendingRefresh ??= this.enqueue(() => {
      this.pendingRefresh = undefined;
      return this.cycle(this.clock(), "catch-up");
    });
    return this.pendingRefresh;
  }

  /**
   * Acts as the timer would when firing at `at`: what is due, then re-arms. Exposed so that
   * tests drive the timers with a fake clock.
   */
  fire(at: Date): Promise<void> {
    const occasion = this.wakeOccasion;
    return this.enqueue(() => this.cycle(at, occasion));
  }

  /** When the timer is set to go off next (for tests and diagnostics). */
  nextWakeAt(): Date | undefined {
    return this.wakeAt;
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    this.disarm();
    await this.queue;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Never throws: a failure is logged and retried by the timer. */
  private async cycle(now: Date, occasion: TimerOccasion): Promise<void> {
    if (this.state !== "started") return;
    let failed = false;
    for (const task of this.tasks) {
      try {
        await task.runDue(now, occasion);
      } catch (error) {
        failed = true;
        this.logger.error({ err: error, task: task.name }, `Timers: ${task.name} failed; retrying shortly`);
      }
    }
    const upcoming: Date[] = [];
    const to = new Date(now.getTime() + this.windowMs);
    for (const task of this.tasks) {
      try {
        upcoming.push(...(await task.instantsBetween(now, to)));
      } catch (error) {
        failed = true;
        this.logger.error({ err: error, task: task.name }, `Timers: could not read ${task.name}'s upcoming instants`);
      }
    }
    this.failures = failed ? this.failures + 1 : 0;
    const retryIn = failed ? Math.min(this.rereadMs, this.retryMs * 2 ** (this.failures - 1)) : this.rereadMs;
    const next = Math.min(now.getTime() + retryIn, ...upcoming.map((d) => d.getTime()).filter((t) => t > now.getTime()));
    this.arm(new Date(next), failed ? "catch-up" : "timer");
  }

  /**
   * node-schedule runs on the real clock; the delay is measured on ours, so a fake clock in
   * tests never makes the timer fire at once for an instant that is "past" in real time.
   */
  private arm(at: Date, occasion: TimerOccasion): void {
    this.disarm();
    if (this.state !== "started") return;
    this.wakeAt = at;
    this.wakeOccasion = occasion;
    const delay = Math.max(0, at.getTime() - this.clock().getTime());
    const fire = () => {
      this.timer = undefined;
      // A timer may go off a hair early: never look before the instant it was set for.
      void this.fire(new Date(Math.max(this.clock().getTime(), at.getTime())));
    };
    this.timer = scheduleJob(new Date(Date.now() + Math.max(delay, 1)), fire) ?? undefined;
    if (!this.timer) setImmediate(fire);
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.wakeAt = undefined;
  }
}
