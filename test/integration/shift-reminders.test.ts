import { readFileSync } from "node:fs";
import { parseOrganisation, type Organisation } from "../../src/config/organisation";
import type { Message } from "../../src/chat/message";
import { plainWords } from "../../src/chat/message";
import { ShiftReminders, REMINDER_JOB } from "../../src/services/rotation/shift-reminders";
import { Timers } from "../../src/services/timers";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";

const HOUR = 60 * 60_000;
const at = (iso: string) => new Date(iso);
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** The minimal organisation file, in English, with the evening reminder at its default 18:00. */
const parsed = parseOrganisation(readFileSync("test/fixtures/org-minimal.yml", "utf8"), "org-minimal.yml");
const organisation: Organisation = { ...parsed, company: { ...parsed.company, locale: "en" } };

describe.each(databaseKinds)("shift reminders on %s", (kind) => {
  let db: TestDatabase;
  const extra: Database[] = [];
  const running: Timers[] = [];
  let now: Date;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.outboxMessage.deleteMany();
    await db.prisma.jobRun.deleteMany();
    await db.prisma.shift.deleteMany();
    await db.prisma.employee.deleteMany();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
    await Promise.all(extra.splice(0).map((d) => d.close()));
  });

  /** A replica: its own timers (on PostgreSQL its own connection pool), on the test's clock. */
  async function replica(instanceId: string) {
    const deps = testServiceDeps(await replicaPrisma(kind, db, extra), organisation);
    const reminders = new ShiftReminders(deps, instanceId);
    const timers = new Timers({ tasks: [reminders], logger: deps.logger, clock: () => now });
    running.push(timers);
    return { reminders, timers };
  }

  let people = 0;
  async function person(fields: { slackUserId: string; timezone?: string; locale?: string; reminderStyle?: "STANDARD" | "EVENING" }) {
    return db.prisma.employee.create({ data: { email: `p${++people}@acme.example`, name: fields.slackUserId, ...fields } });
  }

  async function shift(employeeId: number, startsAt: Date, hours = 4) {
    return db.prisma.shift.create({ data: { employeeId, startsAt, endsAt: plus(startsAt, hours * HOUR), status: "PUBLISHED", publishedAt: plus(startsAt, -14 * 24 * HOUR) } });
  }

  /** The reminders in the outbox: to whom, and what they read. */
  async function sent() {
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `SLACK:${REMINDER_JOB}:` } }, orderBy: { id: "asc" } });
    return rows.map((row) => {
      const payload = row.payload as unknown as { to: { user: string }; message: Message };
      return { to: payload.to.user, text: payload.message.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join(" | "), key: row.dedupeKey };
    });
  }

  const runs = () => db.prisma.jobRun.findMany({ where: { job: REMINDER_JOB }, orderBy: { scheduledFor: "asc" } });

  it("sends the 24-hour and the 15-minute reminder once each with two replicas, on the timer's instants", async () => {
    const dana = await person({ slackUserId: "U0DANA", timezone: "Asia/Jerusalem", locale: "en" });
    // Sunday 6 December 2026, 09:00-13:00 in Jerusalem (UTC+2).
    const start = at("2026-12-06T07:00:00Z");
    const s = await shift(dana.id, start);
    now = at("2026-12-05T06:00:00Z");
    const [a, b] = [await replica("replica-a"), await replica("replica-b")];
    await Promise.all([a.timers.start(), b.timers.start()]);
    expect(await sent()).toEqual([]);
    // Both armed for the 24-hour reminder, the next instant within the hour's re-read.
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-05T07:00:00Z"));
    expect(b.timers.nextWakeAt()).toEqual(at("2026-12-05T07:00:00Z"));

    now = at("2026-12-05T07:00:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    // Next: the hourly re-read comes before the 15-minute reminder.
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-05T08:00:00Z"));
    now = at("2026-12-06T06:30:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-06T06:45:00Z"));
    now = at("2026-12-06T06:45:00Z");
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]);
    await Promise.all([a.timers.fire(now), b.timers.fire(now)]); // a second wake changes nothing

    expect(await sent()).toEqual([
      {
        to: "U0DANA",
        text: "Tomorrow you're on the support line: Sunday 6 December, 09:00–13:00. | Can't make it? Offer it to a colleague with /rotation swap. Times are in Asia/Jerusalem.",
        key: `SLACK:${REMINDER_JOB}:shift-${s.id}:ahead:employee-${dana.id}:2026-12-06T07:00:00.000Z`,
      },
      expect.objectContaining({ to: "U0DANA", text: expect.stringMatching(/^Your support-line shift starts soon: Sunday 6 December, 09:00–13:00\. \| .*\/rotation swap/) }),
    ]);
    expect(await runs()).toEqual([
      expect.objectContaining({ runKey: `shift-${s.id}:ahead:employee-${dana.id}:2026-12-06T07:00:00.000Z`, status: "DONE", late: false, scheduledFor: at("2026-12-05T07:00:00Z") }),
      expect.objectContaining({ runKey: `shift-${s.id}:soon:employee-${dana.id}:2026-12-06T07:00:00.000Z`, status: "DONE", late: false, scheduledFor: at("2026-12-06T06:45:00Z") }),
    ]);
  });

  it("reminds evening-style people at 18:00 local the day before, on both sides of a DST change", async () => {
    // Europe/London moves to summer time at 01:00 UTC on Sunday 29 March 2026.
    const noa = await person({ slackUserId: "U0NOA", timezone: "Europe/London", locale: "he", reminderStyle: "EVENING" });
    await shift(noa.id, at("2026-03-28T10:00:00Z")); // Saturday 10:00 GMT
    await shift(noa.id, at("2026-03-30T09:00:00Z")); // Monday 10:00 BST
    const { reminders, timers } = await replica("replica-a");

    const instants = await reminders.instantsBetween(at("2026-03-26T00:00:00Z"), at("2026-03-31T00:00:00Z"));
    expect(instants.map((d) => d.toISOString()).sort()).toEqual([
      "2026-03-27T18:00:00.000Z", // Friday 18:00 GMT
      "2026-03-28T09:45:00.000Z",
      "2026-03-29T17:00:00.000Z", // Sunday 18:00 BST
      "2026-03-30T08:45:00.000Z",
    ]);

    now = at("2026-03-27T17:30:00Z");
    await timers.start();
    expect(timers.nextWakeAt()).toEqual(at("2026-03-27T18:00:00Z"));
    now = at("2026-03-27T18:00:00Z");
    await timers.fire(now);
    now = at("2026-03-28T09:45:00Z");
    await timers.fire(now);
    now = at("2026-03-29T16:59:00Z");
    await timers.fire(now);
    expect(timers.nextWakeAt()).toEqual(at("2026-03-29T17:00:00Z"));
    now = at("2026-03-29T17:00:00Z");
    await timers.fire(now);

    const evening = (await sent()).map((m) => m.text);
    expect(evening).toHaveLength(3); // Friday evening, Saturday's 15 minutes, Sunday evening
    expect(evening[0]).toMatch(/^מחר יש לך משמרת בקו השירות: .*28.*10:00.*14:00/);
    expect(evening[2]).toMatch(/^מחר יש לך משמרת בקו השירות: .*30.*10:00.*14:00/);
    expect(evening[2]).toContain("\u2068/rotation swap\u2069");
    const aheadRuns = (await runs()).filter((r) => r.runKey.includes(":ahead:"));
    expect(aheadRuns.map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([
      ["2026-03-27T18:00:00.000Z", "DONE"],
      ["2026-03-29T17:00:00.000Z", "DONE"],
    ]);
  });

  it("catches up a reminder missed while the bot was down, once and marked late, if the shift is still ahead", async () => {
    const dana = await person({ slackUserId: "U0DANA", locale: "en" });
    const s = await shift(dana.id, at("2026-12-06T07:00:00Z"));
    // Down from Friday to Sunday 06:00 UTC: the 24-hour reminder's moment passed, the shift has not started.
    now = at("2026-12-06T04:00:00Z");
    const [a, b] = [await replica("replica-a"), await replica("replica-b")];
    await Promise.all([a.timers.start(), b.timers.start()]);

    expect((await sent()).map((m) => m.text.split(" | ")[0])).toEqual(["Reminder: you're on the support line on Sunday 6 December, 09:00–13:00."]);
    expect(await runs()).toEqual([expect.objectContaining({ runKey: `shift-${s.id}:ahead:employee-${dana.id}:2026-12-06T07:00:00.000Z`, status: "DONE", late: true })]);
    expect(a.timers.nextWakeAt()).toEqual(at("2026-12-06T05:00:00Z")); // the hourly re-read; 06:45 is later
  });

  it("records reminders SKIPPED when the shift started during the downtime, when only the 15-minute one is worth sending, or when the shift was published after the moment", async () => {
    const dana = await person({ slackUserId: "U0DANA" });
    const started = await shift(dana.id, at("2026-12-06T07:00:00Z"));
    const upcoming = await shift(dana.id, at("2026-12-06T12:00:00Z"));
    // Published this morning, so its 24-hours-ahead moment came before: publishing told her.
    const fresh = await shift(dana.id, at("2026-12-06T20:00:00Z"));
    await db.prisma.shift.update({ where: { id: fresh.id }, data: { publishedAt: at("2026-12-06T06:00:00Z") } });
    now = at("2026-12-06T11:50:00Z"); // 50 minutes into nothing: the first shift started, the second starts in 10
    const { timers } = await replica("replica-a");
    await timers.start();

    expect((await sent()).map((m) => m.key)).toEqual([`SLACK:${REMINDER_JOB}:shift-${upcoming.id}:soon:employee-${dana.id}:2026-12-06T12:00:00.000Z`]);
    const byKey = Object.fromEntries((await runs()).map((r) => [r.runKey.replace(/:employee.*/, ""), [r.status, r.late]]));
    expect(byKey).toEqual({
      [`shift-${started.id}:ahead`]: ["SKIPPED", true],
      [`shift-${started.id}:soon`]: ["SKIPPED", true],
      // The 24-hour reminder would only repeat the 15-minute one that goes out now.
      [`shift-${upcoming.id}:ahead`]: ["SKIPPED", true],
      [`shift-${upcoming.id}:soon`]: ["DONE", true],
      [`shift-${fresh.id}:ahead`]: ["SKIPPED", true],
    });
  });

  it("reminds the new person only after a swap, and leaves cancelled shifts alone", async () => {
    const dana = await person({ slackUserId: "U0DANA" });
    const omer = await person({ slackUserId: "U0OMER" });
    const s = await shift(dana.id, at("2026-12-06T07:00:00Z"));
    const cancelled = await shift(omer.id, at("2026-12-06T12:00:00Z"));
    await db.prisma.shift.update({ where: { id: cancelled.id }, data: { status: "CANCELLED" } });
    now = at("2026-12-05T07:00:00Z");
    const { timers } = await replica("replica-a");
    await timers.start();
    expect((await sent()).map((m) => m.to)).toEqual(["U0DANA"]);

    // Dana hands the shift to Omer on Saturday afternoon; the swap's transaction commits,
    // then shiftsChanged() refreshes the timers.
    now = at("2026-12-05T15:00:00Z");
    await db.prisma.shift.update({ where: { id: s.id }, data: { employeeId: omer.id } });
    await timers.refresh();
    now = at("2026-12-06T06:45:00Z");
    await timers.fire(now);

    expect((await sent()).map((m) => [m.to, m.key.split(":")[3]])).toEqual([
      ["U0DANA", "ahead"],
      ["U0OMER", "ahead"], // caught up at once: its moment had passed when he got the shift
      ["U0OMER", "soon"],
    ]);
  });
});
