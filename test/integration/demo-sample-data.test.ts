/**
 * The demo's sample data (src/demo/sample-data.ts) as `npm run demo` makes it: a fresh
 * database, examples/org.yml imported, twelve weeks seeded before a fixed moment. The
 * assertions are what a visitor of the demo would find.
 */
import { plainWords, type Message } from "../../src/chat/message";
import { loadOrganisationFile, type Organisation } from "../../src/config/organisation";
import { digestPeriod } from "../../src/domain/complaints/digest-period";
import { seedSampleData, type SampleDataSummary } from "../../src/demo/sample-data";
import { departmentFigures } from "../../src/services/complaints/digest-figures";
import { dueAt, previewDigest, scheduledDepartments } from "../../src/services/complaints/weekly-digest";
import type { ServiceDeps } from "../../src/services/deps";
import { importOrganisation } from "../../src/services/organisation-import";
import { storyOfTheWeek } from "../../src/services/stories/story-of-week";
import { t } from "../../src/i18n";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { testServiceDeps } from "../helpers/service-deps";

/** Monday 30 November 2026, 11:00 in Jerusalem. */
const NOW = new Date("2026-11-30T09:00:00Z");
/** Twelve weeks before. */
const FROM = new Date("2026-09-07T09:00:00Z");
const HEBREW = /[\u0590-\u05FF]/;

function words(message: Message): string {
  return message.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join("\n");
}

