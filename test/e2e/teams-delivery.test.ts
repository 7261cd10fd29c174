/**
 * Proactive posts into Teams: the outbox delivers through the conversation references the
 * bot stored when it was installed, to a local stand-in for the Bot Connector service.
 */
import express from "express";
import pino from "pino";
import { createTeamsEndpoint } from "../../src/chat/teams/adapter";
import { ConversationPacer, retryAfterMs, teamsDelivery } from "../../src/chat/teams/delivery";
import type { Message } from "../../src/chat/message";
import { enqueue, type Recipient } from "../../src/services/outbox";
import { DeliveryError } from "../../src/services/outbox-worker";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { BOT, cardOf, listen, postActivity } from "../helpers/teams";
import { eventually } from "../helpers/wait";

const BILLING = "19:billing000000000000000@thread.tacv2";
const DANA = "29:1dana-aad-object-id";

interface Received {
  method: string;
  conversationId: string;
  activityId?: string;
  at: number;
  body: Record<string, unknown>;
}

type Refusal = { status: number; headers?: Record<string, string> };

/**
 * Records what the bot sends to the Bot Connector service and answers as it does; the next
 * requests into a conversation can be refused with a given status.
 */
async function startConnector() {
  const received: Received[] = [];
  const refusals = new Map<string, Refusal[]>();
  let next = 0;
  const refusal = (conversationId: string) => refusals.get(conversationId)?.shift();
  const app = express();
  app.use(express.json());
  app.post("/v3/conversations/:conversationId/activities", (req, res) => {
    const { conversationId } = req.params;
    received.push({ method: "POST", conversationId, at: Date.now(), body: req.body as Record<string, unknown> });
    const refused = refusal(conversationId);
    if (refused) {
      res.status(refused.status).set(refused.headers ?? {}).json({ error: { code: "Refused", message: `refused with ${refused.status}` } });
      return;
    }
    next += 1;
    res.status(201).json({ id: `activity-${next}` });
  });
  app.post("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
    const { conversationId, activityId } = req.params;
    received.push({ method: "POST", conversationId, activityId, at: Date.now(), body: req.body as Record<string, unknown> });
    next += 1;
    res.json({ id: `reply-${next}` });
  });
  app.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
    const { conversationId, activityId } = req.params;
    received.push({ method: "PUT", conversationId, activityId, at: Date.now(), body: req.body as Record<string, unknown> });
    const refused = refusal(conversationId);
    if (refused) {
      res.status(refused.status).set(refused.headers ?? {}).json({ error: { code: "Refused", message: `refused with ${refused.status}` } });
      return;
    }
    res.json({ id: activityId });
  });
  return {
    ...(await listen(app)),
    received,
    refuse: (conversationId: string, ...answers: Refusal[]) => void refusals.set(conversationId, answers),
  };
}

type Connector = Awaited<ReturnType<typeof startConnector>>;

function message(marker: string): Message {
  return {
    summary: marker,
    blocks: [
      { type: "header", text: marker },
      { type: "section", text: ["A post for ", { bold: "Teams" }] },
    ],
  };
}

/** What the stand-in received for one marker (the bot may post other things meanwhile). */
function receivedFor(connector: Connector, marker: string): Received[] {
  return connector.received.filter((r) => r.body.summary === marker);
}

/** Checks that a post holds one Adaptive Card that Microsoft's parser finds clean. */
function expectCard(received: Received): void {
  cardOf(received);
}

