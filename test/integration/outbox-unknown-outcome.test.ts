import type { Message } from "../../src/chat/message";
import { slackDelivery } from "../../src/chat/slack/delivery";
import { createLogger } from "../../src/logger";
import { enqueue, type Recipient } from "../../src/services/outbox";
import { DeliveryError, OutboxWorker, type ChatDelivery } from "../../src/services/outbox-worker";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { startSlackApiStandIn } from "../helpers/slack";

/**
 * After a crash or a timeout the bot does not know whether Slack posted: it looks for the
 * post by the outbox number in its metadata before posting again, and a worker that lost
 * its claim can no longer change the row.
 */
const message = (text: string): Message => ({ summary: text, blocks: [{ type: "section", text }] });
const logger = createLogger("silent");

describe.each(databaseKinds)("outbox posts whose outcome is unknown, on %s", (kind) => {
  let db: TestDatabase | undefined;
  let slack: Awaited<ReturnType<typeof startSlackApiStandIn>> | undefined;

  beforeEach(async () => {
    db = await migratedDatabase(kind);
    slack = await startSlackApiStandIn();
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await slack?.close();
    await db?.close();
  });

  const worker = (delivery: ChatDelivery) => new OutboxWorker({ prisma: db!.prisma, deliveries: [delivery], liveViews: {}, logger });

  async function enqueueOne(key: string, to: Recipient, text: string): Promise<number> {
    await enqueue(db!.prisma, [{ platform: "SLACK", dedupeKey: key, payload: { kind: "post", to, message: message(text) } }]);
    return (await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: key } })).id;
  }

  /** As a replica leaves a row when it dies holding it: claimed once, its lease run out. */
  async function abandon(id: number): Promise<void> {
    await db!.prisma.outboxMessage.update({ where: { id }, data: { status: "SENDING", attempts: 1, nextAttemptAt: new Date(0) } });
  }

  it("tags every post with its outbox number in Slack's message metadata", async () => {
    const delivery = slackDelivery({ botToken: "xoxb-test", apiUrl: slack!.url }, logger);
    const id = await enqueueOne("tagged", { channel: "C0BILLING" }, "Weekly digest");
    await worker(delivery).deliverDue();
    const [post] = slack!.callsOf("chat.postMessage");
    expect(post!.body).toMatchObject({ channel: "C0BILLING", metadata: { event_type: "service_culture_outbox_post", event_payload: { outbox_id: String(id) } } });
    expect(slack!.callsOf("conversations.history")).toEqual([]);
  });

  it("finds the post a crashed replica made and marks it sent without posting again", async () => {
    const delivery = slackDelivery({ botToken: "xoxb-test", apiUrl: slack!.url }, logger);
    const id = await enqueueOne("crashed", { channel: "C0BILLING" }, "Review: shorter forms");
    // The dead replica's post reached Slack; its answer never reached the database.
    const made = await delivery.post({ channel: "C0BILLING" }, message("Review: shorter forms"), id);
    await abandon(id);
    await worker(delivery).deliverDue();
    expect(slack!.callsOf("chat.postMessage")).toHaveLength(1);
    expect(slack!.callsOf("conversations.history")[0]!.body).toMatchObject({ channel: "C0BILLING", include_all_metadata: true });
    expect(await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", sentMessageId: made.messageId, attempts: 2 });
  });

  it("posts once when the earlier attempt did not reach Slack, looking in a person's direct messages", async () => {
    const delivery = slackDelivery({ botToken: "xoxb-test", apiUrl: slack!.url }, logger);
    const id = await enqueueOne("lost", { user: "U0DANA" }, "Your shift tomorrow at 09:00");
    await abandon(id);
    await worker(delivery).deliverDue();
    expect(slack!.callsOf("conversations.open")[0]!.body).toMatchObject({ users: "U0DANA" });
    expect(slack!.callsOf("conversations.history")[0]!.body).toMatchObject({ channel: "D0DANA" });
    expect(slack!.callsOf("chat.postMessage").map((c) => c.body.channel)).toEqual(["U0DANA"]);
    expect(await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("posts again when Slack refuses the lookup for good (a scope not granted)", async () => {
    const delivery = slackDelivery({ botToken: "xoxb-test", apiUrl: slack!.url }, logger);
    const id = await enqueueOne("unreadable", { channel: "C0PUBLIC" }, "Story of the week");
    await abandon(id);
    slack!.script("conversations.history", { status: 200, body: { ok: false, error: "missing_scope" } });
    await worker(delivery).deliverDue();
    expect(slack!.callsOf("chat.postMessage").map((c) => c.body.channel)).toEqual(["C0PUBLIC"]);
    expect(await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT" });
  });

  it("ignores the late answer of a worker whose claim another worker took over", async () => {
    const id = await enqueueOne("slow", { channel: "C0BILLING" }, "Digest");
    let answerSlowly: (error: DeliveryError) => void = () => undefined;
    const slow: ChatDelivery = {
      platform: "SLACK",
      post: () => new Promise((_, reject) => (answerSlowly = reject)),
      update: async () => undefined,
    };
    const posted: string[] = [];
    const fast: ChatDelivery = {
      platform: "SLACK",
      post: async (to) => {
        posted.push("channel" in to ? to.channel : to.user);
        return { channel: "C0BILLING", messageId: "1700000000.000100" };
      },
      update: async () => undefined,
    };
    const first = worker(slow).deliverDue();
    // Wait for the first worker's claim, then let its lease run out.
    while ((await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).status !== "SENDING") await new Promise((r) => setTimeout(r, 10));
    await db!.prisma.outboxMessage.update({ where: { id }, data: { nextAttemptAt: new Date(0) } });
    await worker(fast).deliverDue();
    answerSlowly(new DeliveryError("Slack answered 500 after 70 s", false));
    await first;
    expect(posted).toEqual(["C0BILLING"]);
    expect(await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 2, sentMessageId: "1700000000.000100", lastError: null });
  });
});
