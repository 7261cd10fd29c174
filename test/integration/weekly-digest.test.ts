import { readFileSync } from "node:fs";
import pino from "pino";
import { plainWords, type Message } from "../../src/chat/message";
import { organisationChecksum, parseOrganisation, type Organisation } from "../../src/config/organisation";
import { digestPeriod } from "../../src/domain/complaints/digest-period";
import { searchTermsOf } from "../../src/domain/similarity";
import { customerHasher } from "../../src/services/complaints/customer-hash";
import { WeeklyDigests } from "../../src/services/complaints/digest-task";
import { departmentFigures } from "../../src/services/complaints/digest-figures";
import type { ComplaintInput } from "../../src/services/complaints/complaint-input";
import { moveComplaint, unassignedQueue } from "../../src/services/complaints/complaint-moves";
import { recordComplaints } from "../../src/services/complaints/record-complaints";
import { previewDigest, scheduledDepartments } from "../../src/services/complaints/weekly-digest";
import { importOrganisation } from "../../src/services/organisation-import";
import type { PrismaClient } from "../../src/generated/prisma/client";
import type { ServiceDeps } from "../../src/services/deps";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";

const DAY = 24 * 60 * 60_000;
const raw = readFileSync("examples/org.yml", "utf8");
const parsed = parseOrganisation(raw, "org.yml");
/** English posts make the assertions readable; the Hebrew catalogue is checked elsewhere. */
const organisation: Organisation = { ...parsed, company: { ...parsed.company, locale: "en" } };
const hash = customerHasher("digest-test-secret");

/** Sunday 22 Nov 2026, 09:00 in Jerusalem: billing's digest moment (the organisation's default). */
const SUNDAY_NINE = new Date("2026-11-22T07:00:00Z");
/** Billing's digest week: Sunday 15 Nov to Saturday 21 Nov, Jerusalem time. */
const IN_WEEK = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, 15 + day, hour - 2));

let serial = 0;
function complaint(fields: Partial<ComplaintInput> & { text: string; receivedAt: Date }): ComplaintInput {
  return {
    externalId: `t-${++serial}`,
    channel: "PHONE",
    returned: false,
    legalThreat: false,
    churnThreat: false,
    retained: false,
    reopened: false,
    ...fields,
  };
}

function words(message: Message): string {
  return message.blocks
    .map((b) => ("text" in b ? plainWords(b.text) : "") + ("fields" in b && b.fields ? b.fields.map((f) => ` ${plainWords(f.label)}: ${plainWords(f.value)}`).join("") : ""))
    .join("\n");
}

