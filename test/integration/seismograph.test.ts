/**
 * The seismograph on PGlite and PostgreSQL: the monthly post of repeat-complaint rates per
 * department and category in the management channel, the alert on a department far above its
 * own history (in the channel and to its managers in their language), also while the month is
 * under way, posted once with two replicas, late when caught up; and the digests' warning of a week far below usual.
 */
import { messageAsText } from "../../src/chat/plain-text";
import { runDatabaseCommand } from "../../src/cli/commands";
import { runSeismographPreview } from "../../src/cli/seismograph-preview";
import type { Message } from "../../src/chat/message";
import { loadOrganisationFile, type Organisation } from "../../src/config/organisation";
import { digestPeriod, periodDays } from "../../src/domain/complaints/digest-period";
import { companyFigures, departmentFigures } from "../../src/services/complaints/digest-figures";
import { companyDigestMessage, departmentDigestMessage } from "../../src/services/complaints/digest-messages";
import { previewSeismograph } from "../../src/services/complaints/seismograph";
import { Seismograph } from "../../src/services/complaints/seismograph-task";
import { scheduledDepartments } from "../../src/services/complaints/weekly-digest";
import type { ServiceDeps } from "../../src/services/deps";
import { importOrganisation } from "../../src/services/organisation-import";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";

const INVISIBLE = /[\u2066-\u2069\u200e\u200f]/g;
const readable = (text: string) => text.replace(INVISIBLE, "");
const NOVEMBER = { year: 2026, month: 11 };
/** Dec 2025 to Oct 2026, the eleven months before November. */
const HISTORY = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];

