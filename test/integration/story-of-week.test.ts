import { readFileSync } from "node:fs";
import { plainWords, type Message } from "../../src/chat/message";
import { organisationChecksum, parseOrganisation, type Organisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { importOrganisation } from "../../src/services/organisation-import";
import {
  latestStoryOfWeekMoment,
  nextStoryOfWeekMoment,
  STORY_OF_WEEK_JOB,
  StoryOfTheWeek,
  storyOfTheWeek,
} from "../../src/services/stories/story-of-week";
import { Timers } from "../../src/services/timers";
import type { Database } from "../../src/store/database";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { replicaPrisma, testServiceDeps } from "../helpers/service-deps";

const HOUR = 60 * 60_000;
const raw = readFileSync("examples/org.yml", "utf8");
const parsed = parseOrganisation(raw, "org.yml");
/** English posts make the assertions readable; people keep their own locales for direct messages. */
const organisation: Organisation = { ...parsed, company: { ...parsed.company, locale: "en" } };

/**
 * The organisation's digests go out on Sundays at 09:00 in Jerusalem; the story of the week
 * is chosen an hour before: Sunday 22 November 2026, 08:00 local (06:00 UTC), ISO week 47.
 */
const MOMENT = new Date("2026-11-22T06:00:00Z");
const WEEK = "2026-W47";
/** A day of the week before: Sunday 15 November + `day`, at `hour` Jerusalem time. */
const IN_WEEK = (day: number, hour = 10) => new Date(Date.UTC(2026, 10, 15 + day, hour - 2));

function words(message: Message): string {
  return message.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join("\n");
}

describe.each(databaseKinds)("story of the week on %s", (kind) => {
  let db: TestDatabase;
  let ids: Record<string, number>;
  const extra: Database[] = [];
  const running: Timers[] = [];

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, organisation, { name: "org.yml", checksum: organisationChecksum(raw) });
    const employees = await db.prisma.employee.findMany({ select: { id: true, email: true } });
    ids = Object.fromEntries(employees.map((e) => [e.email.split("@")[0]!, e.id]));
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(extra.map((d) => d.close()));
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.outboxMessage.deleteMany();
    await db.prisma.jobRun.deleteMany();
    await db.prisma.storyReaction.deleteMany();
    await db.prisma.storyPost.deleteMany();
    await db.prisma.storyColleague.deleteMany();
    await db.prisma.serviceStory.deleteMany();
    // Installed long ago: every moment since is one to act on.
    await db.prisma.department.updateMany({ data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });

  const deps = (prisma = db.prisma) => testServiceDeps(prisma, organisation);
  const replica = async (id: string) => new StoryOfTheWeek(deps(await replicaPrisma(kind, db, extra)), id);

  let ts = 0;
  async function story(fields: { author: string; text: string; publishedAt: Date; colleagues?: string[]; department?: string }) {
    const department = fields.department ? await db.prisma.department.findFirstOrThrow({ where: { key: fields.department } }) : undefined;
    return db.prisma.serviceStory.create({
      data: {
        authorId: ids[fields.author]!,
        text: fields.text,
        status: "PUBLISHED",
        publishedAt: fields.publishedAt,
        departmentId: department?.id,
        colleagues: { create: (fields.colleagues ?? []).map((c) => ({ employeeId: ids[c]! })) },
        posts: { create: [{ platform: "SLACK", channel: "C0STORIES", messageId: `1790000000.${String(++ts).padStart(6, "0")}` }] },
      },
    });
  }

  async function reactions(storyId: number, people: string[], emojis = ["clap"], at = IN_WEEK(5)) {
    await db.prisma.storyReaction.createMany({ data: people.flatMap((p) => emojis.map((emoji) => ({ storyId, employeeId: ids[p]!, emoji, createdAt: at }))) });
  }

  async function posts() {
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "SLACK:story-of-week:" } }, orderBy: { id: "asc" } });
    return rows.map((row) => {
      const payload = row.payload as unknown as { to: { channel?: string; user?: string }; message: Message };
      return { key: row.dedupeKey, to: payload.to.channel ?? payload.to.user, text: words(payload.message), direction: payload.message.direction };
    });
  }

  /** The week's contest: Moshe's story is appreciated by the most people; others by fewer, or too early or late. */
  async function week() {
    const winner = await story({
      author: "dana",
      text: "A customer's order was lost; Moshe and Yossi drove it to her door on Friday evening. <!channel>",
      publishedAt: IN_WEEK(2),
      colleagues: ["moshe", "yossi"],
      department: "billing",
    });
    const runnerUp = await story({ author: "noa", text: "Many emojis from two people", publishedAt: IN_WEEK(3) });
    const lastWeek = await story({ author: "michal", text: "Published the week before", publishedAt: IN_WEEK(-1) });
    const afterMoment = await story({ author: "omer", text: "Published after the moment", publishedAt: new Date(MOMENT.getTime() + HOUR) });
    await reactions(winner.id, ["noa", "daniel", "michal"]);
    await reactions(runnerUp.id, ["dana", "moshe"], ["clap", "heart", "tada", "star"]);
    await reactions(lastWeek.id, ["dana", "moshe", "yossi", "noa", "daniel"]);
    await reactions(afterMoment.id, ["dana", "moshe", "yossi", "noa", "daniel"], ["clap"], new Date(MOMENT.getTime() + 2 * HOUR));
    return { winner, runnerUp, lastWeek, afterMoment };
  }

  it("is chosen an hour before the company digest, in the company's zone and ISO week", () => {
    expect(latestStoryOfWeekMoment(deps(), new Date("2026-11-24T12:00:00Z"))).toEqual({
      at: MOMENT,
      isoWeek: WEEK,
      from: new Date("2026-11-15T06:00:00Z"),
    });
    expect(latestStoryOfWeekMoment(deps(), MOMENT).at).toEqual(MOMENT);
    expect(latestStoryOfWeekMoment(deps(), new Date(MOMENT.getTime() - 1)).at).toEqual(new Date("2026-11-15T06:00:00Z"));
    expect(nextStoryOfWeekMoment(deps(), new Date(MOMENT.getTime() - 1))).toMatchObject({ at: MOMENT, isoWeek: WEEK });
    expect(nextStoryOfWeekMoment(deps(), MOMENT).at).toEqual(new Date("2026-11-29T06:00:00Z"));
    // A digest at midnight on Monday: the story is chosen at 23:00 on Sunday but names the digest's week.
    const midnight: Organisation = { ...organisation, digest: { weekday: 1, hour: 0 } };
    expect(latestStoryOfWeekMoment({ organisation: () => midnight }, new Date("2026-11-24T12:00:00Z"))).toMatchObject({
      at: new Date("2026-11-22T21:00:00Z"),
      isoWeek: "2026-W48",
    });
  });

  it("picks the week's most appreciated story once however many replicas wake for it, and tells the people in it", async () => {
    const { winner } = await week();
    const replicas = await Promise.all(["a", "b", "c"].map(replica));
    expect(await replicas[0]!.instantsBetween(new Date(MOMENT.getTime() - HOUR), new Date(MOMENT.getTime() + HOUR))).toEqual([MOMENT]);
    expect(await replicas[0]!.instantsBetween(new Date(MOMENT.getTime() - 3 * HOUR), new Date(MOMENT.getTime() - HOUR))).toEqual([]);

    const results = await Promise.all(replicas.map((r) => r.run(MOMENT)));
    expect(results.filter((r) => r.kind === "posted")).toEqual([{ kind: "posted", storyId: winner.id, isoWeek: WEEK, late: false }]);
    await replicas[1]!.runDue(new Date(MOMENT.getTime() + HOUR)); // a later wake changes nothing

    expect((await db.prisma.serviceStory.findUniqueOrThrow({ where: { id: winner.id } })).storyOfWeek).toBe(WEEK);
    expect(await db.prisma.serviceStory.count({ where: { storyOfWeek: { not: null } } })).toBe(1);
    const sent = await posts();
    expect(sent.map((p) => [p.key, p.to])).toEqual([
      [`SLACK:story-of-week:${WEEK}`, "C0STORIES"],
      [`SLACK:story-of-week:${WEEK}:person:${ids.dana}`, "U0DANA"],
      [`SLACK:story-of-week:${WEEK}:person:${ids.moshe}`, "U0MOSHE"],
      [`SLACK:story-of-week:${WEEK}:person:${ids.yossi}`, "U0YOSSI"],
    ]);
    const [highlight, author, colleague] = sent;
    expect(highlight!.text).toContain("Story of the week");
    // The story as typed: the renderer escapes it, so "<!channel>" notifies nobody.
    expect(highlight!.text).toContain("drove it to her door on Friday evening. <!channel>");
    expect(highlight!.text).toContain("People who reacted: 3 · Reactions: 3");
    expect(highlight!.text).not.toContain("Posted late");
    const raw = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: `SLACK:story-of-week:${WEEK}` } });
    expect(JSON.stringify(raw.payload)).toContain('"slack":"U0MOSHE"');
    // Dana reads Hebrew (her locale in the organisation file).
    expect(author!.direction).toBe("rtl");
    expect(author!.text).toContain("הסיפור שלך נבחר לסיפור השבוע");
    // Moshe has no language of his own: the company's (English in this test).
    expect(colleague!.text).toContain("The story of the week 🌟 is about you! It was told by");

    const runs = await db.prisma.jobRun.findMany({ where: { job: STORY_OF_WEEK_JOB } });
    expect(runs).toEqual([expect.objectContaining({ runKey: MOMENT.toISOString(), scheduledFor: MOMENT, status: "DONE", late: false })]);

    const summary = await storyOfTheWeek(db.prisma, WEEK);
    const billing = await db.prisma.department.findFirstOrThrow({ where: { key: "billing" } });
    const moshe = await db.prisma.employee.findUniqueOrThrow({ where: { id: ids.moshe! } });
    const dana = await db.prisma.employee.findUniqueOrThrow({ where: { id: ids.dana! } });
    expect(summary).toMatchObject({ id: winner.id, authorName: dana.name, departmentId: billing.id, reactions: 3, people: 3 });
    expect(summary!.colleagues).toContainEqual({ name: moshe.name, departmentId: moshe.departmentId });
    expect(summary!.colleagues).toHaveLength(2);
    expect(await storyOfTheWeek(db.prisma, "2026-W46")).toBeUndefined();
  });

  it("is woken by the timers at the moment, on a fake clock", async () => {
    const { winner } = await week();
    let now = new Date(MOMENT.getTime() - 2 * HOUR);
    const task = await replica("timers");
    const timers = new Timers({ tasks: [task], logger: createLogger("silent"), clock: () => now });
    running.push(timers);
    await timers.start();
    expect(await db.prisma.jobRun.count({ where: { job: STORY_OF_WEEK_JOB } })).toBe(1); // last week's, caught up
    expect(timers.nextWakeAt()).toEqual(new Date(MOMENT.getTime() - HOUR)); // the hourly re-read first
    now = new Date(MOMENT.getTime() - HOUR);
    await timers.fire(now);
    expect(timers.nextWakeAt()).toEqual(MOMENT);
    now = MOMENT;
    await timers.fire(now);
    expect((await db.prisma.serviceStory.findUniqueOrThrow({ where: { id: winner.id } })).storyOfWeek).toBe(WEEK);
  });

  it("catches up a week missed while the bot was down, marked late, judging the reactions made by the moment", async () => {
    const { winner, afterMoment } = await week();
    // Five people reacted to another story of the week, but only after the moment.
    const late = await story({ author: "shira", text: "Loved, but only after the moment", publishedAt: IN_WEEK(6) });
    await reactions(late.id, ["dana", "moshe", "yossi", "noa", "daniel"], ["clap"], new Date(MOMENT.getTime() + HOUR));

    const back = new Date("2026-11-23T09:00:00Z"); // Monday: a day late, after the digests too
    expect(await (await replica("late")).run(back)).toEqual({ kind: "posted", storyId: winner.id, isoWeek: WEEK, late: true });
    const sent = await posts();
    expect(sent[0]!.text).toContain("Posted late");
    expect(await db.prisma.jobRun.findMany({ where: { job: STORY_OF_WEEK_JOB } })).toEqual([
      expect.objectContaining({ runKey: MOMENT.toISOString(), status: "DONE", late: true }),
    ]);
    expect((await db.prisma.serviceStory.findUniqueOrThrow({ where: { id: afterMoment.id } })).storyOfWeek).toBeNull();

    // The next week: the winner is not chosen again, and the story published after the moment now competes.
    const next = new Date(MOMENT.getTime() + 7 * 24 * HOUR);
    expect(await (await replica("next")).run(next)).toEqual({ kind: "posted", storyId: afterMoment.id, isoWeek: "2026-W48", late: false });
  });

  it("posts nothing in a week without a story anyone reacted to, and records the run done", async () => {
    await story({ author: "dana", text: "Nobody reacted", publishedAt: IN_WEEK(1) });
    const old = await story({ author: "moshe", text: "Loved, but two weeks ago", publishedAt: IN_WEEK(-8) });
    await reactions(old.id, ["dana", "yossi"], ["clap"], IN_WEEK(-7));
    const replicas = await Promise.all(["a", "b"].map(replica));
    const results = await Promise.all(replicas.map((r) => r.run(MOMENT)));
    expect(results.map((r) => r.kind).sort()).toEqual(["none", "taken"]);
    expect(await posts()).toEqual([]);
    expect(await db.prisma.serviceStory.count({ where: { storyOfWeek: { not: null } } })).toBe(0);
    expect(await db.prisma.jobRun.findMany({ where: { job: STORY_OF_WEEK_JOB } })).toEqual([expect.objectContaining({ runKey: MOMENT.toISOString(), status: "DONE", late: false })]);
    expect(await storyOfTheWeek(db.prisma, WEEK)).toBeUndefined();
  });

  it("does not catch up a week from before the bot was installed", async () => {
    await db.prisma.department.updateMany({ data: { createdAt: new Date(MOMENT.getTime() + HOUR) } });
    expect(await (await replica("fresh")).run(new Date(MOMENT.getTime() + 2 * HOUR))).toEqual({ kind: "skipped", isoWeek: WEEK });
    expect(await db.prisma.jobRun.findMany({ where: { job: STORY_OF_WEEK_JOB } })).toEqual([expect.objectContaining({ status: "SKIPPED" })]);
    expect(await posts()).toEqual([]);
  });
});
