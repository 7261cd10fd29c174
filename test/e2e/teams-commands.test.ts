/**
 * Teams commands and card buttons over real HTTP: the whole bot runs with examples/org.yml,
 * Bot Framework activities are posted to /api/messages, and the replies are caught by a
 * local stand-in for the Bot Connector service at the activities' serviceUrl.
 */
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { he } from "../../src/i18n/he";
import { parseAdaptiveCard } from "../helpers/adaptive-cards";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { activityBuilder, BOT, buttonsOf, cardOf, postActivity, sendActivity, startConnector, textCard, textOf, UNAUTHENTICATED_TEAMS_ENV, type CardJson, type Connector, type Received } from "../helpers/teams";

// Teams users of examples/org.yml (Hebrew speakers), and Daniel, given a Teams id below.
const DANA = { id: "29:1dana-aad-object-id", aadObjectId: "1dana-aad-object-id", name: "Dana (Teams)" };
const RIVKA = { id: "29:1rivka-aad-object-id", aadObjectId: "1rivka-aad-object-id", name: "Rivka" };
const DANIEL = { id: "29:daniel-green", aadObjectId: "daniel-aad-object-id", name: "Daniel" };
const STRANGER = { id: "29:stranger", aadObjectId: "stranger-aad-object-id", name: "Stranger" };

/** examples/org.yml with one English-speaking Teams user added. */
function orgFileWithEnglishTeamsUser(): string {
  const text = readFileSync("examples/org.yml", "utf8").replace(
    /(\n(\s+)slack_id: U0DANIEL\n)/,
    `$1$2teams_id: "${DANIEL.id}"\n`,
  );
  if (!text.includes(DANIEL.id)) throw new Error("examples/org.yml changed: Daniel's entry was not found");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "teams-org-")), "org.yml");
  writeFileSync(file, text);
  return file;
}

