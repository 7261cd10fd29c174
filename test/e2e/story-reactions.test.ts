import { readFileSync } from "node:fs";
import { plainWords } from "../../src/chat/message";
import { renderBlockKit } from "../../src/chat/slack/block-kit";
import { parseOrganisation } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import type { ServiceDeps } from "../../src/services/deps";
import { nextStoryOfWeekMoment, StoryOfTheWeek, storyOfTheWeek } from "../../src/services/stories/story-of-week";
import { storyTopMessage } from "../../src/services/stories/story-top";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { postSlackEvent, slackSignature } from "../helpers/slack";
import { eventually } from "../helpers/wait";

const organisation = parseOrganisation(readFileSync("examples/org.yml", "utf8"), "org.yml");
const DAY = 24 * 60 * 60_000;

function reaction(type: "reaction_added" | "reaction_removed", user: string, item: { channel: string; ts: string }, emoji = "clap") {
  return { type, user, reaction: emoji, item_user: "U0DANA", item: { type: "message", ...item }, event_ts: `${Math.floor(Date.now() / 1000)}.000100` };
}

describe.each(databaseKinds)("story reactions in Slack on %s", (kind) => {
  let bot: RunningBot;
  const prisma = () => bot.app.db.prisma;
  const deps = (): ServiceDeps => ({
    prisma: prisma(),
    logger: createLogger("silent"),
    organisation: () => organisation,
    platforms: ["SLACK"],
    outboxKick: () => undefined,
    shiftsChanged: () => undefined,
  });
  let storyId: number;
  const channelPost = { channel: "C0STORIES", ts: "1790000000.000100" };
  const departmentPost = { channel: "C0BILLING", ts: "1790000000.000200" };
  /** The week's story is chosen at the first moment at least a week away; the story was published the day before it. */
  let moment: ReturnType<typeof nextStoryOfWeekMoment>;

  beforeAll(async () => {
    bot = await startBot(kind);
    moment = nextStoryOfWeekMoment(deps(), new Date(Date.now() + 7 * DAY));
    const byEmail = async (email: string) => prisma().employee.findUniqueOrThrow({ where: { email } });
    const [dana, moshe] = [await byEmail("dana@acme.example"), await byEmail("moshe@acme.example")];
    // As part 1 leaves a published story: its colleagues, and each posted message with its ts.
    const story = await prisma().serviceStory.create({
      data: {
        authorId: dana.id,
        text: "משה נסע ללקוחה בערב שישי עם ההזמנה שנשכחה <!channel>",
        status: "PUBLISHED",
        publishedAt: new Date(moment.at.getTime() - DAY),
        colleagues: { create: [{ employeeId: moshe.id }] },
        posts: { create: [channelPost, departmentPost].map((p) => ({ platform: "SLACK" as const, channel: p.channel, messageId: p.ts })) },
      },
    });
    storyId = story.id;
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const counted = () =>
    prisma()
      .storyReaction.findMany({ where: { storyId }, include: { employee: { select: { slackUserId: true } } } })
      .then((rows) => rows.map((r) => `${r.employee.slackUserId}:${r.emoji}`).sort());

  /** Posts an event and checks Slack got its 200 at once, whatever the work behind it. */
  async function send(event: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await postSlackEvent(bot.base, event, headers);
    expect(res.status).toBe(200);
  }

  it("counts signed reaction_added events on a story's posts, once per person and emoji, and uncounts reaction_removed", async () => {
    await send(reaction("reaction_added", "U0YOSSI", channelPost));
    await send(reaction("reaction_added", "U0YOSSI", departmentPost)); // the same clap on the other post
    await send(reaction("reaction_added", "U0NOA", departmentPost, "heart"));
    await send(reaction("reaction_added", "U0NOA", channelPost, "+1::skin-tone-2"));
    await eventually(async () => (await counted()).length === 3 && (await counted()));
    expect(await counted()).toEqual(["U0NOA:+1", "U0NOA:heart", "U0YOSSI:clap"]);

    await send(reaction("reaction_removed", "U0NOA", departmentPost, "heart"));
    await eventually(async () => (await counted()).length === 2);
    expect(await counted()).toEqual(["U0NOA:+1", "U0YOSSI:clap"]);
  });

  it("ignores strangers, the bot itself, other messages, files and malformed payloads", async () => {
    await send(reaction("reaction_added", "U0STRANGER", channelPost));
    await send(reaction("reaction_added", "U0BOT", channelPost));
    await send(reaction("reaction_added", "U0DANIEL", { channel: "C0STORIES", ts: "1790000000.999999" }));
    await send({ type: "reaction_added", user: "U0DANIEL", reaction: "clap", item: { type: "file", file: "F0FILE" } });
    await send({ type: "reaction_added", user: "U0DANIEL", item: { type: "message", channel: "C0STORIES", ts: "not-a-ts" } });
    // A real one after them, to know they were all handled.
    await send(reaction("reaction_added", "U0MICHAL", channelPost, "tada"));
    await eventually(async () => (await counted()).includes("U0MICHAL:tada"));
    expect(await counted()).toEqual(["U0MICHAL:tada", "U0NOA:+1", "U0YOSSI:clap"]);
  });

  it("drops Slack's retry of an event it handled, even after the reaction was removed", async () => {
    const body = JSON.stringify({
      token: "unused",
      team_id: "T0TEST",
      api_app_id: "A0TEST",
      type: "event_callback",
      event_id: "Ev0RETRY",
      event_time: Math.floor(Date.now() / 1000),
      event: reaction("reaction_added", "U0OMER", channelPost, "star"),
    });
    const post = (headers: Record<string, string> = {}) =>
      fetch(`${bot.base}/slack/events`, { method: "POST", headers: { "Content-Type": "application/json", ...slackSignature(body), ...headers }, body });
    expect((await post()).status).toBe(200);
    await eventually(async () => (await counted()).includes("U0OMER:star"));
    await send(reaction("reaction_removed", "U0OMER", channelPost, "star"));
    await eventually(async () => !(await counted()).includes("U0OMER:star"));
    const retry = await post({ "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" });
    expect(retry.status).toBe(200);
    // A marker event after the retry: once it is counted, the retry has been dealt with.
    await send(reaction("reaction_added", "U0SHIRA", channelPost));
    await eventually(async () => (await counted()).includes("U0SHIRA:clap"));
    expect(await counted()).not.toContain("U0OMER:star");
  });

  it("shows the counts in /story top and makes the story the week's, posted to the stories channel", async () => {
    // 4 people: Michal, Noa, Shira, Yossi; one reaction each.
    const top = await storyTopMessage(deps(), "he", new Date(moment.at.getTime() - DAY));
    const text = top.blocks.map((b) => ("text" in b ? plainWords(b.text) : "")).join("\n");
    expect(text).toContain("אנשים שהגיבו: 4 · תגובות: 4");
    expect(text).toContain("משה נסע ללקוחה");
    const rendered = JSON.stringify(renderBlockKit(top));
    expect(rendered).toContain("&lt;!channel&gt;");
    expect(rendered).not.toContain("<!channel>");
    expect(rendered).not.toContain("<@U0MOSHE>"); // people by name: the list notifies nobody

    const result = await new StoryOfTheWeek(deps(), "e2e").run(moment.at);
    expect(result).toEqual({ kind: "posted", storyId, isoWeek: moment.isoWeek, late: false });
    expect(await storyOfTheWeek(prisma(), moment.isoWeek)).toMatchObject({ id: storyId, reactions: 4, people: 4 });
    // The bot's outbox delivers the highlight and the direct messages.
    const highlight = await eventually(() => bot.slackApi.callsOf("chat.postMessage").find((c) => c.body.channel === "C0STORIES"));
    const posted = JSON.stringify(highlight.body);
    expect(posted).toContain("סיפור השבוע");
    expect(posted).toContain("&lt;!channel&gt;");
    expect(posted).toContain("<@U0MOSHE>");
    await eventually(() => ["U0DANA", "U0MOSHE"].every((u) => bot.slackApi.callsOf("chat.postMessage").some((c) => c.body.channel === u)));
  });
});
