import type { Message } from "../../src/chat/message";
import { createLogger } from "../../src/logger";
import { enqueue, type Recipient } from "../../src/services/outbox";
import { OutboxWorker, type ChatDelivery } from "../../src/services/outbox-worker";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const message = (text: string): Message => ({ summary: text, blocks: [{ type: "section", text }] });

interface Post {
  channel: string;
  text: string;
  at: number;
}

/** A platform that takes `takesMs` per post, counting how many it is asked to make at once. */
function timedDelivery(options: { postIntervalMs?: number; takesMs?: number; hold?: (text: string) => Promise<void> | undefined }) {
  const posts: Post[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const delivery: ChatDelivery = {
    platform: "SLACK",
    postIntervalMs: options.postIntervalMs,
    async post(to: Recipient, content: Message) {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        const text = String(content.summary);
        await options.hold?.(text);
        if (options.takesMs) await new Promise((resolve) => setTimeout(resolve, options.takesMs));
        const channel = "channel" in to ? to.channel : to.user;
        posts.push({ channel, text, at: Date.now() });
        return { channel, messageId: `${posts.length}` };
      } finally {
        inFlight -= 1;
      }
    },
    async update() {},
  };
  return { delivery, posts, mostInFlight: () => mostInFlight };
}

describe.each(databaseKinds)("outbox pacing and parallel posts, on %s", (kind) => {
  let db: TestDatabase | undefined;
  const logger = createLogger("silent");

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db?.close();
  });

  const worker = (delivery: ChatDelivery, batchSize = 50) => new OutboxWorker({ prisma: db!.prisma, deliveries: [delivery], liveViews: {}, logger, batchSize });
  const posts = (items: [channel: string, text: string][]) =>
    enqueue(
      db!.prisma,
      items.map(([channel, text]) => ({ platform: "SLACK" as const, dedupeKey: text, payload: { kind: "post" as const, to: { channel }, message: message(text) } })),
    );
  const statusOf = async (text: string) => (await db!.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: text } })).status;

  it("posts into different channels in parallel, widening from one post at a time as they succeed", async () => {
    await posts(Array.from({ length: 40 }, (_, i): [string, string] => [`C${i}`, `digest ${i}`]));
    const slack = timedDelivery({ takesMs: 20 });
    expect(await worker(slack.delivery).deliverDue()).toBe(40);
    expect(slack.posts.map((p) => p.text).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `digest ${i}`).sort());
    // One at first; one more with each success: by the end of 40 posts, several at once.
    expect(slack.mostInFlight()).toBeGreaterThanOrEqual(5);
    expect(await db!.prisma.outboxMessage.count({ where: { status: "SENT", sentMessageId: { not: null } } })).toBe(40);
  });

  it("never makes more posts at once than OUTBOX_MAX_IN_FLIGHT allows", async () => {
    await posts(Array.from({ length: 30 }, (_, i): [string, string] => [`C${i}`, `story ${i}`]));
    const slack = timedDelivery({ takesMs: 10 });
    const one = worker(slack.delivery, 4);
    let handled = 0;
    for (let round = await one.deliverDue(); round > 0; round = await one.deliverDue()) handled += round;
    expect(handled).toBe(30);
    expect(slack.mostInFlight()).toBe(4);
  });

  it("posts into one channel one message at a time, in order, each waiting the channel's interval, for every replica", async () => {
    await posts([
      ["C-REVIEW", "review 1"],
      ["C-REVIEW", "review 2"],
      ["D-DANA", "report for Dana"],
      ["C-REVIEW", "review 3"],
    ]);
    const a = timedDelivery({ postIntervalMs: 400 });
    const b = timedDelivery({ postIntervalMs: 400 });
    const [first, second] = [worker(a.delivery), worker(b.delivery)];

    expect(await first.deliverDue()).toBe(2);
    expect(a.posts.map((p) => p.text).sort()).toEqual(["report for Dana", "review 1"]);
    // The channel was posted to a moment ago: neither this worker nor another replica posts into it yet.
    expect(await second.deliverDue()).toBe(0);
    expect(await first.deliverDue()).toBe(0);
    expect(await statusOf("review 2")).toBe("PENDING");

    const all = () => [...a.posts, ...b.posts].filter((p) => p.channel === "C-REVIEW").sort((x, y) => x.at - y.at);
    while (all().length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all([first.deliverDue(), second.deliverDue()]);
    }
    expect(all().map((p) => p.text)).toEqual(["review 1", "review 2", "review 3"]);
    const [p1, p2, p3] = all();
    expect(p2!.at - p1!.at).toBeGreaterThanOrEqual(400);
    expect(p3!.at - p2!.at).toBeGreaterThanOrEqual(400);
  });

  it("unpaced, posts several of one channel's messages in a round, one after another in order", async () => {
    await posts([
      ["C-WEB", "web 1"],
      ["C-WEB", "web 2"],
      ["C-OTHER", "other 1"],
      ["C-WEB", "web 3"],
    ]);
    const web = timedDelivery({ takesMs: 5 });
    expect(await worker(web.delivery).deliverDue()).toBe(4);
    expect(web.posts.filter((p) => p.channel === "C-WEB").map((p) => p.text)).toEqual(["web 1", "web 2", "web 3"]);
  });

  it("leaves a channel alone while another replica's post into it is in flight, and goes on with the others", async () => {
    await posts([
      ["C-BILLING", "billing digest"],
      ["C-BILLING", "billing story"],
      ["C-SALES", "sales digest"],
    ]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = timedDelivery({ hold: (text) => (text === "billing digest" ? held : undefined) });
    const inFlight = worker(slow.delivery, 1).deliverDue();
    // Wait until the held post is under way.
    while ((await statusOf("billing digest")) !== "SENDING") await new Promise((resolve) => setTimeout(resolve, 10));

    const other = timedDelivery({});
    expect(await worker(other.delivery).deliverDue()).toBe(1);
    expect(other.posts.map((p) => p.text)).toEqual(["sales digest"]);
    expect(await statusOf("billing story")).toBe("PENDING");

    release();
    await inFlight;
    expect(slow.posts.map((p) => p.text)).toEqual(["billing digest"]);
    expect(await worker(other.delivery).deliverDue()).toBe(1);
    expect(other.posts.map((p) => p.text)).toEqual(["sales digest", "billing story"]);
  });

  it.each([
    ["a platform with no history to look in (Teams) records each post as soon as it is answered", false, "SENT"],
    ["a platform that can find a lost post again (Slack) records the round's posts together", true, "SENDING"],
  ])("%s", async (_name, canLookUp, whileSecondInFlight) => {
    await posts([
      ["19:sales", "sales digest"],
      ["19:billing", "billing digest"],
    ]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let billingStarted!: () => void;
    const billingUnderWay = new Promise<void>((resolve) => (billingStarted = resolve));
    const platform = timedDelivery({
      hold: (text) => {
        if (text !== "billing digest") return undefined;
        billingStarted();
        return held;
      },
    });
    const delivery: ChatDelivery = canLookUp ? { ...platform.delivery, findPosted: async () => undefined } : platform.delivery;
    // A fresh worker posts one at a time: the billing digest starts once the sales digest is done with.
    const round = worker(delivery).deliverDue();
    await billingUnderWay;
    expect(await statusOf("sales digest")).toBe(whileSecondInFlight);
    release();
    expect(await round).toBe(2);
    expect([await statusOf("sales digest"), await statusOf("billing digest")]).toEqual(["SENT", "SENT"]);
  });

  it("gives a busy channel one place in a batch, so a direct message behind a thousand waiting posts goes at once", async () => {
    await posts([...Array.from({ length: 1000 }, (_, i): [string, string] => ["C-REVIEW", `review ${i}`]), ["D-DANA", "report for Dana"]]);
    const slack = timedDelivery({ postIntervalMs: 1000 });
    expect(await worker(slack.delivery, 20).deliverDue()).toBe(2);
    expect(slack.posts.map((p) => p.text).sort()).toEqual(["report for Dana", "review 0"]);
  });
});
