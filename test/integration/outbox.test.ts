import type { Message } from "../../src/chat/message";
import { createLogger } from "../../src/logger";
import { pruneExpired } from "../../src/services/housekeeping";
import { enqueue, type Recipient } from "../../src/services/outbox";
import { DeliveryError, OutboxWorker, type ChatDelivery } from "../../src/services/outbox-worker";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";

const message = (text: string): Message => ({ summary: text, blocks: [{ type: "section", text }] });

/** A platform that records what it was asked to post, and can be told to fail. */
function recordingDelivery(fail?: (text: string) => DeliveryError | undefined): ChatDelivery & { posted: string[] } {
  const posted: string[] = [];
  return {
    platform: "SLACK",
    posted,
    async post(to: Recipient, content: Message) {
      const text = String(content.summary);
      const failure = fail?.(text);
      if (failure) throw failure;
      posted.push(text);
      return { channel: "channel" in to ? to.channel : to.user, messageId: `${posted.length}` };
    },
    async update() {},
  };
}

describe.each(databaseKinds)("the outbox on %s", (kind) => {
  let db: TestDatabase;
  const logger = createLogger("silent");

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  });
  afterEach(async () => {
    await db.close();
  });

  const worker = (delivery: ChatDelivery) => new OutboxWorker({ prisma: db.prisma, deliveries: [delivery], liveViews: {}, logger, batchSize: 5 });

  it("delivers each message once when two replicas work at the same time, and ignores a repeated enqueue", async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      platform: "SLACK" as const,
      dedupeKey: `m${i}`,
      payload: { kind: "post" as const, to: { channel: `C${i % 4}` }, message: message(`m${i}`) },
    }));
    await enqueue(db.prisma, entries);
    await enqueue(db.prisma, entries.slice(0, 10));
    const a = recordingDelivery();
    const b = recordingDelivery();
    const [one, two] = [worker(a), worker(b)];
    for (;;) {
      const handled = await Promise.all([one.deliverDue(), two.deliverDue()]);
      if (handled[0] + handled[1] === 0) break;
    }
    const all = [...a.posted, ...b.posted].sort();
    expect(all).toEqual(entries.map((e) => String(e.payload.message.summary)).sort());
    expect(await db.prisma.outboxMessage.count({ where: { status: "SENT" } })).toBe(30);
  });

  it("waits as long as the platform asks after a 429, and gives up at once on a permanent refusal", async () => {
    await enqueue(db.prisma, [
      { platform: "SLACK", dedupeKey: "limited", payload: { kind: "post", to: { channel: "C1" }, message: message("limited") } },
      { platform: "SLACK", dedupeKey: "gone", payload: { kind: "post", to: { channel: "C404" }, message: message("gone") } },
    ]);
    const delivery = recordingDelivery((text) =>
      text === "limited" ? new DeliveryError("rate limited", false, 30_000) : text === "gone" ? new DeliveryError("channel_not_found", true) : undefined,
    );
    const started = Date.now();
    await worker(delivery).deliverDue();
    const limited = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "limited" } });
    expect(limited).toMatchObject({ status: "PENDING", attempts: 1, lastError: "rate limited" });
    expect(limited.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(started + 29_000);
    // The "gone" message was claimed in the same batch but held back: the platform asked for a pause.
    const gone = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "gone" } });
    expect(gone.status).toBe("PENDING");

    const after = recordingDelivery((text) => (text === "gone" ? new DeliveryError("channel_not_found", true) : undefined));
    await db.prisma.outboxMessage.updateMany({ data: { nextAttemptAt: new Date(0) } });
    await worker(after).deliverDue();
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "gone" } })).toMatchObject({ status: "FAILED", lastError: "channel_not_found" });
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "limited" } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("claims again a message whose replica died while sending it", async () => {
    await enqueue(db.prisma, [{ platform: "SLACK", dedupeKey: "orphan", payload: { kind: "post", to: { channel: "C1" }, message: message("orphan") } }]);
    await db.prisma.outboxMessage.updateMany({ data: { status: "SENDING", attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) } });
    const delivery = recordingDelivery();
    await worker(delivery).deliverDue();
    expect(delivery.posted).toEqual(["orphan"]);
  });

  it("hands back what is left of a batch once a third of the lease has gone, so no post can outlive the lease and be made twice", async () => {
    await enqueue(
      db.prisma,
      ["first", "second", "third"].map((text) => ({ platform: "SLACK" as const, dedupeKey: text, payload: { kind: "post" as const, to: { channel: `C-${text}` }, message: message(text) } })),
    );
    // Each post takes longer than a third of the 900 ms lease; a fresh worker posts one at a time.
    const slow = recordingDelivery();
    const post = slow.post.bind(slow);
    slow.post = async (to, content) => {
      const posted = await post(to, content);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return posted;
    };
    const replica = (delivery: ChatDelivery) => new OutboxWorker({ prisma: db.prisma, deliveries: [delivery], liveViews: {}, logger, batchSize: 5, leaseMs: 900 });
    expect(await replica(slow).deliverDue()).toBe(1);
    expect(slow.posted).toEqual(["first"]);
    const handedBack = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { in: ["second", "third"] } }, orderBy: { id: "asc" } });
    expect(handedBack.map((m) => [m.dedupeKey, m.status, m.attempts])).toEqual([
      ["second", "PENDING", 0],
      ["third", "PENDING", 0],
    ]);

    const other = recordingDelivery();
    await replica(other).deliverDue();
    expect(other.posted).toEqual(["second", "third"]);
    expect(slow.posted).toEqual(["first"]);
    expect(await db.prisma.outboxMessage.count({ where: { status: "SENT" } })).toBe(3);
  });

  it("is pruned of delivered messages, old request keys, abandoned story drafts, old digest charts and expired web sessions, keeping failures for inspection", async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    await enqueue(db.prisma, ["sent-old", "sent-new", "failed-old"].map((key) => ({
      platform: "SLACK" as const,
      dedupeKey: key,
      payload: { kind: "post" as const, to: { channel: "C1" }, message: message(key) },
    })));
    await db.prisma.outboxMessage.updateMany({ where: { dedupeKey: "sent-old" }, data: { status: "SENT", sentAt: old } });
    await db.prisma.outboxMessage.updateMany({ where: { dedupeKey: "sent-new" }, data: { status: "SENT", sentAt: new Date() } });
    await db.prisma.outboxMessage.updateMany({ where: { dedupeKey: "failed-old" }, data: { status: "FAILED", createdAt: old } });
    await db.prisma.processedRequest.createMany({ data: [{ key: "old", createdAt: old }, { key: "new" }] });
    const png = new Uint8Array([137, 80, 78, 71]);
    await db.prisma.digestChart.createMany({ data: [{ token: "old", png, createdAt: new Date(Date.now() - 200 * 86_400_000) }, { token: "new", png, createdAt: old }] });

    const author = await db.prisma.employee.create({ data: { email: "prune@acme.example", name: "Prune" } });
    await db.prisma.serviceStory.createMany({
      data: [
        { authorId: author.id, text: "held for personal data, abandoned", status: "DRAFT", createdAt: old },
        { authorId: author.id, text: "held a moment ago", status: "DRAFT" },
        { authorId: author.id, text: "published long ago", status: "PUBLISHED", createdAt: old, publishedAt: old },
      ],
    });

    await db.prisma.webSession.createMany({
      data: [
        { tokenHash: "expired", employeeId: author.id, provider: "slack", expiresAt: new Date(Date.now() - 60_000) },
        { tokenHash: "current", employeeId: author.id, provider: "slack", expiresAt: new Date(Date.now() + 3_600_000) },
      ],
    });

    expect(await pruneExpired(db.prisma, new Date())).toEqual({ requests: 1, drafts: 1, sent: 1, charts: 1, sessions: 1 });
    expect((await db.prisma.webSession.findMany()).map((s) => s.tokenHash)).toEqual(["current"]);
    expect((await db.prisma.serviceStory.findMany({ orderBy: { id: "asc" } })).map((s) => s.text)).toEqual(["held a moment ago", "published long ago"]);
    expect((await db.prisma.digestChart.findMany()).map((c) => c.token)).toEqual(["new"]);
    expect((await db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((m) => m.dedupeKey)).toEqual(["sent-new", "failed-old"]);
    expect(await db.prisma.processedRequest.findMany()).toEqual([expect.objectContaining({ key: "new" })]);
  });
});