describe.each(databaseKinds)("the complaints seismograph on %s", (kind) => {
  let db: TestDatabase;
  let organisation: Organisation;
  let deps: ServiceDeps;
  let departments: Record<string, number>;
  let dana: number;
  const opened: Database[] = [];

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    // The management channel reads English; each manager reads their own language.
    organisation = { ...file.organisation, company: { ...file.organisation.company, locale: "en" } };
    await importOrganisation(db.prisma, organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
    await db.prisma.department.updateMany({ data: { createdAt: new Date("2025-01-01T00:00:00Z") } });
    deps = testServiceDeps(db.prisma, organisation);
    departments = Object.fromEntries((await db.prisma.department.findMany({ select: { id: true, key: true } })).map((d) => [d.key, d.id]));
    dana = (await db.prisma.employee.findFirstOrThrow({ where: { email: "dana@acme.example" } })).id;
    await seed();
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const replica of opened) await replica.close();
    await db?.close();
  });

  async function seed() {
    const original = (department: string) =>
      db.prisma.complaint.create({ data: { receivedAt: new Date("2025-01-10T10:00:00Z"), departmentId: departments[department]!, text: "The first time" } });
    const billingFirst = await original("billing");
    const marketingFirst = await original("marketing");
    const supportFirst = await original("support");
    const month = (department: string, repeatOf: number, category: string, at: string, complaints: number, repeats: number) =>
      Array.from({ length: complaints }, (_, i) => ({
        receivedAt: new Date(at),
        departmentId: departments[department]!,
        text: `Complaint ${i}`,
        category,
        repeatOfId: i < repeats ? repeatOf : null,
      }));
    const data = [
      // Billing: 10%, 20%, 10%… of ten complaints a month (mean 15%, σ 5%), then 4 of 10 in November.
      ...HISTORY.flatMap((m, i) => month("billing", billingFirst.id, "invoice", `${m}-15T10:00:00Z`, 10, i % 2 === 0 ? 1 : 2)),
      ...month("billing", billingFirst.id, "invoice", "2026-11-15T10:00:00Z", 9, 3),
      // 00:30 on 1 November in Jerusalem: November's, though still October in UTC.
      ...month("billing", billingFirst.id, "invoice", "2026-10-31T22:30:00Z", 1, 1),
      // 00:30 on 1 December in Jerusalem: not November's.
      ...month("billing", billingFirst.id, "invoice", "2026-11-30T22:30:00Z", 1, 1),
      // Marketing: 1 of 10 every month from June, November too.
      ...HISTORY.slice(-5).flatMap((m) => month("marketing", marketingFirst.id, "newsletter", `${m}-15T10:00:00Z`, 10, 1)),
      ...month("marketing", marketingFirst.id, "newsletter", "2026-11-15T10:00:00Z", 10, 1),
      // Support: no history, then 1 repeat of 2 in November: no trend.
      ...month("support", supportFirst.id, "newsletter", "2026-11-16T10:00:00Z", 2, 1),
    ];
    await db.prisma.complaint.createMany({ data });
  }

  const outbox = async (startsWith: string) =>
    (await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith } }, orderBy: { dedupeKey: "asc" } })).map((m) => ({
      key: m.dedupeKey,
      target: m.target,
      text: readable(messageAsText((m.payload as unknown as { message: Message }).message)),
    }));

  it("shows each department's and category's repeat rate over 12 months, which climbed and which is far above its history", async () => {
    const [post, ...alerts] = await previewSeismograph(deps, NOVEMBER);
    const text = readable(messageAsText(post!));
    expect(text).toContain("Repeat complaints · November 2026");
    expect(text).toContain("Preview: not posted. Only you can see this.");
    expect(text).toContain(
      "• חשבונות: 40% in November 2026 (4 of 10) · 15% on average in the months before ▲ climbed ⚠️ far above its history\n" +
        "   Dec 10% · Jan 20% · Feb 10% · Mar 20% · Apr 10% · May 20% · Jun 10% · Jul 20% · Aug 10% · Sept 20% · Oct 10% · Nov 40%",
    );
    expect(text).toContain(
      "• שיווק: 10% in November 2026 (1 of 10) · 10% on average in the months before\n" +
        "   Dec – · Jan – · Feb – · Mar – · Apr – · May – · Jun 10% · Jul 10% · Aug 10% · Sept 10% · Oct 10% · Nov 10%",
    );
    expect(text).toContain("• שירות לקוחות: 50% in November 2026 (1 of 2)\n");
    expect(text).not.toContain("חנויות");
    expect(text).toContain("Climbed this month: חשבונות (40%)");
    expect(text).toContain("By category, across the company");
    expect(text).toContain("• invoice: 40% in November 2026 (4 of 10) · 15% on average in the months before ▲ climbed ⚠️ far above its history");
    // Marketing's 1 of 10 and support's 1 of 2: 2 of 12.
    expect(text).toContain("• newsletter: 17% in November 2026 (2 of 12) · 10% on average in the months before ▲ climbed\n");
    // Then the alert the channel would get: billing alone is far above its history.
    expect(alerts.map((m) => readable(messageAsText(m)))).toEqual([
      "⚠️ Repeat complaints rising · חשבונות\n" +
        "=======================================\n\n" +
        "In November 2026, 40% of חשבונות's complaints (4 of 10) repeat an earlier complaint of the same customer: more than two standard deviations above its own months before, 15% on average.\n\n" +
        "  A repeat is a problem closed without a fix: look at what brought these customers back.",
    ]);
  });

  it("prints the same with `seismograph preview`, the month before by default, in the language asked for", async () => {
    const run = (args: Record<string, string>) => runDatabaseCommand({ command: "seismograph-preview", ...args }, db, { organisation: () => organisation });
    const november = await run({ month: "2026-11" });
    expect(november.exitCode).toBe(0);
    const [post, alert, ...more] = readable(november.output).split("\n\n\n");
    expect(more).toEqual([]);
    expect(post!.split("\n").slice(0, 4)).toEqual(["Repeat complaints · November 2026", "=================================", "", "  Preview: not posted. Only you can see this."]);
    expect(alert!.split("\n")[0]).toBe("⚠️ Repeat complaints rising · חשבונות");
    // Run on 3 December 2026 the default is November; in Hebrew on request.
    const hebrew = await runSeismographPreview({ lang: "he" }, db, organisation, new Date("2026-12-03T10:00:00Z"));
    expect(readable(hebrew.output).split("\n")[0]).toBe("תלונות חוזרות · נובמבר 2026");
  });

  it("reads the seismograph in Hebrew", async () => {
    const text = readable(messageAsText((await previewSeismograph(deps, NOVEMBER, "he"))[0]!));
    expect(text).toContain("תלונות חוזרות · נובמבר 2026");
    expect(text).toContain("• חשבונות: 40% בנובמבר 2026 (4 מתוך 10) · 15% בממוצע בחודשים שלפני ▲ עלה ⚠️ הרבה מעל הרגיל");
  });

  it("posts once on the first working day with two replicas, late when caught up, and alerts the management channel and the department's managers", async () => {
    const replicas = [new Seismograph(deps, "replica-a"), new Seismograph(testServiceDeps(await replicaPrisma(kind, db, opened), organisation), "replica-b")];

    // Mid-November: October's, due on Sunday 1 November, is caught up and marked late; nothing alerted.
    await replicas[0]!.runDue(new Date("2026-11-15T12:00:00Z"));
    const october = await outbox("SLACK:seismograph:");
    expect(october.map((m) => [m.key, m.target])).toEqual([["SLACK:seismograph:2026-10", "C0MGMT"]]);
    expect(october[0]!.text).toContain("Repeat complaints · October 2026\n================================\n\n  Posted late: the bot was not running when this was due.");

    // 1 December, 06:00 UTC: before 09:00 in Jerusalem.
    await replicas[1]!.runDue(new Date("2026-12-01T06:00:00Z"));
    expect(await outbox("SLACK:seismograph:2026-11")).toEqual([]);
    // But billing was alerted at the company digest's moment on Sunday 29 November, its month
    // to date already 4 repeats of 10; on Sunday 15 November it had 1 complaint, too few.
    expect((await outbox("SLACK:seismograph:alert:")).map((m) => [m.key, m.target])).toEqual([
      ["SLACK:seismograph:alert:billing:2026-11", "C0MGMT"],
      [`SLACK:seismograph:alert:billing:2026-11:${dana}`, "U0DANA"],
    ]);
    const weeks = await db.prisma.jobRun.findMany({ where: { job: "complaints.seismograph.week" }, orderBy: { runKey: "asc" }, select: { runKey: true, status: true } });
    expect(weeks).toEqual([
      { runKey: "2026-11-15T07:00:00.000Z", status: "DONE" },
      { runKey: "2026-11-29T07:00:00.000Z", status: "DONE" },
    ]);

    await Promise.all(replicas.map((r) => r.runDue(new Date("2026-12-01T07:00:30Z"))));
    const november = await outbox("SLACK:seismograph:");
    expect(november.map((m) => [m.key, m.target])).toEqual([
      ["SLACK:seismograph:2026-10", "C0MGMT"],
      ["SLACK:seismograph:2026-11", "C0MGMT"],
      ["SLACK:seismograph:alert:billing:2026-11", "C0MGMT"],
      [`SLACK:seismograph:alert:billing:2026-11:${dana}`, "U0DANA"],
    ]);
    expect(november[1]!.text).not.toContain("Posted late");
    expect(november[2]!.text).toBe(
      "⚠️ Repeat complaints rising · חשבונות\n=======================================\n\n" +
        "In November 2026, 40% of חשבונות's complaints (4 of 10) repeat an earlier complaint of the same customer: more than two standard deviations above its own months before, 15% on average.\n\n" +
        "  A repeat is a problem closed without a fix: look at what brought these customers back.",
    );
    // Dana manages billing and reads Hebrew.
    expect(november[3]!.text).toMatch(/^⚠️ עלייה בתלונות חוזרות · חשבונות\n=+\n\nבנובמבר 2026, 40% מהתלונות של חשבונות \(4 מתוך 10\) חוזרות על תלונה קודמת/);
    const runs = await db.prisma.jobRun.findMany({ where: { job: "complaints.seismograph" }, orderBy: { runKey: "asc" }, select: { runKey: true, status: true, late: true } });
    expect(runs).toEqual([
      { runKey: "2026-10", status: "DONE", late: true },
      { runKey: "2026-11", status: "DONE", late: false },
    ]);

    // A later wake-up, or a restart, posts nothing again.
    await new Seismograph(deps, "replica-c").runDue(new Date("2026-12-02T09:00:00Z"));
    expect(await outbox("SLACK:seismograph:")).toHaveLength(4);
  });

  it("wakes at the first working day's hour in the company's zone, and at the company digest's each week", async () => {
    const task = new Seismograph(deps, "replica-a");
    const instants = await task.instantsBetween(new Date("2026-11-25T00:00:00Z"), new Date("2026-12-08T00:00:00Z"));
    // The month's post on Tuesday 1 December, and the company digest's Sundays at 09:00.
    expect(instants.sort((a, b) => a.getTime() - b.getTime())).toEqual([
      new Date("2026-11-29T07:00:00Z"),
      new Date("2026-12-01T07:00:00Z"),
      new Date("2026-12-06T07:00:00Z"),
    ]);
  });
});

