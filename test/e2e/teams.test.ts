/**
 * The Teams endpoint over real HTTP: Bot Framework activities in, replies out to a local
 * stand-in for the Bot Connector service (there is no internet here, and none is needed).
 */
import express from "express";
import pino from "pino";
import { createTeamsEndpoint } from "../../src/chat/teams/adapter";
import type { TeamsSettings } from "../../src/config/env";
import { t } from "../../src/i18n";
import { en } from "../../src/i18n/en";
import { he } from "../../src/i18n/he";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";
import { DATABASE_START_TIMEOUT_MS, databaseKinds, migratedDatabase, type TestDatabase } from "../helpers/databases";
import { attachedCard as cardOf, BOT, listen, type CardJson, type Running } from "../helpers/teams";

const UNAUTHENTICATED: TeamsSettings = { appId: "", appPassword: "", unauthenticated: true };

interface Received {
  path: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
}

/** Records what the bot sends to the Bot Connector service and answers as it does. */
async function startConnector(): Promise<Running & { received: Received[]; refuseNext: () => void }> {
  const received: Received[] = [];
  let refuse = false;
  const app = express();
  app.use(express.json());
  app.post("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
    const { conversationId, activityId } = req.params;
    received.push({ path: req.path, conversationId, activityId, body: req.body as Record<string, unknown> });
    // 400 rather than 5xx: the connector client retries server errors with back-off.
    if (refuse) res.status(400).json({ error: { code: "BadArgument", message: "refused by the test" } });
    else res.json({ id: "reply-1" });
    refuse = false;
  });
  app.post("/v3/conversations/:conversationId/activities", (req, res) => {
    received.push({ path: req.path, conversationId: req.params.conversationId, body: req.body as Record<string, unknown> });
    res.json({ id: "reply-1" });
  });
  return { ...(await listen(app)), received, refuseNext: () => void (refuse = true) };
}

/** A logger whose lines the test can read. */
function recordingLogger(): { logger: pino.Logger; raw: string[]; lines: () => Array<{ level: number; msg: string }> } {
  const raw: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void raw.push(line) });
  return { logger, raw, lines: () => raw.map((l) => JSON.parse(l) as { level: number; msg: string }) };
}

function messageActivity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    id: "1700000000001",
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: "29:abc", aadObjectId: "aad-dana", name: "Dana (Teams)" },
    recipient: BOT,
    conversation: { id: "a:personal-chat-1", conversationType: "personal", tenantId: "tenant-1" },
    channelData: { tenant: { id: "tenant-1" } },
    text: "help",
    locale: "he-IL",
    ...overrides,
  };
}

function textsOf(card: CardJson): string {
  return card.body.map((e) => e.text ?? (e.facts ?? []).map((f) => `${f.title} ${f.value}`).join(" ")).join("\n");
}

