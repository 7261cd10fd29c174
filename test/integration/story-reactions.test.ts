import { readFileSync } from "node:fs";
import { plainWords, type Message } from "../../src/chat/message";
import { organisationChecksum, parseOrganisation, type Organisation } from "../../src/config/organisation";
import { importOrganisation } from "../../src/services/organisation-import";
import { rankStories, recordStoryReaction, type ReactionChange } from "../../src/services/stories/story-reactions";
import { quarterOf, storyTop, storyTopMessage } from "../../src/services/stories/story-top";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { testServiceDeps } from "../helpers/service-deps";

const raw = readFileSync("examples/org.yml", "utf8");
const parsed = parseOrganisation(raw, "org.yml");
const organisation: Organisation = { ...parsed, company: { ...parsed.company, locale: "en" } };

function words(message: Message): string {
  return message.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join("\n");
}

describe.each(databaseKinds)("story reactions on %s", (kind) => {
  let db: TestDatabase;
  let ids: Record<string, number>;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    await importOrganisation(db.prisma, organisation, { name: "org.yml", checksum: organisationChecksum(raw) });
    const employees = await db.prisma.employee.findMany({ select: { id: true, email: true } });
    ids = Object.fromEntries(employees.map((e) => [e.email.split("@")[0]!, e.id]));
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.storyReaction.deleteMany();
    await db.prisma.storyPost.deleteMany();
    await db.prisma.storyColleague.deleteMany();
    await db.prisma.serviceStory.deleteMany();
    await db.prisma.processedRequest.deleteMany();
  });

  const deps = () => testServiceDeps(db.prisma, organisation);

  let ts = 0;
  /** A published story (as part 1 leaves it), posted in the stories channel and one department's. */
  async function story(fields: { author: string; text: string; publishedAt: Date; colleagues?: string[]; status?: "PUBLISHED" | "AWAITING_CURATOR" }) {
    const posts = ["C0STORIES", "C0BILLING"].map((channel) => ({ platform: "SLACK" as const, channel, messageId: `1790000000.${String(++ts).padStart(6, "0")}` }));
    const created = await db.prisma.serviceStory.create({
      data: {
        authorId: ids[fields.author]!,
        text: fields.text,
        status: fields.status ?? "PUBLISHED",
        publishedAt: fields.publishedAt,
        colleagues: { create: (fields.colleagues ?? []).map((c) => ({ employeeId: ids[c]! })) },
        posts: { create: posts },
      },
    });
    return { id: created.id, posts };
  }

  const react = (post: { channel: string; messageId: string }, userId: string, emoji: string, change: ReactionChange["change"] = "added", extra: Partial<ReactionChange> = {}) =>
    recordStoryReaction(deps(), { change, platform: "SLACK", channel: post.channel, messageId: post.messageId, userId, emoji, botUserId: "U0BOT", ...extra });

  const rows = (storyId: number) =>
    db.prisma.storyReaction.findMany({ where: { storyId }, select: { employeeId: true, emoji: true }, orderBy: [{ employeeId: "asc" }, { emoji: "asc" }] });

  it("counts one person's emoji once across the story's posts, and uncounts it when removed", async () => {
    const s = await story({ author: "dana", text: "Moshe drove the forgotten order to the customer's home", publishedAt: new Date("2026-11-17T10:00:00Z"), colleagues: ["moshe"] });
    const [channel, department] = s.posts as [(typeof s.posts)[0], (typeof s.posts)[0]];

    expect(await react(channel, "U0YOSSI", "clap")).toEqual({ kind: "counted", storyId: s.id, inserted: true });
    expect(await react(department, "U0YOSSI", "clap")).toEqual({ kind: "counted", storyId: s.id, inserted: false });
    await react(channel, "U0YOSSI", "heart");
    await react(channel, "U0NOA", "+1::skin-tone-3");
    await react(department, "U0NOA", "+1"); // the same thumbs up, another skin tone
    expect(await rows(s.id)).toEqual([
      { employeeId: ids.yossi, emoji: "clap" },
      { employeeId: ids.yossi, emoji: "heart" },
      { employeeId: ids.noa, emoji: "+1" },
    ].sort((a, b) => a.employeeId! - b.employeeId! || a.emoji.localeCompare(b.emoji)));

    expect(await react(department, "U0YOSSI", "clap", "removed")).toEqual({ kind: "uncounted", storyId: s.id, deleted: true });
    expect(await react(department, "U0YOSSI", "clap", "removed")).toEqual({ kind: "uncounted", storyId: s.id, deleted: false });
    expect((await rows(s.id)).map((r) => r.emoji).sort()).toEqual(["+1", "heart"]);
  });

  it("ignores strangers, the bot, other messages, unpublished stories and malformed input", async () => {
    const s = await story({ author: "dana", text: "A story", publishedAt: new Date("2026-11-17T10:00:00Z") });
    const draft = await story({ author: "dana", text: "Waiting for a curator", publishedAt: new Date("2026-11-17T10:00:00Z"), status: "AWAITING_CURATOR" });
    const post = s.posts[0]!;
    expect(await react(post, "U0STRANGER", "clap")).toEqual({ kind: "ignored", reason: "stranger" });
    expect(await react(post, "U0BOT", "clap")).toEqual({ kind: "ignored", reason: "bot" });
    expect(await react({ channel: "C0STORIES", messageId: "1790000000.999999" }, "U0YOSSI", "clap")).toEqual({ kind: "ignored", reason: "not-a-story" });
    expect(await react({ channel: "C0ELSEWHERE", messageId: post.messageId }, "U0YOSSI", "clap")).toEqual({ kind: "ignored", reason: "not-a-story" });
    expect(await react(draft.posts[0]!, "U0YOSSI", "clap")).toEqual({ kind: "ignored", reason: "not-a-story" });
    expect(await react(post, "U0YOSSI", "")).toEqual({ kind: "ignored", reason: "invalid" });
    // Someone who left the organisation no longer counts.
    await db.prisma.employee.update({ where: { id: ids.omer }, data: { active: false } });
    try {
      expect(await react(post, "U0OMER", "clap")).toEqual({ kind: "ignored", reason: "stranger" });
    } finally {
      await db.prisma.employee.update({ where: { id: ids.omer }, data: { active: true } });
    }
    expect(await db.prisma.storyReaction.count()).toBe(0);
  });

  it("does a retried event once: a retry arriving after the removal does not bring the reaction back", async () => {
    const s = await story({ author: "dana", text: "A story", publishedAt: new Date("2026-11-17T10:00:00Z") });
    const post = s.posts[0]!;
    expect(await react(post, "U0YOSSI", "clap", "added", { requestKey: "slack:event:Ev1" })).toMatchObject({ kind: "counted" });
    expect(await react(post, "U0YOSSI", "clap", "removed", { requestKey: "slack:event:Ev2" })).toMatchObject({ kind: "uncounted", deleted: true });
    expect(await react(post, "U0YOSSI", "clap", "added", { requestKey: "slack:event:Ev1" })).toEqual({ kind: "duplicate" });
    expect(await db.prisma.storyReaction.count()).toBe(0);
    // Concurrent deliveries of the same reaction on both posts: one row.
    await Promise.all([react(s.posts[0]!, "U0NOA", "tada"), react(s.posts[1]!, "U0NOA", "tada"), react(s.posts[0]!, "U0NOA", "tada")]);
    expect(await rows(s.id)).toEqual([{ employeeId: ids.noa, emoji: "tada" }]);
  });

  it("ranks by distinct people, then by reactions in all, then by who was published first", async () => {
    const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10));
    const many = await story({ author: "dana", text: "Many emojis, one person", publishedAt: at(16) });
    const two = await story({ author: "moshe", text: "Two people, two reactions", publishedAt: at(18) });
    const twoEarlier = await story({ author: "yossi", text: "Two people, two reactions, published first", publishedAt: at(17) });
    const twoMore = await story({ author: "noa", text: "Two people, three reactions", publishedAt: at(19) });
    const none = await story({ author: "michal", text: "Nobody reacted", publishedAt: at(15) });
    for (const emoji of ["clap", "heart", "tada", "star"]) await react(many.posts[0]!, "U0YOSSI", emoji);
    await react(two.posts[0]!, "U0YOSSI", "clap");
    await react(two.posts[1]!, "U0NOA", "clap");
    await react(twoEarlier.posts[0]!, "U0DANA", "clap");
    await react(twoEarlier.posts[0]!, "U0NOA", "heart");
    await react(twoMore.posts[0]!, "U0DANA", "clap");
    await react(twoMore.posts[0]!, "U0DANA", "heart");
    await react(twoMore.posts[1]!, "U0MOSHE", "clap");

    const ranked = await rankStories(db.prisma, { from: at(1), to: at(30) });
    expect(ranked.map((r) => [r.storyId, r.people, r.reactions])).toEqual([
      [twoMore.id, 2, 3],
      [twoEarlier.id, 2, 2],
      [two.id, 2, 2],
      [many.id, 1, 4],
      [none.id, 0, 0],
    ]);
  });

  it("answers /story top with the quarter's five most appreciated stories and who appears in them most", async () => {
    // Company zone Asia/Jerusalem: Q4 2026 starts 1 October 00:00 local (30 September 21:00 UTC).
    const now = new Date("2026-11-20T12:00:00Z");
    expect(quarterOf(now, "Asia/Jerusalem")).toMatchObject({ quarter: 4, year: 2026, from: new Date("2026-09-30T21:00:00Z"), to: new Date("2026-12-31T22:00:00Z") });
    const reactors = ["U0DANA", "U0MOSHE", "U0YOSSI", "U0NOA", "U0DANIEL", "U0MICHAL", "U0OMER"];
    const stories = [];
    for (let i = 0; i < 7; i++) {
      const s = await story({
        author: i % 2 === 0 ? "dana" : "yossi",
        text: `Story ${i}: <!channel> *bold* ${"long ".repeat(i === 0 ? 80 : 1)}`,
        publishedAt: new Date(Date.UTC(2026, 9, 2 + i, 10)),
        colleagues: i < 3 ? ["moshe", "noa"] : i < 5 ? ["shira"] : [],
      });
      stories.push(s);
      // Story i gets 7 - i people.
      for (const user of reactors.slice(0, 7 - i)) await react(s.posts[0]!, user, "clap");
    }
    // Published in the previous quarter (local time 30 Sep 23:00): not in this one, however loved.
    const old = await story({ author: "noa", text: "Last quarter", publishedAt: new Date("2026-09-30T20:00:00Z"), colleagues: ["omer"] });
    for (const user of reactors) await react(old.posts[0]!, user, "heart");

    const top = await storyTop(deps(), now);
    expect(top.stories.map((s) => s.id)).toEqual(stories.slice(0, 5).map((s) => s.id));
    expect(top.stories.map((s) => s.people)).toEqual([7, 6, 5, 4, 3]);
    // Moshe and Noa: 7 + 6 + 5 people over three stories; Shira: 4 + 3 over two.
    const name = async (key: string) => (await db.prisma.employee.findUniqueOrThrow({ where: { id: ids[key]! } })).name;
    const [moshe, noa, shira] = [await name("moshe"), await name("noa"), await name("shira")];
    expect(top.colleagues).toEqual([
      ...[moshe, noa].sort((a, b) => a.localeCompare(b)).map((n) => ({ name: n, stories: 3, people: 18 })),
      { name: shira, stories: 2, people: 7 },
    ]);

    const message = await storyTopMessage(deps(), "en", now);
    const text = words(message);
    expect(text).toContain("Most appreciated stories · Q4 2026");
    expect(text).toContain("People who reacted: 7 · Reactions: 7");
    expect(text).not.toContain("Last quarter");
    expect(text).toContain("Ranked by the people who reacted");
    // Shortened, and people by name only: nobody is mentioned (notified) by the list.
    expect(text).toContain("…");
    expect(JSON.stringify(message)).not.toContain('"mention"');
    // User text as typed, never pre-escaped: the renderers escape it.
    expect(text).toContain("<!channel> *bold*");

    const hebrew = await storyTopMessage(deps(), "he", now);
    expect(hebrew.direction).toBe("rtl");
    expect(words(hebrew)).toContain("הסיפורים האהובים ביותר");
    expect(words(hebrew)).toContain("אנשים שהגיבו");
  });

  it("says so when the quarter has no stories", async () => {
    const message = await storyTopMessage(deps(), "en", new Date("2027-02-01T12:00:00Z"));
    expect(words(message)).toContain("No stories have been published this quarter yet.");
  });
});