describe.each(databaseKinds)("a week far below a department's usual volume on %s", (kind) => {
  let db: TestDatabase;
  let organisation: Organisation;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    organisation = { ...file.organisation, company: { ...file.organisation.company, locale: "en" } };
    await importOrganisation(db.prisma, organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
    const ids = Object.fromEntries((await db.prisma.department.findMany({ select: { id: true, key: true } })).map((d) => [d.key, d.id]));
    // Sunday 7 March 2027's digest covers 28 February to 6 March; each of the eight weeks before
    // had ten (billing) or twelve (support) complaints on its Wednesday.
    const weeks = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2027, 1, 24 - 7 * i, 10)));
    const many = (department: string, at: Date, count: number) => Array.from({ length: count }, (_, i) => ({ receivedAt: at, departmentId: ids[department]!, text: `Complaint ${i}` }));
    await db.prisma.complaint.createMany({
      data: [
        ...weeks.flatMap((at) => many("billing", at, 10)),
        ...weeks.flatMap((at) => many("support", at, 12)),
        // This week: billing hears one complaint, support its usual twelve.
        ...many("billing", new Date("2027-03-03T10:00:00Z"), 1),
        ...many("support", new Date("2027-03-03T10:00:00Z"), 12),
      ],
    });
  }, DATABASE_START_TIMEOUT_MS);

  afterAll(async () => {
    await db?.close();
  });

  const OCCURRENCE = new Date("2027-03-07T07:00:00Z");
  const DIP = "⚠️ Unusually few complaints this week: check that complaints still reach us.";

  it("warns in the department's digest, and only in that department's", async () => {
    const deps = testServiceDeps(db.prisma, organisation);
    const all = await scheduledDepartments(deps);
    const period = digestPeriod(OCCURRENCE, "Asia/Jerusalem");
    const [billing, support] = await departmentFigures(db.prisma, ["billing", "support"].map((key) => all.find((d) => d.key === key)!), period);
    const context = { locale: "en" as const, days: periodDays(period, "Asia/Jerusalem") };
    const billingText = readable(messageAsText(departmentDigestMessage(billing!, context)));
    expect(billingText).toContain("1 complaints\n▼ 90% (−9) against last week (10)\n▼ 90% (−9) against the 4-week average (10)\n\n  " + DIP);
    expect(billingText).not.toContain("Unusually many");
    expect(readable(messageAsText(departmentDigestMessage(support!, context)))).not.toContain("Unusually few");
  });

  it("warns in the company view on the quiet department's line", async () => {
    const deps = testServiceDeps(db.prisma, organisation);
    const period = digestPeriod(OCCURRENCE, "Asia/Jerusalem");
    const figures = await companyFigures(db.prisma, await scheduledDepartments(deps), period);
    const text = readable(messageAsText(companyDigestMessage(figures, { locale: "en", days: periodDays(period, "Asia/Jerusalem") })));
    expect(text).toContain("• חשבונות: 1 · ▼ 90% (−9) against last week · ▼ 90% (−9) against the 4-week average\n   repeats 0 · legal threats 0 · kept 0\n   " + DIP);
    expect(text.split(DIP)).toHaveLength(2);
  });
});