describe.each(databaseKinds)("pausing a failing platform for every replica, on %s", (kind) => {
  let db: TestDatabase | undefined;
  const logger = createLogger("silent");

  beforeEach(async () => {
    db = await migratedDatabase(kind);
  }, DATABASE_START_TIMEOUT_MS);
  afterEach(async () => {
    await db?.close();
  });

  const worker = (delivery: ChatDelivery) => new OutboxWorker({ prisma: db!.prisma, deliveries: [delivery], liveViews: {}, logger, batchSize: 10 });
  const tenPosts = () =>
    enqueue(
      db!.prisma,
      Array.from({ length: 10 }, (_, i) => ({ platform: "SLACK" as const, dedupeKey: `p${i}`, payload: { kind: "post" as const, to: { channel: `C${i}` }, message: message(`p${i}`) } })),
    );

  it("stops calling after three failures in a row, and so does every other replica", async () => {
    await tenPosts();
    let calls = 0;
    const failing = recordingDelivery(() => {
      calls += 1;
      return new DeliveryError("Slack answered 500", false);
    });
    await worker(failing).deliverDue();
    expect(calls).toBe(3);
    const other = recordingDelivery();
    expect(await worker(other).deliverDue()).toBe(0);
    expect(other.posted).toEqual([]);
    expect(await db!.prisma.outboxMessage.count({ where: { status: "PENDING", nextAttemptAt: { gt: new Date() } } })).toBe(10);
  });

  it("holds every replica's posts as long as a 429's Retry-After asks", async () => {
    await tenPosts();
    const before = Date.now();
    const limited = recordingDelivery(() => new DeliveryError("rate limited by Slack", false, 30_000));
    await worker(limited).deliverDue();
    const other = recordingDelivery();
    expect(await worker(other).deliverDue()).toBe(0);
    const waiting = await db!.prisma.outboxMessage.findMany({ select: { nextAttemptAt: true } });
    expect(waiting).toHaveLength(10);
    for (const row of waiting) expect(row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 30_000);
  });
});
