/**
 * Every employee's monthly service report on PGlite and PostgreSQL: what it says about a month
 * of known complaints, stories and ideas, in the reader's language; who may preview whose;
 * and its delivery on the first working day, once per person and month with two replicas,
 * late when caught up, never to someone who stopped it.
 */
import { messageAsText } from "../../src/chat/plain-text";
import { loadOrganisationFile, type Organisation } from "../../src/config/organisation";
import type { PrismaClient } from "../../src/generated/prisma/client";
import type { ServiceDeps } from "../../src/services/deps";
import { importOrganisation } from "../../src/services/organisation-import";
import { previewMonthlyReport } from "../../src/services/reports/monthly-report";
import { MonthlyReports } from "../../src/services/reports/monthly-report-task";
import { reportPreviewFor } from "../../src/services/reports/report-preview";
import { progressText, reportProgress } from "../../src/services/reports/report-progress";
import { registerReportMetrics } from "../../src/http/report-metrics";
import { Registry } from "prom-client";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";

const INVISIBLE = /[\u2066-\u2069\u200e\u200f]/g;
const readable = (text: string) => text.replace(INVISIBLE, "");
const NOVEMBER = { year: 2026, month: 11 };

describe.each(databaseKinds)("the monthly service report on %s", (kind) => {
  let db: TestDatabase;
  let organisation: Organisation;
  let deps: ServiceDeps;
  let ids: Record<string, number>;
  let departments: Record<string, number>;
  const opened: Database[] = [];

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    organisation = file.organisation;
    await importOrganisation(db.prisma, organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
    // The organisation has existed for a while, so months before today are caught up.
    await db.prisma.department.updateMany({ data: { createdAt: new Date("2025-01-01T00:00:00Z") } });
    deps = testServiceDeps(db.prisma, organisation, { publicUrl: "https://bot.acme.example" });
    ids = Object.fromEntries((await db.prisma.employee.findMany({ select: { id: true, email: true } })).map((e) => [e.email.split("@")[0]!, e.id]));
    departments = Object.fromEntries((await db.prisma.department.findMany({ select: { id: true, key: true } })).map((d) => [d.key, d.id]));
    await seed(db.prisma);
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const replica of opened) await replica.close();
    await db?.close();
  });

  async function seed(prisma: PrismaClient) {
    const complaint = (at: string, department: string, extra: object = {}) =>
      prisma.complaint.create({ data: { receivedAt: new Date(at), departmentId: departments[department]!, text: "Charged twice for one order", ...extra } });
    // November 2026 in Jerusalem: four complaints, one a repeat; a year before, one; the month before, two.
    const first = await complaint("2026-11-03T10:00:00Z", "billing", { themes: ["double charge"], returned: true, creditAmount: "100", creditCurrency: "ILS" });
    await complaint("2026-11-12T10:00:00Z", "billing", { themes: ["double charge"], repeatOfId: first.id, legalThreat: true });
    await complaint("2026-11-20T10:00:00Z", "billing", { themes: ["late refund"] });
    await complaint("2026-11-25T10:00:00Z", "marketing", { churnThreat: true, retained: true, creditAmount: "20", creditCurrency: "USD" });
    await complaint("2026-10-10T10:00:00Z", "billing", { creditAmount: "50", creditCurrency: "ILS" });
    await complaint("2026-10-11T10:00:00Z", "billing");
    await complaint("2025-11-15T10:00:00Z", "marketing");
    // Outside the months compared: counted nowhere in the report.
    await complaint("2026-12-01T10:00:00Z", "billing");

    const story = await prisma.serviceStory.create({
      data: { authorId: ids.moshe!, text: "Moshe drove the replacement router to the customer himself.", status: "PUBLISHED", publishedAt: new Date("2026-11-10T08:00:00Z"), departmentId: departments.billing },
    });
    await prisma.storyReaction.createMany({ data: [ids.dana!, ids.noa!].map((employeeId) => ({ storyId: story.id, employeeId, emoji: "heart", createdAt: new Date("2026-11-11T08:00:00Z") })) });

    const idea = (title: string, proposer: string, status: "APPROVED" | "DONE") => prisma.idea.create({ data: { title, departmentId: departments.billing!, proposerId: ids[proposer]!, status } });
    const refunds = await idea("Refund double charges automatically", "dana", "APPROVED");
    await prisma.ideaEvent.create({ data: { ideaId: refunds.id, fromStatus: "SUBMITTED", toStatus: "APPROVED", actorId: ids.dana, createdAt: new Date("2026-11-05T10:00:00Z") } });
    const invoice = await idea("Show the setup fee on the first invoice", "daniel", "DONE");
    await prisma.ideaEvent.create({ data: { ideaId: invoice.id, fromStatus: "IN_PROGRESS", toStatus: "DONE", actorId: ids.dana, createdAt: new Date("2026-11-20T10:00:00Z") } });
  }

  it("tells an English reader what customers went through in the month, against the month before and a year earlier", async () => {
    const daniel = await db.prisma.employee.findUniqueOrThrow({ where: { id: ids.daniel } });
    const text = readable(messageAsText(await previewMonthlyReport(deps, daniel, NOVEMBER, new Date("2026-12-01T12:00:00Z"))));
    expect(text).toContain("Your service report · November 2026");
    expect(text).toContain("Preview of Daniel Green's report: not sent. Only you can see this.");
    expect(text).toContain("Hi Daniel Green! Here is what our customers went through in November 2026, and what we did about it.");
    expect(text).toContain("  Complaints: 4 ▲ 100% (+2) on the month before · ▲ 300% (+3) on a year ago");
    expect(text).toContain("  Products returned: 1 ▲ +1 on the month before · ▲ +1 on a year ago");
    expect(text).toContain("  Threats to sue: 1 ▲ +1 on the month before · ▲ +1 on a year ago");
    expect(text).toContain("  Customers who tried to leave: 1 ▲ +1 on the month before · ▲ +1 on a year ago");
    expect(text).toContain("  Customers kept: 1 ▲ +1 on the month before · ▲ +1 on a year ago");
    expect(text).toContain("  Repeat complaints: 1 ▲ +1 on the month before · ▲ +1 on a year ago");
    expect(text).toContain("  Credits issued: ₪100 · US$20 (the month before ₪50 · a year ago 0)");
    expect(text).toContain("שיווק: 1 complaints, 0 of them repeats (▲ +1 on the month before).");
    expect(text).toContain("No theme came back more than once.");
    expect(text).toContain("The story of the month\n“Moshe drove the replacement router to the customer himself.”");
    expect(text).toContain("Told by משה כהן · appreciated by 2");
    expect(text).toContain("Across the company this month: 1 approved · 1 done\n• Show the setup fee on the first invoice: done\n• Refund double charges automatically: approved");
    expect(text).toContain("News of your ideas\n• Show the setup fee on the first invoice: done");
    // 22 working days (Sunday to Thursday) of 8 hours, a tenth of them owed to the line; no shift was published.
    expect(text).toContain("0 h on the line of the 17.6 h you owed this month.\nNo shift of yours is published yet.");
  });

  it("tells a Hebrew reader about their own department, with its recurring themes, in Hebrew", async () => {
    const dana = await db.prisma.employee.findUniqueOrThrow({ where: { id: ids.dana } });
    const text = readable(messageAsText(await previewMonthlyReport(deps, dana, NOVEMBER, new Date("2026-12-01T12:00:00Z"))));
    expect(text).toContain("דוח השירות שלך · נובמבר 2026");
    expect(text).toContain("  תלונות: 4 ▲ 100% (+2) לעומת החודש הקודם · ▲ 300% (+3) לעומת לפני שנה");
    expect(text).toContain("חשבונות: 3 תלונות, מתוכן 1 חוזרות (▲ 50% (+1) לעומת החודש הקודם).");
    expect(text).toContain("מה שחוזר שוב ושוב: double charge (2)");
    expect(text).toContain("• Refund double charges automatically: אושר");
  });

  it("lets everyone preview their own report, managers their people's and admins anyone's, and says why not otherwise", async () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const preview = async (asker: string, words: string[], person?: string | { unknown: string }) =>
      readable(messageAsText(await reportPreviewFor(deps, ids[asker]!, { words, person: typeof person === "string" ? { id: ids[person]! } : person }, "en", now)));
    expect(await preview("daniel", ["preview"])).toContain("Your service report · November 2026");
    expect(await preview("daniel", ["preview"], "dana")).toBe("Only managers and admins may preview other people's reports; your own you may always preview.");
    // Yossi manages marketing, where Daniel works, but not billing.
    expect(await preview("yossi", ["preview", "2026-10"], "daniel")).toContain("Your service report · October 2026");
    expect(await preview("yossi", ["preview"], "dana")).toBe("Only managers and admins may preview other people's reports; your own you may always preview.");
    expect(await preview("dana", ["preview"], "daniel")).toContain("Preview of Daniel Green's report");
    expect(await preview("dana", ["preview", "2026-13"])).toBe('"2026-13" is not a month: write it as YYYY-MM, for example 2026-11.');
    expect(await preview("dana", ["preview"], { unknown: "@nobody" })).toBe("I know no active employee called @nobody.");
    expect(await preview("dana", ["send"])).toBe("Use: report preview [@person] [YYYY-MM], for example report preview @dana 2026-11");
  });

  it("sends each person's report once on the first working day in their zone, with two replicas, late when caught up, never to who stopped it", async () => {
    await db.prisma.employee.update({ where: { id: ids.noa }, data: { monthlyReport: false } });
    const other = testServiceDeps(await replicaPrisma(kind, db, opened), organisation, { publicUrl: "https://bot.acme.example" });
    const replicas = [new MonthlyReports(deps, "replica-a"), new MonthlyReports(other, "replica-b")];
    const reports = async (month: string) =>
      (await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "SLACK:report:", endsWith: `:${month}` } }, select: { dedupeKey: true, target: true } }))
        .map((m) => m.target)
        .sort();
    const chartsBefore = await db.prisma.digestChart.count();

    // Mid-November: October's report, due on 1 November, is caught up and marked late.
    await replicas[0]!.runDue(new Date("2026-11-15T12:00:00Z"));
    expect(await reports("2026-10")).toEqual(["U0DANA", "U0DANIEL", "U0MICHAL", "U0MOSHE", "U0OMER", "U0SHIRA", "U0YOSSI"]);

    // 1 December, 06:00 UTC: before 09:00 in Jerusalem (07:00 UTC) and in London; nothing for November yet.
    await replicas[1]!.runDue(new Date("2026-12-01T06:00:00Z"));
    expect(await reports("2026-11")).toEqual([]);

    // 09:00:30 in London: both zones are due; both replicas wake at once.
    const at = new Date("2026-12-01T09:00:30Z");
    await Promise.all(replicas.map((r) => r.runDue(at)));
    expect(await reports("2026-11")).toEqual(["U0DANA", "U0DANIEL", "U0MICHAL", "U0MOSHE", "U0OMER", "U0SHIRA", "U0YOSSI"]);
    const runs = await db.prisma.jobRun.findMany({ where: { job: { startsWith: "report.monthly:" }, runKey: "2026-11" }, select: { job: true, status: true, late: true }, orderBy: { job: "asc" } });
    expect(runs).toEqual([
      { job: "report.monthly:Asia/Jerusalem", status: "DONE", late: true },
      { job: "report.monthly:Europe/London", status: "DONE", late: false },
    ]);
    // One replica built each zone's reports: one chart per zone and month (Hebrew in Jerusalem, English in London).
    expect((await db.prisma.digestChart.count()) - chartsBefore).toBe(4);
    const london = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: `SLACK:report:${ids.daniel}:2026-11` } });
    expect(JSON.stringify(london.payload)).not.toContain("Sent late");
    const jerusalem = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: `SLACK:report:${ids.dana}:2026-11` } });
    expect(JSON.stringify(jerusalem.payload)).toContain("נשלח באיחור");

    // Progress as `report status` and /metrics show it: every zone queued, the reports waiting to go.
    const progress = await reportProgress(db.prisma, NOVEMBER);
    expect(progress).toEqual({ month: "2026-11", zones: { done: 2, started: 2 }, messages: [{ platform: "SLACK", status: "PENDING", count: 7 }] });
    expect(progressText(progress)).toBe("Monthly service reports of 2026-11: 2 of 2 time zone(s) queued.\n  SLACK PENDING: 7");
    const registry = new Registry();
    registerReportMetrics(registry, db.prisma);
    expect(await registry.metrics()).toContain('monthly_reports{month="2026-11",platform="SLACK",status="PENDING"} 7');

    // A later wake-up, or a restart, sends nothing again.
    await new MonthlyReports(deps, "replica-c").runDue(new Date("2026-12-02T09:00:00Z"));
    expect(await reports("2026-11")).toHaveLength(7);
    expect((await db.prisma.digestChart.count()) - chartsBefore).toBe(4);
  });
});