describe.each(databaseKinds)("weekly complaint digests on %s", (kind) => {
  let db: TestDatabase;
  const extra: Database[] = [];

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, organisation, { name: "org.yml", checksum: organisationChecksum(raw) });
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(extra.map((d) => d.close()));
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.outboxMessage.deleteMany();
    await db.prisma.jobRun.deleteMany();
    await db.prisma.complaintMove.deleteMany();
    await db.prisma.complaint.deleteMany();
    await db.prisma.idea.deleteMany();
    await db.prisma.serviceStory.deleteMany();
    await db.prisma.digestChart.deleteMany();
    // Installed long ago: every digest moment since is one to post.
    await db.prisma.department.updateMany({ data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  });

  const deps = (prisma = db.prisma, overrides: Partial<ServiceDeps> = {}) => testServiceDeps(prisma, organisation, overrides);
  const replica = async (id: string) => new WeeklyDigests(deps(await replicaPrisma(kind, db, extra)), id);

  /**
   * A replica that read job_runs before the other's claim committed: it sees every week as
   * open, so only the claim in the posting transaction can keep it from building again.
   */
  const unclaimedLooking = (prisma: PrismaClient): PrismaClient =>
    new Proxy(prisma, {
      get(target, name) {
        if (name === "jobRun") return { ...target.jobRun, findMany: async () => [] };
        const value = Reflect.get(target, name) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });

  async function posts() {
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "SLACK:digest:" } }, orderBy: { id: "asc" } });
    return rows.map((row) => {
      const payload = row.payload as unknown as { to: { channel: string }; message: Message };
      return { key: row.dedupeKey, channel: payload.to.channel, text: words(payload.message) };
    });
  }

  /** Billing: three a week for eight weeks, then a week of double delivery charges. */
  async function billingHistory() {
    const history = Array.from({ length: 8 }, (_, week) =>
      [0, 1, 2].map((i) => complaint({ text: `החשבונית לא ברורה ${week}-${i}`, receivedAt: new Date(IN_WEEK(1).getTime() - (week + 1) * 7 * DAY + i * 3600_000), departmentKey: "billing" })),
    ).flat();
    const week = Array.from({ length: 10 }, (_, i) =>
      complaint({ text: `חויבתי פעמיים בדמי משלוח על ההזמנה ${i}`, receivedAt: IN_WEEK(i % 6, 9 + i), departmentKey: "billing", category: "delivery", customer: `cust-${i}` }),
    );
    const extras = [
      complaint({ text: "Call me on 050-1234567 about the charge, or my lawyer will", receivedAt: IN_WEEK(2), departmentKey: "billing", legalThreat: true, credit: { amount: "40.00", currency: "ILS" } }),
      complaint({ text: "חויבתי שוב בדמי משלוח כפולים על ההזמנה", receivedAt: IN_WEEK(5), departmentKey: "billing", customer: "cust-1", credit: { amount: "40.00", currency: "ILS" }, churnThreat: true, retained: true }),
    ];
    await recordComplaints(deps(), [...history, ...week, ...extras], hash);
  }

  it("reads a department's week: volume against last week and the average, spike, themes, outcomes, repeats, examples without personal data, ideas", async () => {
    await billingHistory();
    const proposer = await db.prisma.employee.findFirstOrThrow({ where: { email: "dana@acme.example" } });
    const billing = await db.prisma.department.findFirstOrThrow({ where: { key: "billing" } });
    const idea = (title: string, problem: string) => ({ title, problem, searchTerms: searchTermsOf(`${title} ${problem}`) });
    await db.prisma.idea.create({
      data: { ...idea("Refund double delivery fees automatically", "דמי משלוח נגבים פעמיים"), departmentId: billing.id, proposerId: proposer.id, status: "APPROVED" },
    });
    const [department] = (await scheduledDepartments(deps())).filter((d) => d.key === "billing");
    // The weekly counts are handed over first, for the chart to be drawn while the rest is read.
    const early: [string, number[]][] = [];
    const [f] = await departmentFigures(db.prisma, [department!], digestPeriod(SUNDAY_NINE, "Asia/Jerusalem"), {
      onWeekly: (d, weekly) => early.push([d.key, [...weekly]]),
    });
    expect(early).toEqual([["billing", [0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 12]]]);

    expect(f!.count).toBe(12);
    expect(f!.lastWeek).toBe(3);
    expect(f!.fourWeekAverage).toBe(3);
    expect(f!.change.lastWeek).toEqual({ delta: 9, percent: 300 });
    expect(f!.weekly).toEqual([0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 12]);
    expect(f!.spike).toBe(true);
    expect(f!.themes.map((t) => t.theme)).toContainEqual(expect.stringContaining("דמי משלוח"));
    expect(f!.categories).toEqual([{ category: "delivery", count: 10 }]);
    expect(f!.repeats).toBe(1);
    expect(f!.legalThreats).toBe(1);
    expect(f!.churnThreats).toBe(1);
    expect(f!.retained).toBe(1);
    expect(f!.credits).toEqual([{ currency: "ILS", total: "80.00" }]);
    // The legal threat leads the examples, without the phone number it carried.
    expect(f!.examples[0]!.legalThreat).toBe(true);
    expect(f!.examples.map((e) => e.text).join(" ")).not.toContain("050-1234567");
    expect(f!.ideas.map((i) => i.title)).toEqual(["Refund double delivery fees automatically"]);
  });

  it("attributes by the departments' rules, keeps the unmatched for managers, and records a manager's move", async () => {
    await recordComplaints(
      deps(),
      [
        complaint({ text: "בחשבונית שקיבלתי יש סכום שגוי", receivedAt: IN_WEEK(1) }),
        complaint({ text: "The campaign promised a gift that never came", receivedAt: IN_WEEK(1) }),
        complaint({ text: "Nobody answered my question", receivedAt: IN_WEEK(2) }),
      ],
      hash,
    );
    const rows = await db.prisma.complaint.findMany({ orderBy: { id: "asc" }, include: { department: true } });
    expect(rows.map((r) => [r.department?.key ?? null, r.attributedBy])).toEqual([
      ["billing", "RULE"],
      ["marketing", "RULE"],
      [null, "NONE"],
    ]);

    const moshe = await db.prisma.employee.findFirstOrThrow({ where: { email: "moshe@acme.example" } });
    const dana = await db.prisma.employee.findFirstOrThrow({ where: { email: "dana@acme.example" } });
    const queue = words(await unassignedQueue(deps(), dana.id, "en"));
    expect(queue).toContain("Nobody answered my question");
    expect(words(await unassignedQueue(deps(), moshe.id, "en"))).toContain("Only the department's managers");

    const unassigned = rows[2]!;
    const refused = await moveComplaint(deps(), "k1", { employeeId: moshe.id, state: `${unassigned.id}:`, departmentKey: "support", locale: "en" });
    expect(refused.kind).toBe("refused");
    const moved = await moveComplaint(deps(), "k2", { employeeId: dana.id, state: `${unassigned.id}:`, departmentKey: "support", locale: "en" });
    expect(moved.kind).toBe("moved");
    // A second form opened on the same queue finds it moved and changes nothing.
    const again = await moveComplaint(deps(), "k3", { employeeId: dana.id, state: `${unassigned.id}:`, departmentKey: "billing", locale: "en" });
    expect(again.kind).toBe("refused");
    const after = await db.prisma.complaint.findUniqueOrThrow({ where: { id: unassigned.id }, include: { department: true, moves: true } });
    expect(after.department?.key).toBe("support");
    expect(after.attributedBy).toBe("MANAGER");
    expect(after.moves).toEqual([expect.objectContaining({ fromDepartmentId: null, movedById: dana.id })]);
  });

  it("posts each department's digest and the company view once, however many replicas wake for it", async () => {
    await billingHistory();
    await recordComplaints(deps(), [complaint({ text: "Nobody answered my question", receivedAt: IN_WEEK(2) })], hash);
    const author = await db.prisma.employee.findFirstOrThrow({ where: { email: "michal@acme.example" } });
    await db.prisma.serviceStory.create({
      data: { authorId: author.id, text: "Moshe drove the forgotten order to the customer himself", status: "PUBLISHED", publishedAt: IN_WEEK(1), storyOfWeek: "2026-W47" },
    });
    const replicas = await Promise.all(["a", "b", "c"].map(replica));
    await Promise.all(replicas.map((r) => r.runDue(SUNDAY_NINE)));
    await replicas[0]!.runDue(new Date(SUNDAY_NINE.getTime() + 3600_000));

    const sent = await posts();
    const billing = sent.filter((p) => p.channel === "C0BILLING");
    expect(billing).toHaveLength(1);
    expect(billing[0]!.key).toBe("SLACK:digest:billing:2026-W47");
    expect(billing[0]!.text).toContain("12 complaints");
    expect(billing[0]!.text).toContain("▲ 300% (+9) against last week");
    expect(billing[0]!.text).toContain("Unusually many");
    // A Hebrew theme in an English digest is isolated, so it reads right to left in its place.
    expect(billing[0]!.text).toContain("• \u2068בדמי משלוח\u2069 · 11");
    expect(billing[0]!.text).not.toContain("050-1234567");
    expect(billing[0]!.text).not.toContain("Posted late");
    // The week's most appreciated service story travels with every department's digest.
    expect(billing[0]!.text).toContain("Story of the week");
    expect(billing[0]!.text).toContain("Moshe drove the forgotten order");
    const company = sent.filter((p) => p.channel === "C0MGMT");
    expect(company).toHaveLength(1);
    expect(company[0]!.text).toContain("• \u2068חשבונות\u2069: 12 · ▲ 300% (+9) against last week");
    expect(company[0]!.text).toContain("1 complaints matched no department");
    // Marketing posts on Mondays: its latest moment was Monday the 16th, also owed.
    expect(sent.filter((p) => p.channel === "C0MARKETING").map((p) => p.key)).toEqual(["SLACK:digest:marketing:2026-W47"]);
    const runs = await db.prisma.jobRun.findMany({ where: { job: { startsWith: "digest." } } });
    expect(runs.every((r) => r.status === "DONE" || r.status === "SKIPPED")).toBe(true);
    expect(new Set(runs.map((r) => `${r.job}|${r.runKey}`)).size).toBe(runs.length);
  });

  it("builds and posts a week's digests once when a replica finds the week unclaimed but another has claimed it", async () => {
    await billingHistory();
    // Both replicas see the week as open (unclaimedLooking). The outbox's dedupe key would
    // hide a second post; a second chart, built only after a claim succeeds, shows.
    const racing = async (id: string) =>
      new WeeklyDigests(deps(unclaimedLooking(await replicaPrisma(kind, db, extra)), { publicUrl: "https://bot.acme.example" }), id);
    const [a, b] = await Promise.all([racing("a"), racing("b")]);
    await a.runDue(SUNDAY_NINE);
    await b.runDue(SUNDAY_NINE);

    const runs = await db.prisma.jobRun.findMany({ where: { job: { startsWith: "digest." } }, orderBy: { job: "asc" } });
    // One claim row a digest, all the first replica's.
    expect(runs.map((r) => `${r.job} ${r.runKey} ${r.status} ${r.claimedBy}`)).toEqual([
      "digest.company 2026-11-22T07:00:00.000Z DONE a",
      "digest.department:billing 2026-11-22T07:00:00.000Z DONE a",
      "digest.department:marketing 2026-11-16T06:00:00.000Z DONE a",
      "digest.department:stores 2026-11-22T07:00:00.000Z DONE a",
      "digest.department:support 2026-11-22T07:00:00.000Z DONE a",
    ]);
    const billing = (await posts()).filter((p) => p.channel === "C0BILLING");
    expect(billing.map((p) => p.key)).toEqual(["SLACK:digest:billing:2026-W47"]);
    // One chart per department digest built (a department without a channel gets one too,
    // and no post), each post linking to its own: none built twice.
    const departmentRuns = runs.filter((r) => r.job.startsWith("digest.department:"));
    const charts = (await db.prisma.digestChart.findMany({ select: { token: true } })).map((c) => c.token);
    expect(charts).toHaveLength(departmentRuns.length);
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "SLACK:digest:" } } });
    const linked = rows.flatMap((r) => [...JSON.stringify(r.payload).matchAll(/\/digest-charts\/([\w-]+)\.png/g)].map((m) => m[1]!));
    expect(new Set(linked).size).toBe(linked.length);
    for (const token of linked) expect(charts).toContain(token);
  });

  it("posts the company view once: a replica that loses its claim wakes no delivery and does not report it posted", async () => {
    // The company view has no chart, and the outbox's dedupe key would swallow a second post:
    // what shows a loser that ignored its claim is that it woke its outbox and said "posted".
    const racing = async (id: string) => {
      const seen = { kicks: 0, logged: [] as string[] };
      const logger = pino({ level: "info" }, { write: (line: string) => void seen.logged.push((JSON.parse(line) as { msg: string }).msg) });
      const overrides = { logger, outboxKick: () => void seen.kicks++ };
      return { task: new WeeklyDigests(deps(unclaimedLooking(await replicaPrisma(kind, db, extra)), overrides), id), seen };
    };
    const [a, b] = await Promise.all([racing("a"), racing("b")]);
    await a.task.runDue(SUNDAY_NINE);
    await b.task.runDue(SUNDAY_NINE);

    const company = await db.prisma.jobRun.findMany({ where: { job: "digest.company" } });
    expect(company.map((r) => `${r.job} ${r.runKey} ${r.status} ${r.claimedBy}`)).toEqual(["digest.company 2026-11-22T07:00:00.000Z DONE a"]);
    expect((await posts()).filter((p) => p.channel === "C0MGMT").map((p) => p.key)).toEqual(["SLACK:digest:company:2026-W47"]);
    expect(a.seen).toEqual({
      kicks: 2,
      logged: ["Complaint digest: the department has no channel; nothing posted", "Complaint digests posted", "Company complaint digest posted"],
    });
    expect(b.seen).toEqual({ kicks: 0, logged: [] });
  });

  it("posts a digest missed while the bot was down when it comes back, marked late, and skips weeks before a department existed", async () => {
    await billingHistory();
    const marketing = await db.prisma.department.findFirstOrThrow({ where: { key: "marketing" } });
    await db.prisma.department.update({ where: { id: marketing.id }, data: { createdAt: new Date("2026-11-20T00:00:00Z") } });
    // Monday 05:00 in Jerusalem: billing's Sunday digest is a day late; marketing's latest
    // moment (Monday the 16th) came before it existed.
    const back = new Date(SUNDAY_NINE.getTime() + 20 * 3600_000);
    await (await replica("late")).runDue(back);

    const billing = (await posts()).filter((p) => p.channel === "C0BILLING");
    expect(billing).toHaveLength(1);
    expect(billing[0]!.text).toContain("Posted late");
    expect((await posts()).filter((p) => p.channel === "C0MARKETING")).toHaveLength(0);
    const runs = await db.prisma.jobRun.findMany({ where: { job: { startsWith: "digest.department:" } } });
    expect(runs.find((r) => r.job.endsWith(":billing"))).toMatchObject({ status: "DONE", late: true });
    expect(runs.find((r) => r.job.endsWith(":marketing"))).toMatchObject({ status: "SKIPPED" });
  });

  it("wakes at each department's moment, and previews any week without posting", async () => {
    await billingHistory();
    const digests = await replica("timers");
    const saturday = new Date("2026-11-21T12:00:00Z");
    const moments = await digests.instantsBetween(saturday, new Date(saturday.getTime() + 3 * DAY));
    // Sunday 09:00 for most departments and the company view, Monday 08:00 for marketing.
    expect(new Set(moments.map((m) => m.toISOString()))).toEqual(new Set(["2026-11-22T07:00:00.000Z", "2026-11-23T06:00:00.000Z"]));

    const preview = await previewDigest(deps(), "billing", { isoWeek: "2026-W47", locale: "en" });
    if (!preview.ok) throw new Error("no preview");
    expect(words(preview.message)).toContain("Preview: not posted");
    expect(words(preview.message)).toContain("12 complaints");
    const older = await previewDigest(deps(), "billing", { isoWeek: "2026-W46", locale: "en" });
    expect(older.ok && words(older.message)).toContain("3 complaints");
    expect(await posts()).toHaveLength(0);
    expect(await db.prisma.jobRun.count()).toBe(0);
    expect((await previewDigest(deps(), "nope")).ok).toBe(false);
  });
});