describe.each(databaseKinds)("demo sample data on %s", (kind) => {
  let db: TestDatabase;
  let organisation: Organisation;
  let deps: ServiceDeps;
  let summary: SampleDataSummary;
  let ids: Record<string, number>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    organisation = file.organisation;
    await importOrganisation(db.prisma, organisation, { name: "examples/org.yml", checksum: file.checksum, text: file.text });
    // As the demo wires it: posts for the web only.
    deps = testServiceDeps(db.prisma, organisation, { platforms: ["WEB"] });
    summary = await seedSampleData(deps, { now: NOW });
    const employees = await db.prisma.employee.findMany({ select: { id: true, email: true } });
    ids = Object.fromEntries(employees.map((e) => [e.email.split("@")[0]!, e.id]));
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it("returns the counts of what it made, the same on every run", () => {
    expect(summary).toEqual({
      from: FROM,
      now: NOW,
      ideas: { SUBMITTED: 6, APPROVED: 3, IN_PROGRESS: 3, DONE: 3, REJECTED: 2, MERGED: 1, total: 18, votes: 85, comments: 3 },
      stories: {
        published: 12,
        awaitingCurator: 1,
        declined: 1,
        reactions: 97,
        storiesOfTheWeek: ["2026-W38", "2026-W39", "2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"],
      },
      complaints: {
        total: 317,
        hebrew: 230,
        english: 87,
        byDepartment: { billing: 102, marketing: 58, support: 79, stores: 75, unassigned: 3 },
        repeats: 25,
        returned: 29,
        credits: { ILS: "3833.30", EUR: "573.00", USD: "21.00", GBP: "8.00" },
        legalThreats: 9,
        churnThreats: 31,
        retained: 16,
        reopened: 6,
        moved: 8,
        spike: { department: "billing", isoWeek: "2026-W48", complaints: 36, flagged: true },
      },
      shifts: { published: 148, planned: 20, cancelled: 0 },
      swaps: { OFFERED: 1, ACCEPTED: 0, APPROVED: 1, DECLINED: 1, CANCELLED: 0, EXPIRED: 0, total: 3 },
      absences: 1,
      digests: 61,
    });
  });

  it("has ideas in every status, in Hebrew and English, with votes, a question and decision notes", async () => {
    const ideas = await db.prisma.idea.findMany({
      include: { votes: true, comments: { include: { author: true }, orderBy: { id: "asc" } }, events: { orderBy: { id: "asc" } }, mergedInto: true },
      orderBy: { id: "asc" },
    });
    const byTitle = (title: string) => ideas.find((i) => i.title === title)!;

    expect(new Set(ideas.map((i) => i.status))).toEqual(new Set(["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE", "REJECTED", "MERGED"]));
    expect(ideas.filter((i) => HEBREW.test(i.title)).length).toBe(14);
    expect(ideas.filter((i) => !HEBREW.test(i.title)).map((i) => i.title)).toEqual([
      "Offer a call back instead of hold music",
      "Put the end date and exclusions in every promotion email",
      "Accept PayPal for customers abroad",
      "Show the expected wait time in the chat widget",
    ]);

    // The most popular open idea, backed by nine colleagues.
    const feeInCart = byTitle("להציג דמי משלוח כבר בעגלה");
    expect(feeInCart).toMatchObject({ status: "SUBMITTED", proposerId: ids.rivka });
    expect(feeInCart.votes).toHaveLength(9);

    // A manager's question, still waiting for its answer.
    const pickup = byTitle("איסוף עצמי מהסניף להזמנות מהאתר");
    expect(pickup.status).toBe("SUBMITTED");
    expect(pickup.comments.map((c) => [c.author.email, c.text])).toEqual([
      ["avi@acme.example", "רעיון טוב. באילו סניפים זה יעבוד, וכמה מקום צריך במחסן לשבוע של הזמנות?"],
    ]);
    // And one answered.
    expect(byTitle("Show the expected wait time in the chat widget").comments.map((c) => c.author.email)).toEqual(["michal@acme.example", "omer@acme.example"]);

    const popup = byTitle("חלון קופץ עם קוד הנחה בכל כניסה לאתר");
    expect(popup.status).toBe("REJECTED");
    expect(popup.rejectionReason).toMatch(/^ניסינו ברבעון שעבר/);

    const merged = byTitle("Offer a call back instead of hold music");
    expect(merged.status).toBe("MERGED");
    expect(merged.mergedInto?.title).toBe("שיחה חוזרת במקום המתנה על הקו");
    // Its proposer now backs the idea it joined.
    expect((await db.prisma.ideaVote.count({ where: { ideaId: merged.mergedIntoId!, employeeId: ids.daniel } })) > 0).toBe(true);

    const done = byTitle("חשבונית במייל מיד אחרי כל חיוב");
    expect(done.events.map((e) => e.toStatus)).toEqual(["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE"]);
    expect(done.events.at(-1)?.note).toBe("עלה לאוויר בתחילת החודש. השיחות על עותקי חשבונית ירדו בחצי.");
    expect(done.ownerId).toBe(ids.moshe);

    // Everything happened in the twelve weeks, in order.
    for (const idea of ideas) {
      expect(idea.createdAt >= FROM && idea.createdAt < NOW).toBe(true);
      const times = idea.events.map((e) => e.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBe(idea.createdAt.getTime());
      for (const vote of idea.votes) expect(vote.createdAt >= idea.createdAt && vote.createdAt < NOW).toBe(true);
    }
    expect(byTitle("עשר דקות הפסקה אחרי שיחה קשה").anonymous).toBe(true);
  });

  it("has published stories with reactions, one waiting for a curator, and a story of each week", async () => {
    const stories = await db.prisma.serviceStory.findMany({ include: { reactions: true, author: true }, orderBy: { id: "asc" } });
    const waiting = stories.filter((s) => s.status === "AWAITING_CURATOR");
    expect(waiting.map((s) => s.author.email)).toEqual(["ahmad@acme.example"]);
    expect(stories.filter((s) => s.status === "DECLINED").map((s) => s.text)).toEqual(["יום הולדת שמח לאבי! העוגה הייתה מעולה ותודה על ארוחת הבוקר."]);
    for (const story of stories.filter((s) => s.status === "PUBLISHED")) {
      expect(story.reactions.length).toBeGreaterThan(0);
      expect(story.publishedAt! > story.createdAt && story.publishedAt! < NOW).toBe(true);
      for (const reaction of story.reactions) expect(reaction.createdAt >= story.publishedAt! && reaction.createdAt < NOW).toBe(true);
    }
    expect(stories.filter((s) => s.status === "PUBLISHED" && !HEBREW.test(s.text)).length).toBe(3);

    const week = await storyOfTheWeek(db.prisma, "2026-W48");
    expect(week).toMatchObject({ authorName: "שירה אזולאי", people: 7, colleagues: [{ name: "רבקה מזרחי" }, { name: "עומר דהן" }] });
  });

  it("has a few hundred complaints in both languages across every department, with hashed customers and repeats", async () => {
    const complaints = await db.prisma.complaint.findMany({ include: { department: true } });
    expect(complaints.length).toBe(317);
    for (const key of ["billing", "marketing", "support", "stores"]) {
      const own = complaints.filter((c) => c.department?.key === key);
      expect(own.some((c) => HEBREW.test(c.text))).toBe(true);
      expect(own.some((c) => !HEBREW.test(c.text))).toBe(true);
    }
    expect(complaints.every((c) => c.receivedAt >= FROM && c.receivedAt < NOW && c.createdAt > c.receivedAt)).toBe(true);
    // Customers appear only as keyed hashes; their references are nowhere in the text.
    const hashed = complaints.filter((c) => c.customerHash !== null);
    expect(hashed.length).toBe(287);
    expect(hashed.every((c) => /^[0-9a-f]{64}$/.test(c.customerHash!))).toBe(true);
    expect(complaints.some((c) => /\bC-\d/.test(c.text))).toBe(false);
    // A repeat is the same customer coming back about the same thing.
    const byId = new Map(complaints.map((c) => [c.id, c]));
    const repeats = complaints.filter((c) => c.repeatOfId !== null);
    expect(repeats.length).toBe(25);
    for (const repeat of repeats) {
      const first = byId.get(repeat.repeatOfId!)!;
      expect(repeat.customerHash).toBe(first.customerHash);
      expect(repeat.category).toBe(first.category);
      expect(repeat.receivedAt > first.receivedAt).toBe(true);
    }
    // Attributed by the sender, by the rules, and by a manager; three still wait for one.
    expect(new Set(complaints.map((c) => c.attributedBy))).toEqual(new Set(["SENDER", "RULE", "MANAGER", "NONE"]));
    expect(complaints.filter((c) => c.departmentId === null).length).toBe(3);
  });

  it("has every outcome: returns, credits in several currencies, legal and churn threats, retained customers", async () => {
    const count = (where: object) => db.prisma.complaint.count({ where });
    expect(await count({ returned: true })).toBe(29);
    expect(await count({ legalThreat: true })).toBe(9);
    expect(await count({ churnThreat: true })).toBe(31);
    expect(await count({ retained: true, churnThreat: true })).toBe(16);
    expect(await count({ reopened: true })).toBe(6);
    const credited = await db.prisma.complaint.groupBy({ by: ["creditCurrency"], where: { creditAmount: { not: null } }, _count: { _all: true } });
    expect(Object.fromEntries(credited.map((c) => [c.creditCurrency, c._count._all]))).toEqual({ ILS: 42, EUR: 6, USD: 3, GBP: 1 });
    // A threat is in the customer's own words.
    const legal = await db.prisma.complaint.findMany({ where: { legalThreat: true }, select: { text: true } });
    expect(legal.every((c) => /תביעה|עורך הדין|small claims|lawyer/.test(c.text))).toBe(true);
  });

  it("shows a spike in billing's latest digest week, and in no other department", async () => {
    const departments = await scheduledDepartments(deps);
    const spikes: Record<string, { count: number; spike: boolean }> = {};
    for (const department of departments) {
      const [figures] = await departmentFigures(db.prisma, [department], digestPeriod(dueAt(department, NOW), department.timezone));
      spikes[department.key] = { count: figures!.count, spike: figures!.spike };
    }
    expect(spikes).toEqual({
      billing: { count: 36, spike: true },
      marketing: { count: 4, spike: false },
      support: { count: 10, spike: false },
      stores: { count: 7, spike: false },
    });
    const preview = await previewDigest(deps, "billing", { now: NOW });
    if (!preview.ok) throw new Error("no preview");
    expect(preview.isoWeek).toBe("2026-W48");
    const text = words(preview.message);
    expect(text).toContain(t("he", "digest.spike"));
    expect(text).toContain("חיוב כפול");
    // The open idea about the same problem is shown beside it.
    expect(text).toContain("להציג דמי משלוח כבר בעגלה");
  });

  it("posted every weekly digest and story of the week on time, as the running bot would have", async () => {
    const runs = await db.prisma.jobRun.groupBy({ by: ["job", "status", "late"], _count: { _all: true }, orderBy: { job: "asc" } });
    expect(runs.filter((r) => r.status === "DONE").map((r) => [r.job, r.late, r._count._all])).toEqual([
      ["digest.company", false, 12],
      ["digest.department:billing", false, 12],
      ["digest.department:marketing", false, 13],
      ["digest.department:stores", false, 12],
      ["digest.department:support", false, 12],
      ["stories.story-of-week", false, 12],
    ]);
    expect(await db.prisma.outboxMessage.count({ where: { dedupeKey: "WEB:digest:billing:2026-W48" } })).toBe(1);
  });

  it("has a published rotation with history, and one swap offer waiting for its answer", async () => {
    const published = await db.prisma.shift.findMany({ where: { status: "PUBLISHED" }, select: { startsAt: true } });
    expect(published.filter((s) => s.startsAt < NOW).length).toBe(129);
    expect(published.filter((s) => s.startsAt > NOW).length).toBe(19);

    const waiting = await db.prisma.swapRequest.findMany({ where: { status: "OFFERED" }, include: { shift: true, from: true, to: true } });
    expect(waiting).toHaveLength(1);
    const [swap] = waiting;
    expect(swap!.shift).toMatchObject({ status: "PUBLISHED", employeeId: swap!.fromEmployeeId });
    expect(swap!.shift.startsAt > NOW).toBe(true);
    expect([swap!.from.email, swap!.to?.email]).toEqual(["rivka@acme.example", "moshe@acme.example"]);
    // The colleague asked has the offer, with its buttons, in their messages.
    expect(await db.prisma.outboxMessage.count({ where: { dedupeKey: `WEB:swap:${swap!.id}:offer`, target: `employee:${swap!.toEmployeeId}` } })).toBe(1);

    const absence = await db.prisma.absence.findFirstOrThrow({ include: { employee: true } });
    expect(absence.employee.email).toBe("shira@acme.example");
    expect(await db.prisma.shift.count({ where: { employeeId: absence.employeeId, status: "PUBLISHED", startsAt: { gte: absence.startsOn, lt: new Date(absence.endsOn.getTime() + 86_400_000) } } })).toBe(0);
  });
});
