/**
 * Teams forms over real HTTP: typed commands and buttons that open an Adaptive Card form,
 * and the form's submission, which is validated and handed to the same services as Slack's
 * modals. The whole bot runs with test/fixtures/org-teams.yml; Bot Framework activities are
 * posted to /api/messages and the replies are caught by a local Bot Connector stand-in.
 */
import { t } from "../../src/i18n";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { activityBuilder, formCardOf as cardOf, inputIds, mention, postActivity, sendActivity, startConnector, submission, textCard, textOf, UNAUTHENTICATED_TEAMS_ENV, type CardJson, type Connector, type Received } from "../helpers/teams";

// Teams users of test/fixtures/org-teams.yml: Dana manages billing, Moshe works there.
const DANA = { id: "29:dana", aadObjectId: "0000da1a-0000-4000-8000-000000000001", name: "Dana Levi" };
const MOSHE = { id: "29:moshe", aadObjectId: "00005e00-0000-4000-8000-000000000002", name: "Moshe Cohen" };
const SHIRA = { id: "29:shira", aadObjectId: "00051a00-0000-4000-8000-000000000003", name: "Shira Azulay" };
const SECRET = "teams-forms-test-secret";

describe.each(databaseKinds)("Teams forms on %s", (kind) => {
  let bot: RunningBot;
  let connector: Connector;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot(kind, "test/fixtures/org-teams.yml", {
      ...UNAUTHENTICATED_TEAMS_ENV,
      COMPLAINTS_WEBHOOK_SECRET: SECRET,
    });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  const activity = activityBuilder({ serviceUrl: () => connector.url, idPrefix: "18000000", locale: "en-US" });

  /** Posts an activity and returns the bot's answers to it: replies, and updates of the card it came from. */
  const send = (body: Record<string, unknown>): Promise<Received[]> => sendActivity(bot.base, connector, body, { clear: true });

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
    expect(cardOf(update)).toEqual(textCard(`Thanks! Your idea is #${idea.id}. Billing's managers will review it, and I'll message you whenever it moves.`));
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
    const notManager = textCard("Only the managers of Billing and admins can decide on this idea. Nothing was changed.");
    expect(refusalCard).toEqual(notManager);
    // A submission made up without the form is refused by the service too.
    const [forged] = await send(activity(MOSHE, { value: { action: "idea.approve", state: `${idea.id}:SUBMITTED`, owner: MOSHE.aadObjectId, target: "", note: "" }, replyToId: "x" }));
    expect(cardOf(forged)).toEqual(notManager);
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
    // HMAC-SHA256 of "cust-9917" under HKDF-SHA256(SECRET, salt "", info "customer-reference"), worked out apart from the bot.
    expect(complaint.customerHash).toBe("b238c5d6ac72930e98f1f613fc8456ee85fc2ee0730f7887ae70c9940564645f");
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
    expect(cardOf(update)).toEqual(textCard(`Thanks! Your story #${story.id} is published in the stories channel.`));
  });

  it("publishes `story <text>`, with the colleagues @mentioned", async () => {
    const { tag, entity } = mention(SHIRA, SHIRA.aadObjectId);
    const [reply] = await say(DANA, `story ${tag} calmed an angry caller and solved it`, { entities: [entity] });
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
    const response = await postActivity(bot.base, body);
    const answer = (await response.json()) as { statusCode: number; type: string; value: CardJson };
    expect(answer).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(inputIds(answer.value)).toContain("title");
    expect(JSON.stringify(answer.value)).toContain(t("en", "ideas.error.titleRequired").replace(/\.$/, ""));
  });

  it("refuses tampered submissions without acting on them", async () => {
    const ideas = await prisma().idea.count();
    const refusal = textCard("You are not allowed to do that.");
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
