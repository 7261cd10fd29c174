/**
 * Reactions in Teams on a story's post count as appreciation, as Slack reactions do: real
 * `messageReaction` activities posted to /api/messages of the running bot.
 */
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { BOT, postActivity, startConnector, UNAUTHENTICATED_TEAMS_ENV, type Connector } from "../helpers/teams";

const STORIES = "19:stories0000000000000000@thread.tacv2";
const POST_ID = "1700000000001";
// Teams users of test/fixtures/org-teams.yml (their teams_id is the Entra object id).
const DANA = { id: "29:dana", aadObjectId: "0000da1a-0000-4000-8000-000000000001", name: "Dana Levi" };
const SHIRA = { id: "29:shira", aadObjectId: "00051a00-0000-4000-8000-000000000003", name: "Shira Azulay" };
const STRANGER = { id: "29:nobody", aadObjectId: "0000beef-0000-4000-8000-00000000dead", name: "Nobody" };

describe.each(databaseKinds)("Teams reactions on stories on %s", (kind) => {
  let bot: RunningBot;
  let connector: Connector;
  let storyId: number;
  let serial = 0;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot(kind, "test/fixtures/org-teams.yml", UNAUTHENTICATED_TEAMS_ENV);
    const author = await prisma().employee.findFirstOrThrow({ where: { email: "moshe@acme.example" } });
    const story = await prisma().serviceStory.create({
      data: { authorId: author.id, text: "Moshe stayed late to fix a customer's order", status: "PUBLISHED", publishedAt: new Date() },
    });
    storyId = story.id;
    // As the outbox records a post in a channel: the bare channel id and the new message's id.
    await prisma().storyPost.create({ data: { storyId, platform: "TEAMS", channel: STORIES, messageId: POST_ID } });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  /** A reaction in the channel thread the story's post started. */
  function reaction(from: object, change: "reactionsAdded" | "reactionsRemoved", type: string, replyToId = POST_ID) {
    serial += 1;
    return postActivity(bot.base, {
      type: "messageReaction",
      id: `react-${kind}-${serial}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: "msteams",
      from,
      recipient: BOT,
      conversation: { id: `${STORIES};messageid=${POST_ID}`, conversationType: "channel", tenantId: "tenant-1" },
      channelData: { tenant: { id: "tenant-1" }, channel: { id: STORIES } },
      replyToId,
      [change]: [{ type }],
    });
  }
  const reactions = () => prisma().storyReaction.findMany({ where: { storyId }, include: { employee: true }, orderBy: { emoji: "asc" } });

  it("counts a colleague's reactions once per emoji and takes them back when removed", async () => {
    expect((await reaction(DANA, "reactionsAdded", "like")).status).toBe(200);
    expect((await reaction(DANA, "reactionsAdded", "heart")).status).toBe(200);
    expect((await reaction(SHIRA, "reactionsAdded", "like")).status).toBe(200);
    expect((await reactions()).map((r) => [r.employee.email, r.emoji])).toEqual([
      ["dana@acme.example", "heart"],
      ["dana@acme.example", "like"],
      ["shira@acme.example", "like"],
    ]);
    expect((await reaction(DANA, "reactionsRemoved", "heart")).status).toBe(200);
    expect((await reactions()).map((r) => [r.employee.email, r.emoji])).toEqual([
      ["dana@acme.example", "like"],
      ["shira@acme.example", "like"],
    ]);
  });

  it("ignores someone outside the organisation and reactions on other messages", async () => {
    const before = (await reactions()).length;
    expect((await reaction(STRANGER, "reactionsAdded", "laugh")).status).toBe(200);
    expect((await reaction(SHIRA, "reactionsAdded", "surprised", "1700000000999")).status).toBe(200);
    expect(await reactions()).toHaveLength(before);
  });
});