describe.each(databaseKinds)("Teams commands on %s", (kind) => {
  let bot: RunningBot;
  let connector: Connector;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    connector = await startConnector((count) => `reply-${count}`);
    bot = await startBot(kind, orgFileWithEnglishTeamsUser(), UNAUTHENTICATED_TEAMS_ENV);
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  const activity = activityBuilder({ serviceUrl: () => connector.url, idPrefix: "17000000", locale: "he-IL" });

  /**
   * Posts an activity and returns the bot's answers to it: replies to the activity and
   * updates of the card clicked. Proactive posts the outbox sends meanwhile (a new idea's
   * review, shift notices) go to conversations without an activity id and are left out.
   */
  const send = (body: Record<string, unknown>): Promise<Received[]> => sendActivity(bot.base, connector, body, { clear: true });

  const say = (from: object, text: string, overrides: Record<string, unknown> = {}) => send(activity(from, { text, ...overrides }));
  const click = (from: object, data: unknown, overrides: Record<string, unknown> = {}) =>
    send(activity(from, { value: data, replyToId: "card-1", ...overrides }));

  async function ideaTitled(title: string) {
    return prisma().idea.findFirstOrThrow({ where: { title }, include: { department: true } });
  }

  /** An idea of this test's own, proposed by Dana in Teams (each test's title shares no word with another's). */
  async function proposed(title: string) {
    await say(DANA, `idea ${title}`);
    return ideaTitled(title);
  }

  it("records `idea <text>` and answers in Hebrew with the idea's number", async () => {
    const [reply, ...more] = await say(DANA, "idea Better invoices");
    expect(more).toEqual([]);
    expect(reply!.method).toBe("POST");
    const idea = await ideaTitled("Better invoices");
    const proposer = await prisma().employee.findUniqueOrThrow({ where: { email: "dana@acme.example" } });
    expect(idea.proposerId).toBe(proposer.id);
    const card = cardOf(reply);
    expect(card.rtl).toBe(true);
    expect(textOf(card)).toContain(String(idea.id));
    expect(card).toEqual(textCard(`תודה! מספר הרעיון שלך הוא #${idea.id}. המנהלים של \u2068חשבונות\u2069 יבחנו אותו, ואעדכן אותך בכל שינוי.`, { rtl: true }));
  });

  it("does the work once when Teams retries the same activity", async () => {
    const retried = activity(DANA, { text: "idea Quicker refunds at the counter" });
    expect(await send(retried)).toHaveLength(1);
    // The retry is not answered again (nor offered its own idea as a similar one).
    expect(await send(retried)).toEqual([]);
    expect(await prisma().idea.count({ where: { title: "Quicker refunds at the counter" } })).toBe(1);
  });

  it("lists ideas with `ideas`, each with its vote button", async () => {
    const idea = await proposed("Umbrellas lent at store doors");
    const [reply] = await say(RIVKA, "ideas");
    const card = cardOf(reply);
    expect(card.rtl).toBe(true);
    expect(textOf(card)).toContain("Umbrellas lent at store doors");
    expect(buttonsOf(card).map((a) => a.data)).toContainEqual({ action: "ideas.vote", value: `${idea.id}:open:0` });
  });

  it("toggles a vote from a card's button and answers", async () => {
    const idea = await proposed("Quiet hour for phone callbacks");
    const rivka = await prisma().employee.findUniqueOrThrow({ where: { email: "rivka@acme.example" } });
    const votes = () => prisma().ideaVote.count({ where: { ideaId: idea.id, employeeId: rivka.id } });

    const [voted] = await click(RIVKA, { action: "idea.vote", value: String(idea.id) });
    expect(await votes()).toBe(1);
    expect(cardOf(voted)).toEqual(textCard(`הצבעת לרעיון #${idea.id}. אעדכן אותך כשיתקדם.`, { rtl: true }));

    const [unvoted] = await click(RIVKA, { action: "idea.vote", value: String(idea.id) });
    expect(await votes()).toBe(0);
    expect(cardOf(unvoted)).toEqual(textCard(`ביטלת את ההצבעה לרעיון #${idea.id}.`, { rtl: true }));
  });

  it("votes from a list and updates the list card in place", async () => {
    const idea = await proposed("Loyalty stamps on receipts");
    const [update, ...more] = await click(RIVKA, { action: "ideas.vote", value: `${idea.id}:open:0` });
    expect(more).toEqual([]);
    expect(update!.method).toBe("PUT");
    expect(update!.activityId).toBe("card-1");
    expect(textOf(cardOf(update))).toContain("Loyalty stamps on receipts");
    expect(await prisma().ideaVote.count({ where: { ideaId: idea.id } })).toBe(1);
  });

  it("answers `rotation mine` and `rotation now`", async () => {
    const dana = await prisma().employee.findUniqueOrThrow({ where: { email: "dana@acme.example" } });
    const hers = await prisma().shift.findMany({
      where: { employeeId: dana.id, status: { in: ["PLANNED", "PUBLISHED"] }, endsAt: { gt: new Date() } },
      orderBy: { startsAt: "asc" },
    });
    expect(hers.length).toBeGreaterThan(0); // examples/org.yml plans her on the support line at start-up
    const [mine] = await say(DANA, "rotation mine");
    const card = cardOf(mine);
    expect(card.rtl).toBe(true);
    const lines = textOf(card).split("\n").filter((l) => l !== "");
    expect(lines[0]).toBe("המשמרות הבאות שלך בקו השירות");
    // One line a shift, soonest first; one not yet published says so.
    const listed = lines.slice(1, -1);
    expect(listed.map((l) => /#(\d+)/.exec(l)?.[1])).toEqual(hers.slice(0, listed.length).map((s) => String(s.id)));
    for (const [i, line] of listed.entries()) expect([line, line.includes("_(טרם פורסמה)_")]).toEqual([line, hers[i]!.status === "PLANNED"]);
    expect(lines.at(-1)).toBe("כדי להעביר משמרת לעמית/ה: \u200e/rotation swap");

    const next = await prisma().shift.findFirstOrThrow({ where: { status: "PUBLISHED", startsAt: { gt: new Date() } }, orderBy: { startsAt: "asc" } });
    const following = await prisma().shift.findMany({ where: { status: "PUBLISHED", startsAt: next.startsAt }, include: { employee: true } });
    const [now] = await say(DANA, "rotation now");
    const nowText = textOf(cardOf(now));
    expect(nowText.split("\n")[0]).toBe("בקו השירות");
    for (const shift of following) expect(nowText).toContain(`#${shift.id} · \u2068${shift.employee!.name}\u2069`);
  });

  it("answers `story top`, `complaint queue` and `digest preview`", async () => {
    // No story is published in this file: the quarter's list is empty.
    const jerusalem = new Date(new Date().toLocaleString("en-US", { timeZone: "Asia/Jerusalem" }));
    const quarter = `רבעון ${Math.floor(jerusalem.getMonth() / 3) + 1} ${jerusalem.getFullYear()}`;
    expect(textOf(cardOf((await say(DANA, "story top"))[0]))).toBe(`הסיפורים האהובים ביותר · \u2068${quarter}\u2069\nעוד לא פורסמו סיפורים ברבעון הזה.`);
    // Dana is an administrator in examples/org.yml: she sees the queue and any digest.
    expect(textOf(cardOf((await say(DANA, "complaint queue"))[0]))).toBe("אין תלונות שמחכות למחלקה.");
    const [digest] = await say(DANA, "digest preview billing");
    const preview = textOf(cardOf(digest)).split("\n");
    expect(preview[0]).toMatch(/^התלונות השבוע · \u2068חשבונות\u2069 · \u2068\d{1,2}\.\d{1,2}–\d{1,2}\.\d{1,2}\u2069$/);
    expect(preview.slice(1)).toEqual(["תצוגה מקדימה: לא פורסם. רק את/ה רואה את זה.", "לא התקבלו תלונות השבוע."]);
    // Rivka manages nothing.
    const [refused] = await say(RIVKA, "digest preview");
    expect(textOf(cardOf(refused))).toBe("רק מנהלים ומנהלי מערכת יכולים לראות תצוגה מקדימה של סיכומי התלונות.");
  });

  it("answers an English speaker in English", async () => {
    const [reply] = await say(DANIEL, "idea Clearer delivery dates", { locale: "he-IL" });
    const idea = await ideaTitled("Clearer delivery dates");
    const card = cardOf(reply);
    expect(card.rtl).toBeUndefined();
    // The Hebrew department name is isolated, so the English sentence keeps its order around it.
    expect(card).toEqual(textCard(`Thanks! Your idea is #${idea.id}. \u2068שיווק\u2069's managers will review it, and I'll message you whenever it moves.`));
  });

  it("refuses a stranger's command with the Slack side's refusal, and stores nothing", async () => {
    const [reply] = await say(STRANGER, "idea Free coffee", { locale: "en-US" });
    const unknown = textCard("I don't know you yet: ask your administrator to add your email and Slack or Teams id to the organisation file.");
    expect(cardOf(reply)).toEqual(unknown);
    expect(await prisma().idea.count({ where: { title: "Free coffee" } })).toBe(0);

    const idea = await proposed("Water fountain near the tills");
    const [clicked] = await click(STRANGER, { action: "idea.vote", value: String(idea.id) }, { locale: "en-US" });
    expect(cardOf(clicked)).toEqual(unknown);
    expect(await prisma().ideaVote.count({ where: { ideaId: idea.id } })).toBe(0);
  });

  it("answers `help` and unknown words with the help card", async () => {
    const [reply] = await say(DANA, "what can you do?");
    const card = cardOf(reply);
    expect(reply!.body.summary).toBe(he.help.title);
    expect(textOf(card)).toContain(he.app.name);
  });

  it("reads a command after an @mention in a channel and answers in the thread", async () => {
    const channelId = "19:billing000000000000000@thread.tacv2";
    const [reply] = await say(DANA, `<at>${BOT.name}</at>&nbsp;idea Parking signs for visitors`, {
      conversation: { id: `${channelId};messageid=1700000000000`, conversationType: "channel", isGroup: true },
      channelData: { tenant: { id: "tenant-1" }, team: { id: "19:team@thread.tacv2" }, channel: { id: channelId } },
      entities: [{ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT }],
    });
    const idea = await ideaTitled("Parking signs for visitors");
    expect(reply!.conversationId).toBe(`${channelId};messageid=1700000000000`);
    expect(textOf(cardOf(reply))).toContain(String(idea.id));
  });

  it("answers a Universal Action (`adaptiveCard/action` invoke) with the card that replaces the clicked one", async () => {
    await proposed("Gift wrapping counter");
    const body = activity(RIVKA, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "ideas.page", data: { action: "ideas.page", value: "open:0" } } },
    });
    const response = await postActivity(bot.base, body);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { statusCode: number; type: string; value: CardJson };
    expect(answer).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(parseAdaptiveCard(answer.value)).toEqual([]);
    expect(textOf(answer.value)).toContain("Gift wrapping counter");
  });

  it("refuses tampered button data without acting on it or echoing it", async () => {
    const idea = await proposed("Bigger price labels");
    const votesBefore = await prisma().ideaVote.count();
    const refusal = textCard("אין לך הרשאה לעשות זאת.", { rtl: true });
    const tampered: unknown[] = [
      { action: "idea.vote", value: `${idea.id} OR 1=1 <b>x</b>` },
      { action: "idea.vote", value: "0" },
      { action: "idea.vote", value: 12 },
      { action: "admin.delete_everything", value: String(idea.id) },
      { action: "ideas.vote", value: `${idea.id}:<script>:0` },
      { action: "idea.vote", value: "9".repeat(500) },
      ["idea.vote", String(idea.id)],
    ];
    for (const data of tampered) {
        const [reply, ...more] = await click(RIVKA, data);
      expect(more).toEqual([]);
      const card = cardOf(reply);
      expect(card).toEqual(refusal);
      expect(JSON.stringify(card)).not.toMatch(/<script>|<b>|OR 1=1|delete_everything/);
    }
    expect(await prisma().ideaVote.count()).toBe(votesBefore);
  });
});
