import pino from "pino";
import { scheduledJobs } from "node-schedule";
import { openDatabase, type Database } from "../../src/store/database";
import { nextOccurrence } from "../../src/domain/recurrence";
import { Scheduler, type RunContext, type ScheduledJob, type WeeklySchedule } from "../../src/services/scheduler";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

/** Sunday 09:00 in Jerusalem; on 29 March 2026 (summer time) that is 06:00 UTC. */
const weekly: WeeklySchedule = { kind: "weekly", weekday: 7, hour: 9, timezone: "Asia/Jerusalem" }; // Sundays (ISO weekday 7)
const occurrence = new Date("2026-03-29T06:00:00.000Z");
const minutes = (n: number) => n * 60_000;
const after = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string; job?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A job that records its runs, optionally slow or failing. */
function recordingJob(overrides: Partial<ScheduledJob> & { delayMs?: number; fail?: string } = {}) {
  const runs: RunContext[] = [];
  const { delayMs = 0, fail, ...rest } = overrides;
  const job: ScheduledJob = {
    name: "weekly-digest",
    schedule: weekly,
    async run(run) {
      runs.push(run);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (fail) throw new Error(fail);
    },
    ...rest,
  };
  return { job, runs };
}

describe.each(databaseKinds)("scheduler on %s", (kind) => {
  let db: TestDatabase;
  const extra: Database[] = [];
  const schedulers: Scheduler[] = [];

  // One migrated database per kind (migrating takes seconds); each test starts with no runs.
  beforeAll(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.jobRun.deleteMany();
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
    await Promise.all(extra.splice(0).map((d) => d.close()));
  });

  /** A "replica": its own Scheduler, and on PostgreSQL its own connection pool too. */
  async function replica(instanceId: string, job: ScheduledJob, logger = pino({ level: "silent" })): Promise<Scheduler> {
    let prisma = db.prisma;
    if (kind === "postgres") {
      const own = await openDatabase({ kind: "postgres", url: db.url! });
      extra.push(own);
      prisma = own.prisma;
    }
    const scheduler = new Scheduler({ prisma, logger, instanceId }).add(job);
    schedulers.push(scheduler);
    return scheduler;
  }

  const rows = () => db.prisma.jobRun.findMany({ orderBy: { id: "asc" } });

  it("runs an occurrence once when several replicas reach it at the same instant", async () => {
    const { job, runs } = recordingJob({ delayMs: 50 });
    const replicas = await Promise.all(["replica-a", "replica-b", "replica-c"].map((id) => replica(id, job)));

    const reports = (await Promise.all(replicas.map((r) => r.runDue(occurrence)))).flat();

    expect(runs).toEqual([{ scheduledFor: occurrence, late: false, runKey: "2026-03-29T06:00:00.000Z" }]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(["done", "taken", "taken"]);
    const [row, ...others] = await rows();
    expect(others).toEqual([]);
    expect(row).toMatchObject({ job: "weekly-digest", runKey: "2026-03-29T06:00:00.000Z", status: "DONE", late: false, error: null });
    expect(row!.scheduledFor).toEqual(occurrence);
    expect(row!.finishedAt).toBeInstanceOf(Date);
    expect(["replica-a", "replica-b", "replica-c"]).toContain(row!.claimedBy);

    // Later in the same week nothing is due any more, on any replica.
    const later = await Promise.all(replicas.map((r) => r.runDue(after(occurrence, minutes(90)))));
    expect(later.flat().map((r) => r.outcome)).toEqual(["taken", "taken", "taken"]);
    expect(runs).toHaveLength(1);
  });

  it("catches up an occurrence missed during downtime once, marked late", async () => {
    const { job, runs } = recordingJob();
    const { logger, lines } = capturingLogger();
    // The bot was down from Saturday to Monday; two replicas come back up together.
    const monday = new Date("2026-03-30T07:15:00.000Z");
    const [a, b] = [await replica("replica-a", job, logger), await replica("replica-b", job, logger)];

    const reports = (await Promise.all([a.start(monday), b.start(monday)])).flat();

    expect(runs).toEqual([{ scheduledFor: occurrence, late: true, runKey: "2026-03-29T06:00:00.000Z" }]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(["done", "taken"]);
    expect(await rows()).toEqual([expect.objectContaining({ status: "DONE", late: true, runKey: "2026-03-29T06:00:00.000Z" })]);
    expect(lines.filter((l) => /running occurrence .* \(late, catching up\)/.test(l.msg))).toHaveLength(1);
  });

  it("records a missed occurrence older than staleAfterMs as SKIPPED without running it", async () => {
    const { job, runs } = recordingJob({ staleAfterMs: minutes(60) });
    const { logger, lines } = capturingLogger();
    const scheduler = await replica("replica-a", job, logger);

    const reports = await scheduler.runDue(after(occurrence, minutes(61)));

    expect(runs).toEqual([]);
    expect(reports).toEqual([expect.objectContaining({ outcome: "skipped", late: true })]);
    expect(await rows()).toEqual([
      expect.objectContaining({ status: "SKIPPED", late: true, runKey: "2026-03-29T06:00:00.000Z", claimedBy: "replica-a" }),
    ]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/SKIPPED/) }));
    // Once recorded, it stays skipped: it is not run by a later pass either.
    expect((await scheduler.runDue(after(occurrence, minutes(62))))[0]!.outcome).toBe("taken");
    expect(runs).toEqual([]);
  });

  it("records a failing run as FAILED with its message, logs it, and does not retry it", async () => {
    const { job, runs } = recordingJob({ fail: "Slack said channel_not_found" });
    const { logger, lines } = capturingLogger();
    const scheduler = await replica("replica-a", job, logger);

    expect((await scheduler.runDue(occurrence))[0]!.outcome).toBe("failed");
    expect((await scheduler.runDue(after(occurrence, minutes(5))))[0]!.outcome).toBe("taken");

    expect(runs).toHaveLength(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "FAILED", error: "Slack said channel_not_found" });
    expect(row!.finishedAt).toBeInstanceOf(Date);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, job: "weekly-digest", msg: expect.stringMatching(/failed/) }));
  });

  it("start() arms one timer per job at its next occurrence, and stop() leaves none", async () => {
    const scheduler = await replica("replica-a", recordingJob().job);
    const london: WeeklySchedule = { kind: "weekly", weekday: 3, hour: 14, minute: 30, timezone: "Europe/London" };
    scheduler.add(recordingJob({ name: "idea-backlog-review", schedule: london }).job);

    await scheduler.start();
    const now = new Date();
    const armed = Object.values(scheduledJobs).map((t) => t.nextInvocation()?.getTime());
    expect(armed.sort()).toEqual([nextOccurrence(weekly, now).getTime(), nextOccurrence(london, now).getTime()].sort());

    await scheduler.stop();
    expect(Object.keys(scheduledJobs)).toEqual([]); // and jest exits without open handles
  });

  it("runs the occurrence when its timer fires and re-arms for the week after", async () => {
    const { job, runs } = recordingJob();
    const scheduler = await replica("replica-a", job);
    await scheduler.start();
    runs.splice(0); // whatever start() caught up for the real clock's previous Sunday
    const next = nextOccurrence(weekly, new Date());

    // Fire the timer by hand rather than waiting for Sunday.
    Object.values(scheduledJobs)[0]!.invoke();
    const weekAfter = nextOccurrence(weekly, next).getTime();
    await waitFor(() => Object.values(scheduledJobs)[0]?.nextInvocation()?.getTime() === weekAfter);

    expect(runs).toEqual([{ scheduledFor: next, late: false, runKey: next.toISOString() }]);
    const row = await db.prisma.jobRun.findUnique({ where: { job_runKey: { job: job.name, runKey: next.toISOString() } } });
    expect(row).toMatchObject({ status: "DONE", late: false, claimedBy: "replica-a" });
    expect(Object.keys(scheduledJobs)).toHaveLength(1);
    await scheduler.stop();
    expect(Object.keys(scheduledJobs)).toEqual([]);
  });

  it("refuses a second job with the same name and an invalid schedule", async () => {
    const scheduler = new Scheduler({ prisma: db.prisma, logger: pino({ level: "silent" }) });
    scheduler.add(recordingJob().job);
    expect(() => scheduler.add(recordingJob().job)).toThrow(/already scheduled/);
    expect(() => scheduler.add(recordingJob({ name: "x", schedule: { ...weekly, hour: 25 } }).job)).toThrow(/hour 25/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
