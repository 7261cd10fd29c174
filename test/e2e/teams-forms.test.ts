/**
 * Teams forms over real HTTP: typed commands and buttons that open an Adaptive Card form,
 * and the form's submission, which is validated and handed to the same services as Slack's
 * modals. The whole bot runs with test/fixtures/org-teams.yml; Bot Framework activities are
 * posted to /api/messages and the replies are caught by a local Bot Connector stand-in.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { renderAdaptiveCard } from "../../src/chat/teams/adaptive-card";
import { t } from "../../src/i18n";
import { customerHasher } from "../../src/services/complaints/customer-hash";
import { notice, submittedReply } from "../../src/services/ideas/idea-messages";
import { storyNotice, submittedText } from "../../src/services/stories/story-messages";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";
import { startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";

const BOT = { id: "28:bot-app-id", name: "Service Culture" };
// Teams users of test/fixtures/org-teams.yml: Dana manages billing, Moshe works there.
const DANA = { id: "29:dana", aadObjectId: "0000da1a-0000-4000-8000-000000000001", name: "Dana Levi" };
const MOSHE = { id: "29:moshe", aadObjectId: "00005e00-0000-4000-8000-000000000002", name: "Moshe Cohen" };
const SHIRA = { id: "29:shira", aadObjectId: "00051a00-0000-4000-8000-000000000003", name: "Shira Azulay" };
const SECRET = "teams-forms-test-secret";

interface Received {
  method: string;
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
}

interface Element {
  type: string;
  id?: string;
  text?: string;
  choices?: { value: string }[];
}

interface CardJson {
  type: string;
  body: Element[];
  actions?: { type: string; data: Record<string, unknown> }[];
}

/** Records what the bot sends to the Bot Connector service: replies (POST) and updates (PUT). */
async function startConnector() {
  const received: Received[] = [];
  const app = express();
  app.use(express.json());
  const record = (method: string) => (req: express.Request, res: express.Response) => {
    const { conversationId, activityId } = req.params as { conversationId: string; activityId?: string };
    received.push({ method, conversationId, activityId, body: req.body as Record<string, unknown> });
    res.json({ id: `reply-${received.length}-${Date.now()}` });
  };
  app.post("/v3/conversations/:conversationId/activities/:activityId", record("POST"));
  app.post("/v3/conversations/:conversationId/activities", record("POST"));
  app.put("/v3/conversations/:conversationId/activities/:activityId", record("PUT"));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/**
 * What the adaptivecards parser reports about Teams' people picker (`choices.data`, schema
 * 1.6, with no static choices), which Teams reads in 1.5 cards: only these are accepted.
 */
function peoplePickerFindings(card: CardJson): string[] {
  return card.body.flatMap((element, i) =>
    element.type === "Input.ChoiceSet" && "choices.data" in element
      ? ["An Input.ChoiceSet must have at least one choice defined.", `$.body[${i}].choices.data was dropped by the parser`]
      : [],
  );
}

/** The Adaptive Card of a reply, checked with Microsoft's parser. */
function cardOf(reply: Received | undefined): CardJson {
  const attachments = reply?.body.attachments as Array<{ contentType: string; content: CardJson }> | undefined;
  expect(attachments).toHaveLength(1);
  expect(attachments![0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
  const card = attachments![0]!.content;
  const accepted = peoplePickerFindings(card);
  expect(parseAdaptiveCard(card).filter((p) => !accepted.includes(p))).toEqual([]);
  return card;
}

function inputIds(card: CardJson): string[] {
  return card.body.filter((e) => e.type.startsWith("Input.")).map((e) => e.id!);
}

/** The data Teams sends when the form's submit button is clicked: the action's data and the inputs. */
function submission(card: CardJson, inputs: Record<string, string>): Record<string, unknown> {
  const submit = card.actions?.find((a) => a.type === "Action.Submit");
  expect(submit).toBeDefined();
  return { ...submit!.data, ...inputs };
}

describe.each(databaseKinds)("Teams forms on %s", (kind) => {
  let bot: RunningBot;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let activityCount = 0;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot(kind, "test/fixtures/org-teams.yml", {
      TEAMS_APP_ID: "",
      TEAMS_APP_PASSWORD: "",
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
      COMPLAINTS_WEBHOOK_SECRET: SECRET,
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  function activity(from: object, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    activityCount += 1;
    return {
      type: "message",
      id: `18000000${String(activityCount).padStart(5, "0")}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: "msteams",
      from,
      recipient: BOT,
      conversation: { id: `a:personal-${(from as { id: string }).id}`, conversationType: "personal", tenantId: "tenant-1" },
      channelData: { tenant: { id: "tenant-1" } },
      locale: "en-US",
      ...overrides,
    };
  }

  /** Posts an activity and returns the bot's answers to it: replies, and updates of the card it came from. */
  async function send(body: Record<string, unknown>): Promise<Received[]> {
    connector.received.length = 0;
    const response = await fetch(`${bot.base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const conversationId = (body.conversation as { id: string }).id;
    return connector.received.filter(
      (r) =>
        r.conversationId === conversationId &&
        (r.method === "PUT" ? body.replyToId !== undefined && r.activityId === body.replyToId : r.activityId === body.id),
    );
  }

  const say = (from: object, text: string, overrides: Record<string, unknown> = {}) => send(activity(from, { text, ...overrides }));

  /** A typed command answered with a form, as a new message. */
  async function openForm(from: object, text: string) {
    const [reply, ...more] = await say(from, text);
    expect(more).toEqual([]);
    expect(reply!.method).toBe("POST");
    return { card: cardOf(reply) };
  }

  /** Submits a form card from the message it was posted as. */
  const submit = (from: object, form: { card: CardJson }, inputs: Record<string, string>) =>
    send(activity(from, { value: submission(form.card, inputs), replyToId: "form-card" }));

  it("answers `idea` alone with the idea form", async () => {
    const { card } = await openForm(DANA, "idea");
    expect(inputIds(card)).toEqual(["title", "problem", "proposal", "department", "anonymous"]);
    expect(card.actions).toEqual([expect.objectContaining({ type: "Action.Submit", data: { action: "idea.submit" } })]);
    // Dana's own department is chosen for her.
    expect(card.body.find((e) => e.id === "department")).toMatchObject({ value: "billing" });
  });

  it("stores a submitted idea and replaces the form with its number", async () => {
    const form = await openForm(DANA, "idea");
    const [update, ...more] = await submit(DANA, form, { title: "Printed receipts in large type", problem: "", proposal: "", department: "billing", anonymous: "false" });
    expect(more).toEqual([]);
    expect(update!.method).toBe("PUT");
    expect(update!.activityId).toBe("form-card");
    const idea = await prisma().idea.findFirstOrThrow({ where: { title: "Printed receipts in large type" }, include: { department: true, proposer: true } });
    expect(idea.proposer.email).toBe("dana@acme.example");
    expect(idea.department.key).toBe("billing");
    expect(cardOf(update)).toEqual(renderAdaptiveCard(submittedReply("en", { id: idea.id, anonymous: false }, "Billing")));
  });

  it("shows a missing title on the form again and stores nothing", async () => {
    const form = await openForm(DANA, "idea");
    const ideasBefore = await prisma().idea.count();
    const [update] = await submit(DANA, form, { title: "  ", proposal: "Keep what I typed", department: "billing", anonymous: "false" });
    expect(update!.method).toBe("PUT");
    const card = cardOf(update);
    expect(inputIds(card)).toContain("title");
    expect(JSON.stringify(card)).toContain(t("en", "ideas.error.titleRequired").replace(/\.$/, ""));
    // What was typed is kept.
    expect(card.body.find((e) => e.id === "proposal")).toMatchObject({ value: "Keep what I typed" });
    expect(await prisma().idea.count()).toBe(ideasBefore);
  });

  it("stores once when Teams delivers the same submission twice", async () => {
    const form = await openForm(DANA, "idea");
    const retried = activity(DANA, { value: submission(form.card, { title: "Queue numbers by text message", department: "billing", anonymous: "false" }), replyToId: "form-card" });
    expect(await send(retried)).toHaveLength(1);
    expect(await send(retried)).toEqual([]);
    expect(await prisma().idea.count({ where: { title: "Queue numbers by text message" } })).toBe(1);
  });

  it("opens the approve form for a manager, approves on submission, and refuses others", async () => {
    const form = await openForm(MOSHE, "idea");
    await submit(MOSHE, form, { title: "Weekend refund desk", department: "billing", anonymous: "false" });
    const idea = await prisma().idea.findFirstOrThrow({ where: { title: "Weekend refund desk" } });
    const moshe = await prisma().employee.findUniqueOrThrow({ where: { email: "moshe@acme.example" } });
    const clickApprove = (from: object) => send(activity(from, { value: { action: "idea.approve", value: String(idea.id) }, replyToId: "review-card" }));

    // Moshe manages nothing: refused, and no form.
    const [refused, ...more] = await clickApprove(MOSHE);
    expect(more).toEqual([]);
    const refusalCard = cardOf(refused);
    expect(inputIds(refusalCard)).toEqual([]);
    expect(refusalCard).toEqual(renderAdaptiveCard(notice("en", t("en", "ideas.error.notManager", { department: "Billing" }))));
    // A submission made up without the form is refused by the service too.
    const [forged] = await send(activity(MOSHE, { value: { action: "idea.approve", state: `${idea.id}:SUBMITTED`, owner: MOSHE.aadObjectId, target: "", note: "" }, replyToId: "x" }));
    expect(cardOf(forged)).toEqual(renderAdaptiveCard(notice("en", t("en", "ideas.error.notManager", { department: "Billing" }))));
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("SUBMITTED");

    // Dana manages billing: the form opens as a new card, the review card stays.
    const [opened] = await clickApprove(DANA);
    expect(opened!.method).toBe("POST");
    const approveCard = cardOf(opened);
    expect(inputIds(approveCard)).toEqual(["owner", "target", "note"]);
    expect(approveCard.actions?.[0]?.data).toEqual({ action: "idea.approve", state: `${idea.id}:SUBMITTED` });

    // An owner the organisation file does not know is shown on the form.
    const [unknownOwner] = await submit(DANA, { card: approveCard }, { owner: "ffffffff-0000-4000-8000-000000000000", target: "", note: "" });
    expect(JSON.stringify(cardOf(unknownOwner))).toContain("I don't know this person yet");
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("SUBMITTED");

    const [approved] = await submit(DANA, { card: approveCard }, { owner: MOSHE.aadObjectId, target: "", note: "Go ahead" });
    expect(approved!.method).toBe("PUT");
    const after = await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } });
    expect(after.status).toBe("APPROVED");
    expect(after.ownerId).toBe(moshe.id);
    expect(JSON.stringify(cardOf(approved))).toContain("Weekend refund desk");
  });

  it("logs a complaint from the form, keeping the customer reference only as a hash", async () => {
    const form = await openForm(SHIRA, "complaint");
    expect(inputIds(form.card)).toEqual(expect.arrayContaining(["channel", "department", "text", "customer", "amount", "currency"]));
    const inputs = {
      channel: "phone",
      category: "invoice",
      department: "billing",
      text: "The invoice shows a fee nobody explained",
      customer: "cust-9917",
      returned: "false",
      legal_threat: "false",
      churn_threat: "true",
      retained: "true",
      reopened: "false",
      amount: "40",
      currency: "ILS",
    };
    const [update] = await submit(SHIRA, form, inputs);
    const complaint = await prisma().complaint.findFirstOrThrow({ where: { text: "The invoice shows a fee nobody explained" }, include: { department: true } });
    expect(complaint.channel).toBe("PHONE");
    expect(complaint.department?.key).toBe("billing");
    expect(complaint.customerHash).toBe(customerHasher(SECRET)("cust-9917"));
    expect(JSON.stringify(complaint)).not.toContain("cust-9917");
    expect(update!.method).toBe("PUT");
    expect(JSON.stringify(cardOf(update))).toContain(String(complaint.id));

    // Without text, the form comes back with the problem and nothing more is stored.
    const before = await prisma().complaint.count();
    const [problem] = await submit(SHIRA, form, { ...inputs, text: "" });
    expect(JSON.stringify(cardOf(problem))).toContain(t("en", "complaintForm.error.textRequired").replace(/\.$/, ""));
    expect(await prisma().complaint.count()).toBe(before);
  });

  it("publishes a story from the story form", async () => {
    const form = await openForm(SHIRA, "story");
    expect(inputIds(form.card)).toEqual(["text", "colleagues", "impact", "department", "confirm"]);
    const [update] = await submit(SHIRA, form, {
      text: "Moshe stayed late to fix a customer's double charge",
      colleagues: MOSHE.aadObjectId,
      impact: "",
      department: "billing",
      confirm: "false",
    });
    const story = await prisma().serviceStory.findFirstOrThrow({
      where: { text: "Moshe stayed late to fix a customer's double charge" },
      include: { colleagues: { include: { employee: true } } },
    });
    expect(story.status).toBe("PUBLISHED");
    expect(story.colleagues.map((c) => c.employee.email)).toEqual(["moshe@acme.example"]);
    expect(update!.method).toBe("PUT");
    expect(cardOf(update)).toEqual(renderAdaptiveCard(storyNotice("en", submittedText("en", { kind: "published", storyId: story.id, curators: [] }))));
  });

  it("publishes `story <text>`, with the colleagues @mentioned", async () => {
    const tag = `<at>${SHIRA.name}</at>`;
    const [reply] = await say(DANA, `story ${tag} calmed an angry caller and solved it`, {
      entities: [{ type: "mention", text: tag, mentioned: { id: SHIRA.aadObjectId, name: SHIRA.name } }],
    });
    const story = await prisma().serviceStory.findFirstOrThrow({
      where: { text: "@Shira Azulay calmed an angry caller and solved it" },
      include: { colleagues: { include: { employee: true } } },
    });
    expect(story.status).toBe("PUBLISHED");
    expect(story.colleagues.map((c) => c.employee.email)).toEqual(["shira@acme.example"]);
    expect(textOf(cardOf(reply))).toContain(String(story.id));
  });

  it("answers a form submitted as a Universal Action with the form and its problems", async () => {
    const form = await openForm(DANA, "idea");
    const body = activity(DANA, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "idea.submit", data: submission(form.card, { title: "", department: "billing", anonymous: "false" }) } },
    });
    const response = await fetch(`${bot.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { statusCode: number; type: string; value: CardJson };
    expect(answer).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(inputIds(answer.value)).toContain("title");
    expect(JSON.stringify(answer.value)).toContain(t("en", "ideas.error.titleRequired").replace(/\.$/, ""));
  });

  it("refuses tampered submissions without acting on them", async () => {
    const ideas = await prisma().idea.count();
    const refusal = renderAdaptiveCard(notice("en", t("en", "errors.notAllowed")));
    const tampered: unknown[] = [
      { action: "idea.approve", state: "1 OR 1=1", owner: DANA.aadObjectId },
      { action: "idea.submit", title: { nested: true } },
      { action: "idea.submit", title: "x".repeat(30_000) },
      { action: "complaint.move.department", state: "<script>", department: "billing" },
    ];
    for (const value of tampered) {
      const [reply, ...more] = await send(activity(DANA, { value, replyToId: "form-card" }));
      expect(more).toEqual([]);
      const card = cardOf(reply);
      expect(card).toEqual(refusal);
      expect(JSON.stringify(card)).not.toMatch(/<script>|OR 1=1/);
    }
    expect(await prisma().idea.count()).toBe(ideas);
  });
});

function textOf(card: CardJson): string {
  return card.body.map((e) => e.text ?? "").join("\n");
}