describe.each(databaseKinds)("Teams endpoint on %s", (kind) => {
  let db: TestDatabase;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let bot: Running | undefined;

  beforeAll(async () => {
    db = await migratedDatabase(kind);
    connector = await startConnector();
    const department = await db.prisma.department.create({ data: { key: "billing", name: "Billing" } });
    await db.prisma.employee.create({
      data: { email: "dana@acme.example", name: "Dana Levi", departmentId: department.id, teamsUserId: "aad-dana", locale: "he" },
    });
    // Stored by Bot Framework id rather than Entra object id: both forms appear in org files.
    await db.prisma.employee.create({
      data: { email: "ran@acme.example", name: "Ran Cohen", departmentId: department.id, teamsUserId: "29:ran", locale: "en" },
    });
  }, DATABASE_START_TIMEOUT_MS);
  afterAll(async () => {
    await connector?.close();
    await db?.close();
  });
  beforeEach(() => {
    connector.received.length = 0;
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  async function startBot(settings: TeamsSettings | undefined, logger = recordingLogger().logger) {
    const endpoint = createTeamsEndpoint({
      settings,
      missing: settings ? [] : ["TEAMS_APP_ID", "TEAMS_APP_PASSWORD"],
      db,
      logger,
      companyLocale: () => "en",
    });
    const app = express();
    app.use(express.json());
    app.post("/api/messages", endpoint.handler);
    bot = await listen(app);
    return { endpoint, url: `${bot.url}/api/messages` };
  }

  function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  }

  it("answers `help` with a Hebrew, right-to-left help card for a Hebrew-speaking employee", async () => {
    const { logger, lines } = recordingLogger();
    const { url, endpoint } = await startBot(UNAUTHENTICATED, logger);
    expect(endpoint.enabled).toBe(true);
    expect(lines().filter((l) => l.level === 40 && /NOT authenticated/.test(l.msg))).toHaveLength(1);

    const response = await post(url, messageActivity(connector.url));
    expect(response.status).toBe(200);

    expect(connector.received).toHaveLength(1);
    const reply = connector.received[0]!;
    expect(reply.conversationId).toBe("a:personal-chat-1");
    expect(reply.activityId).toBe("1700000000001");
    const card = cardOf(reply);
    expect(parseAdaptiveCard(card)).toEqual([]);
    expect(card.rtl).toBe(true);
    const texts = textsOf(card);
    expect(texts).toContain(he.app.name);
    expect(texts).toContain("Dana Levi"); // the organisation file's name, not Teams' display name
    expect(reply.body.summary).toBe(he.help.title);

    const row = await db.prisma.teamsConversation.findUnique({ where: { id: "a:personal-chat-1" } });
    expect(row).toMatchObject({ scope: "personal", teamsUserId: "aad-dana", teamsChannelId: null });
    expect(row!.reference).toMatchObject({
      serviceUrl: connector.url,
      channelId: "msteams",
      conversation: { id: "a:personal-chat-1" },
      user: { id: "29:abc" },
    });
  });

  it("prefers the employee's locale to Teams' and finds employees by their Bot Framework id", async () => {
    const { url } = await startBot(UNAUTHENTICATED);
    const activity = messageActivity(connector.url, {
      from: { id: "29:ran", aadObjectId: "aad-ran", name: "Ran" },
      conversation: { id: "a:personal-chat-2", conversationType: "personal" },
      text: "",
    });
    expect((await post(url, activity)).status).toBe(200);
    const card = cardOf(connector.received[0]);
    expect(parseAdaptiveCard(card)).toEqual([]);
    expect(card.rtl).toBeUndefined();
    expect(textsOf(card)).toContain(en.app.name);
    expect(textsOf(card)).toContain("Ran Cohen");
    const row = await db.prisma.teamsConversation.findUnique({ where: { id: "a:personal-chat-2" } });
    expect(row?.teamsUserId).toBe("29:ran");
  });

  it("answers a stranger in Teams' locale, by their Teams name, whatever command they type", async () => {
    const { url } = await startBot(UNAUTHENTICATED);
    const activity = messageActivity(connector.url, {
      from: { id: "29:stranger", aadObjectId: "aad-stranger", name: "Noa" },
      conversation: { id: "a:personal-chat-3", conversationType: "personal" },
      text: "idea faster refunds",
    });
    expect((await post(url, activity)).status).toBe(200);
    const card = cardOf(connector.received[0]);
    expect(card.rtl).toBe(true);
    expect(textsOf(card)).toContain("Noa");
  });

  it("reads a channel message addressed with an @mention and remembers the channel", async () => {
    const { url } = await startBot(UNAUTHENTICATED);
    const channelId = "19:billing@thread.tacv2";
    const activity = messageActivity(connector.url, {
      conversation: { id: `${channelId};messageid=1700000000000`, conversationType: "channel", isGroup: true },
      channelData: { tenant: { id: "tenant-1" }, team: { id: "19:team@thread.tacv2" }, channel: { id: channelId } },
      text: `<at>${BOT.name}</at> help`,
      entities: [{ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT }],
      locale: "en-US",
      from: { id: "29:other", aadObjectId: "aad-other", name: "Other" },
    });
    expect((await post(url, activity)).status).toBe(200);
    const reply = connector.received[0]!;
    expect(reply.conversationId).toBe(`${channelId};messageid=1700000000000`); // answered in the thread
    expect(parseAdaptiveCard(cardOf(reply))).toEqual([]);

    const row = await db.prisma.teamsConversation.findUnique({ where: { id: channelId } });
    expect(row).toMatchObject({ scope: "channel", teamsChannelId: channelId, teamsUserId: null });
    expect(row!.reference).toMatchObject({ conversation: { id: channelId } });
  });

  it("remembers the conversation when the app is installed, without posting anything", async () => {
    const { url } = await startBot(UNAUTHENTICATED);
    const install = messageActivity(connector.url, {
      type: "conversationUpdate",
      conversation: { id: "a:personal-chat-4", conversationType: "personal" },
      membersAdded: [BOT, { id: "29:abc", aadObjectId: "aad-dana" }],
      text: undefined,
    });
    expect((await post(url, install)).status).toBe(200);
    expect(await db.prisma.teamsConversation.findUnique({ where: { id: "a:personal-chat-4" } })).toMatchObject({
      scope: "personal",
      teamsUserId: "aad-dana",
    });

    const update = messageActivity(connector.url, {
      type: "installationUpdate",
      action: "add",
      conversation: { id: "a:personal-chat-5", conversationType: "personal" },
      text: undefined,
    });
    expect((await post(url, update)).status).toBe(200);
    expect(await db.prisma.teamsConversation.findUnique({ where: { id: "a:personal-chat-5" } })).not.toBeNull();
    expect(connector.received).toEqual([]);
  });

  it("logs a failed turn and tells the user, in their language, that something went wrong", async () => {
    const { logger, raw, lines } = recordingLogger();
    const { url } = await startBot(UNAUTHENTICATED, logger);
    connector.refuseNext();
    const response = await post(url, messageActivity(connector.url), { authorization: "Bearer not-a-real-token" });
    expect(response.status).toBe(200);
    expect(connector.received).toHaveLength(2);
    expect(connector.received[1]!.body).toMatchObject({ type: "message", text: t("he", "errors.generic") });
    expect(lines().some((l) => l.level === 50 && l.msg === "Teams turn failed")).toBe(true);
    expect(raw.join("\n")).not.toMatch(/not-a-real-token/);
  });

  it("stays closed with 503 when Teams is not configured", async () => {
    const { url, endpoint } = await startBot(undefined);
    expect(endpoint.enabled).toBe(false);
    const response = await post(url, messageActivity(connector.url));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "Teams is not configured: set TEAMS_APP_ID and TEAMS_APP_PASSWORD" });
    expect(connector.received).toEqual([]);
  });

  it("refuses a request without a Bot Framework token when credentials are set", async () => {
    const { url } = await startBot({ appId: "11111111-1111-1111-1111-111111111111", appPassword: "x", unauthenticated: false });
    const activity = messageActivity(connector.url, { conversation: { id: "a:personal-chat-6", conversationType: "personal" } });
    const response = await post(url, activity);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
    expect(connector.received).toEqual([]);
    expect(await db.prisma.teamsConversation.findUnique({ where: { id: "a:personal-chat-6" } })).toBeNull();
  });
});