function activity(serviceUrl: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    type: "conversationUpdate",
    id: `f:${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: "29:admin", aadObjectId: "aad-admin", name: "Admin" },
    recipient: BOT,
    channelData: { tenant: { id: "tenant-1" } },
    locale: "en-US",
    ...overrides,
  };
}

/** Installs the app in a team channel, as Teams announces it. */
function channelInstall(serviceUrl: string, channelId: string): Record<string, unknown> {
  return activity(serviceUrl, {
    conversation: { id: channelId, conversationType: "channel", isGroup: true, tenantId: "tenant-1" },
    channelData: { tenant: { id: "tenant-1" }, team: { id: channelId }, channel: { id: channelId }, eventType: "teamMemberAdded" },
    membersAdded: [BOT],
  });
}

/** A person installs the app for themselves. */
function personalInstall(serviceUrl: string, userId: string, conversationId: string): Record<string, unknown> {
  return activity(serviceUrl, {
    type: "installationUpdate",
    action: "add",
    from: { id: userId, aadObjectId: `aad-${conversationId}`, name: "Someone" },
    conversation: { id: conversationId, conversationType: "personal", tenantId: "tenant-1" },
  });
}

/** Posts an installation activity to the bot, which must accept it. */
async function postInstall(base: string, body: Record<string, unknown>): Promise<void> {
  const response = await postActivity(base, body);
  expect(response.status).toBeLessThan(300);
}

describe.each(databaseKinds)("Teams delivery through the outbox on %s", (kind) => {
  let bot: RunningBot;
  let connector: Connector;

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot(kind, "examples/org.yml", { TEAMS_ALLOW_UNAUTHENTICATED: "true" });
    await postInstall(bot.base, channelInstall(connector.url, BILLING));
    await postInstall(bot.base, personalInstall(connector.url, DANA, "a:dana-personal"));
    await eventually(async () => (await bot.app.db.prisma.teamsConversation.count({ where: { id: { in: [BILLING, "a:dana-personal"] } } })) === 2);
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  async function send(key: string, to: Recipient, marker = key): Promise<void> {
    await enqueue(bot.app.db.prisma, [{ platform: "TEAMS", dedupeKey: key, payload: { kind: "post", to, message: message(marker) } }]);
  }

  function row(key: string) {
    return bot.app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: key } });
  }

  async function settled(key: string) {
    return eventually(async () => {
      const found = await row(key);
      return found.status === "SENT" || found.status === "FAILED" ? found : undefined;
    });
  }

  it("posts a new Adaptive Card message into a department's channel", async () => {
    await send("teams-channel-1", { channel: BILLING });
    const sent = await settled("teams-channel-1");
    const [received] = receivedFor(connector, "teams-channel-1");
    expect(received).toMatchObject({ method: "POST", conversationId: BILLING });
    expect(received!.activityId).toBeUndefined(); // a new message (a new thread), not a reply
    expectCard(received!);
    expect(sent).toMatchObject({ status: "SENT", sentMessageId: expect.stringMatching(/^activity-\d+$/), lastError: null });
    expect(received!.body).toMatchObject({ type: "message", conversation: { id: BILLING }, from: { id: BOT.id } });
    expect(received!.body.replyToId).toBeUndefined();
  });

  it("posts to a person in their personal chat with the bot", async () => {
    await send("teams-user-1", { user: DANA });
    const sent = await settled("teams-user-1");
    const [received] = receivedFor(connector, "teams-user-1");
    expect(received).toMatchObject({ method: "POST", conversationId: "a:dana-personal" });
    expectCard(received!);
    expect(sent).toMatchObject({ status: "SENT", sentMessageId: expect.stringMatching(/^activity-\d+$/) });
  });

  it("fails permanently, with the install hint, where the app is not installed", async () => {
    const before = connector.received.length;
    await send("teams-unknown-channel", { channel: "19:nowhere0000000000000000@thread.tacv2" });
    await send("teams-unknown-user", { user: "29:1rivka-aad-object-id" });
    const channel = await settled("teams-unknown-channel");
    const user = await settled("teams-unknown-user");
    expect(channel).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(channel.lastError).toMatch(/install the app in that channel's team/);
    expect(user).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(user.lastError).toMatch(/must install the app/);
    expect(receivedFor(connector, "teams-unknown-channel")).toEqual([]);
    expect(receivedFor(connector, "teams-unknown-user")).toEqual([]);
    expect(connector.received.slice(before).filter((r) => String(r.body.summary).startsWith("teams-unknown"))).toEqual([]);
  });

  it("waits as long as a 429's Retry-After says, then sends", async () => {
    const channel = "19:throttled00000000000000@thread.tacv2";
    await postInstall(bot.base, channelInstall(connector.url, channel));
    await eventually(() => bot.app.db.prisma.teamsConversation.findUnique({ where: { id: channel } }));
    connector.refuse(channel, { status: 429, headers: { "Retry-After": "2" } });
    await send("teams-throttled", { channel });
    const sent = await settled("teams-throttled");
    expect(sent).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    const attempts = receivedFor(connector, "teams-throttled");
    // One refused request and one accepted: the connector client did not retry by itself.
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(sent.sentMessageId).toMatch(/^activity-\d+$/);
  });

  it("spreads more than 7 posts to one conversation over more than a second", async () => {
    const channel = "19:busy000000000000000000@thread.tacv2";
    await postInstall(bot.base, channelInstall(connector.url, channel));
    await eventually(() => bot.app.db.prisma.teamsConversation.findUnique({ where: { id: channel } }));
    const keys = Array.from({ length: 10 }, (_, i) => `teams-busy-${i}`);
    await enqueue(
      bot.app.db.prisma,
      keys.map((key) => ({ platform: "TEAMS" as const, dedupeKey: key, payload: { kind: "post" as const, to: { channel }, message: message(key) } })),
    );
    for (const key of keys) expect((await settled(key)).status).toBe("SENT");
    const times = connector.received
      .filter((r) => r.conversationId === channel)
      .map((r) => r.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(10);
    for (let i = 0; i + 7 < times.length; i++) expect(times[i + 7]! - times[i]!).toBeGreaterThanOrEqual(1000);
    expect(times[9]! - times[0]!).toBeGreaterThan(1000);
  });
});

/** A logger whose lines the test can read. */
function recordingLogger(): { logger: pino.Logger; raw: string[] } {
  const raw: string[] = [];
  return { logger: pino({ level: "warn" }, { write: (line: string) => void raw.push(line) }), raw };
}

describe.each(databaseKinds)("Teams delivery, one call at a time, on %s", (kind) => {
  let db: TestDatabase;
  let connector: Connector;
  const channel = "19:direct00000000000000000@thread.tacv2";

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    connector = await startConnector();
    await db.prisma.teamsConversation.create({
      data: {
        id: channel,
        scope: "channel",
        teamsChannelId: channel,
        reference: { serviceUrl: connector.url, channelId: "msteams", bot: BOT, conversation: { id: channel, conversationType: "channel" } },
      },
    });
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await connector?.close();
    await db?.close();
  });

  function delivery() {
    const recording = recordingLogger();
    const endpoint = createTeamsEndpoint({
      settings: { appId: "", appPassword: "", unauthenticated: true },
      missing: [],
      db,
      logger: pino({ level: "silent" }),
      companyLocale: () => "en",
    });
    expect(endpoint.adapter).toBeDefined();
    return { ...recording, delivery: teamsDelivery({ prisma: db.prisma, adapter: endpoint.adapter!, appId: endpoint.appId ?? "", logger: recording.logger }) };
  }

  async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }

  it("updates a post in place with a new card", async () => {
    const { delivery: teams } = delivery();
    const posted = await teams.post({ channel }, message("direct-post"));
    expect(posted.channel).toBe(channel);
    await teams.update(posted.channel, posted.messageId, message("direct-update"));
    const [update] = connector.received.filter((r) => r.method === "PUT");
    expect(update).toMatchObject({ conversationId: channel, activityId: posted.messageId });
    expect(update!.body).toMatchObject({ type: "message", id: posted.messageId });
    expectCard(update!);
  });

  it("judges the connector's refusals: 403 and 404 permanent, 5xx retryable, 429 with its wait", async () => {
    const { delivery: teams, raw } = delivery();
    connector.refuse(channel, { status: 403 });
    expect(await failure(teams.post({ channel }, message("refused-403")))).toMatchObject({ permanent: true });
    connector.refuse(channel, { status: 404 });
    expect(await failure(teams.update(channel, "activity-1", message("refused-404")))).toMatchObject({ permanent: true });

    const before = connector.received.length;
    connector.refuse(channel, { status: 502 });
    expect(await failure(teams.post({ channel }, message("refused-502")))).toMatchObject({ permanent: false, retryAfterMs: undefined });
    // The outbox retries, not the connector client: exactly one request was made.
    expect(connector.received.length - before).toBe(1);

    connector.refuse(channel, { status: 429 });
    const throttled = await failure(teams.post({ channel }, message("refused-429")));
    expect(throttled).toMatchObject({ permanent: false });
    expect(throttled.retryAfterMs).toBeGreaterThan(0);

    // Logged by name and message only: never the request botbuilder's errors carry.
    const lines = raw.map((line) => JSON.parse(line) as { msg: string; err?: unknown; error?: Record<string, unknown> });
    expect(lines.filter((l) => l.msg === "Teams delivery failed")).toHaveLength(4);
    for (const line of lines) {
      expect(line.err).toBeUndefined();
      expect(Object.keys(line.error ?? {}).sort()).toEqual(["message", "name"]);
    }
    expect(raw.join("\n")).not.toMatch(/authorization|"request"|"headers"/i);
  });

  it("fails permanently, trying nothing, for an unknown conversation", async () => {
    const { delivery: teams } = delivery();
    const before = connector.received.length;
    const error = await failure(teams.post({ user: "29:nobody" }, message("nobody")));
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/must install the app/);
    expect(await failure(teams.update("a:gone", "1", message("gone")))).toMatchObject({ permanent: true });
    expect(connector.received.length).toBe(before);
  });

  it("is unreachable-but-retryable when the connector cannot be reached", async () => {
    const { delivery: teams } = delivery();
    await db.prisma.teamsConversation.create({
      data: {
        id: "a:offline",
        scope: "personal",
        teamsUserId: "29:offline",
        reference: { serviceUrl: "http://127.0.0.1:9", channelId: "msteams", bot: BOT, conversation: { id: "a:offline" } },
      },
    });
    expect(await failure(teams.post({ user: "29:offline" }, message("offline")))).toMatchObject({ permanent: false });
  });
});

describe("Teams pacing and Retry-After", () => {
  it("lets at most the given number through in any rolling window", async () => {
    const pacer = new ConversationPacer(3, 200);
    const times: number[] = [];
    const order: string[] = [];
    const start = Date.now();
    const busy = Promise.all(Array.from({ length: 7 }, () => pacer.run("c", async () => void (times.push(Date.now() - start), order.push("c")))));
    // Another conversation does not wait for this one: it goes before "c" has waited out its first window.
    await pacer.run("d", async () => void order.push("d"));
    await busy;
    expect(order.indexOf("d")).toBeLessThanOrEqual(3);
    expect(order.filter((o) => o === "c")).toHaveLength(7);
    for (let i = 0; i + 3 < times.length; i++) expect(times[i + 3]! - times[i]!).toBeGreaterThanOrEqual(200);
  });

  it("reads Retry-After in seconds, as a date, and in milliseconds", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "Retry-After": "3" }, now)).toBe(3000);
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});
