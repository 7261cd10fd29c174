/**
 * Teams card buttons and the forms they open, over real HTTP: idea decisions, shift swaps
 * (by button, by form and by typed command with a Teams @mention), complaint moves and held
 * stories. The whole bot runs with test/fixtures/org-teams-rotation.yml, which plans and
 * publishes the rotation at start-up; Bot Framework activities are posted to /api/messages
 * and the replies, and proactive posts, are caught by a local Bot Connector stand-in.
 */
import { t } from "../../src/i18n";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { activityBuilder, BOT, buttonsOf, formCardOf as cardOf, inputIds, mention, personalChat as personal, sendActivity, startConnector, submission, textCard, textOf, UNAUTHENTICATED_TEAMS_ENV, type CardJson, type Connector, type Received } from "../helpers/teams";
import { eventually } from "../helpers/wait";

// Teams users of test/fixtures/org-teams-rotation.yml: Dana manages billing, Shira support.
const DANA = { id: "29:dana", aadObjectId: "0000da1a-0000-4000-8000-000000000001", name: "Dana Levi" };
const MOSHE = { id: "29:moshe", aadObjectId: "00005e00-0000-4000-8000-000000000002", name: "Moshe Cohen" };
const SHIRA = { id: "29:shira", aadObjectId: "00051a00-0000-4000-8000-000000000003", name: "Shira Azulay" };
const AVI = { id: "29:avi", aadObjectId: "0000a1b1-0000-4000-8000-000000000004", name: "Avi Friedman" };
// The organisation file holds Tamar's Bot Framework id rather than her Entra object id.
const TAMAR = { id: "29:tamar", aadObjectId: "0000ta3a-0000-4000-8000-000000000005", name: "Tamar Shapira" };
const OMER = { id: "29:omer", aadObjectId: "00000e3e-0000-4000-8000-000000000006", name: "Omer Dahan" };
const PEOPLE = [DANA, MOSHE, SHIRA, AVI, TAMAR, OMER];

describe.each(databaseKinds)("Teams card actions on %s", (kind) => {
  let bot: RunningBot;
  let connector: Connector;
  const prisma = () => bot.app.db.prisma;
  const employee = (person: { name: string }) => prisma().employee.findFirstOrThrow({ where: { name: person.name } });

  beforeAll(async () => {
    connector = await startConnector();
    bot = await startBot(kind, "test/fixtures/org-teams-rotation.yml", UNAUTHENTICATED_TEAMS_ENV);
    // Everyone says hello first, so that the bot can write to them.
    for (const person of PEOPLE) await say(person, "help");
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
  });

  const activity = activityBuilder({ serviceUrl: () => connector.url, idPrefix: "19000000", locale: "en-US" });

  /** Posts an activity and returns the bot's answers to it: replies, and updates of the card it came from. */
  const send = (body: Record<string, unknown>): Promise<Received[]> => sendActivity(bot.base, connector, body);

  const say = (from: object, text: string, overrides: Record<string, unknown> = {}) => send(activity(from, { text, ...overrides }));
  const click = (from: object, action: string, value: string, replyToId = "clicked-card") => send(activity(from, { value: { action, value }, replyToId }));
  const submit = (from: object, card: CardJson, inputs: Record<string, string>) =>
    send(activity(from, { value: submission(card, inputs), replyToId: "form-card" }));

  /** The one answer to an activity, as a card. */
  function only(replies: Received[]): CardJson {
    expect(replies).toHaveLength(1);
    return cardOf(replies[0]);
  }

  /** A proactive post into a person's personal chat whose text contains `words`. */
  const postedTo = (person: { id: string }, words: string) =>
    eventually(() => connector.received.find((r) => r.conversationId === personal(person) && r.activityId === undefined && JSON.stringify(r.body).includes(words)));

  async function ideaBy(person: object, title: string) {
    const form = only(await say(person, "idea"));
    await submit(person, form, { title, problem: "", proposal: "", department: "billing", anonymous: "false" });
    return prisma().idea.findFirstOrThrow({ where: { title } });
  }

  it("rejects an idea from the reject form, which needs a reason, and tells the proposer", async () => {
    const idea = await ideaBy(MOSHE, "Free coffee for callers on hold");
    const form = only(await click(DANA, "idea.reject", String(idea.id)));
    expect(inputIds(form)).toEqual(["note"]);

    const [missing] = await submit(DANA, form, { note: "  " });
    expect(missing!.method).toBe("PUT");
    expect(inputIds(cardOf(missing))).toEqual(["note"]);
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("SUBMITTED");

    const [rejected] = await submit(DANA, form, { note: "Callers cannot drink through the phone" });
    expect(rejected!.method).toBe("PUT");
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("REJECTED");
    await postedTo(MOSHE, "Callers cannot drink through the phone");
  });

  it("refuses the reject form to someone who manages nothing", async () => {
    const idea = await ideaBy(MOSHE, "Music on hold chosen by callers");
    const card = only(await click(AVI, "idea.reject", String(idea.id)));
    expect(inputIds(card)).toEqual([]);
    expect(textOf(card)).toContain(t("en", "ideas.error.notManager", { department: "Billing" }));
  });

  it("asks the proposer for details, who can answer with their own form", async () => {
    const idea = await ideaBy(MOSHE, "Callback instead of waiting");
    const form = only(await click(DANA, "idea.ask", String(idea.id)));
    const [asked] = await submit(DANA, form, { note: "Which hours would it cover?" });
    expect(textOf(cardOf(asked))).toContain(t("en", "ideas.asked", { number: idea.id }));
    const comments = await prisma().ideaComment.findMany({ where: { ideaId: idea.id } });
    expect(comments.map((c) => c.text)).toEqual(["Which hours would it cover?"]);
    await postedTo(MOSHE, "Which hours would it cover?");

    // Only the proposer may answer.
    expect(inputIds(only(await click(DANA, "idea.reply", String(idea.id))))).toEqual([]);
    const reply = only(await click(MOSHE, "idea.reply", String(idea.id)));
    const [replied] = await submit(MOSHE, reply, { note: "Office hours only" });
    expect(textOf(cardOf(replied))).toContain(t("en", "ideas.replied", { number: idea.id }));
  });

  it("starts work on an approved idea and marks it done", async () => {
    const idea = await ideaBy(AVI, "Shorter invoice lines");
    const approve = only(await click(DANA, "idea.approve", String(idea.id)));
    await submit(DANA, approve, { owner: MOSHE.aadObjectId, target: "", note: "" });
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("APPROVED");

    // Shira neither owns it nor manages billing.
    const refused = only(await click(SHIRA, "idea.start", String(idea.id)));
    expect(refused).toEqual(textCard("Only the owner of this idea, the managers of Billing and admins can do that. Nothing was changed."));
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("APPROVED");

    await click(MOSHE, "idea.start", String(idea.id));
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("IN_PROGRESS");
    await click(MOSHE, "idea.done", String(idea.id));
    expect((await prisma().idea.findUniqueOrThrow({ where: { id: idea.id } })).status).toBe("DONE");
  });

  /** A published shift to come, of someone with a Teams id, and a colleague to give it to. */
  async function offerable(notOf: number[] = []) {
    const shifts = await prisma().shift.findMany({
      where: { status: "PUBLISHED", startsAt: { gt: new Date(Date.now() + 3_600_000) }, employee: { teamsUserId: { not: null } }, swaps: { none: {} } },
      include: { employee: true },
      orderBy: { startsAt: "asc" },
    });
    const shift = shifts.find((s) => !notOf.includes(s.id));
    if (!shift) throw new Error(`no published shift to come of a Teams user, without a swap, other than #${notOf.join(", #")}`);
    const giver = PEOPLE.find((p) => p.name === shift!.employee!.name)!;
    const taker = PEOPLE.find((p) => p !== giver)!;
    return { shift: shift!, giver, taker };
  }

  it("offers a shift from the Offer button's swap form to the colleague picked", async () => {
    const { shift, giver, taker } = await offerable();
    const form = only(await click(giver, "rotation.offer", String(shift.id)));
    expect(inputIds(form)).toEqual(["shift", "colleague"]);
    expect(form.body.find((e) => e.id === "shift")).toMatchObject({ value: String(shift.id) });

    const takerRow = await employee(taker);
    const [offered] = await submit(giver, form, { shift: String(shift.id), colleague: takerRow.teamsUserId! });
    expect(textOf(cardOf(offered))).toContain(t("en", "rotation.swap.offeredTo", { id: shift.id, name: taker.name }));
    const swap = await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id } });
    expect(swap).toMatchObject({ status: "OFFERED", fromEmployeeId: shift.employeeId, toEmployeeId: takerRow.id });
    // The colleague gets the offer with its buttons.
    await postedTo(taker, "rotation.accept");
  });

  it("answers `rotation swap` alone with the swap form, and offers `rotation swap #id @colleague`", async () => {
    const { shift, giver } = await offerable();
    const form = only(await say(giver, "rotation swap"));
    expect(inputIds(form)).toEqual(["shift", "colleague"]);

    // Tamar is @mentioned by her Bot Framework id, which is what the organisation file holds.
    const taker = giver === TAMAR ? OMER : TAMAR;
    const { tag, entity } = mention(taker);
    const card = only(await say(giver, `rotation swap #${shift.id} ${tag}`, { entities: [entity] }));
    expect(textOf(card)).toContain(t("en", "rotation.swap.offeredTo", { id: shift.id, name: taker.name }));
    const swap = await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id } });
    expect(swap).toMatchObject({ status: "OFFERED", fromEmployeeId: shift.employeeId, toEmployeeId: (await employee(taker)).id });
  });

  it("finds a colleague @mentioned by their `29:` id when the file holds their Entra object id", async () => {
    const { shift, giver } = await offerable();
    const taker = PEOPLE.find((p) => p !== giver && p !== TAMAR)!;
    // In a channel the text also carries the bot's own mention, which names no colleague.
    const botTag = `<at>${BOT.name}</at>`;
    const botMention = { type: "mention", text: botTag, mentioned: { id: BOT.id, name: BOT.name } };
    const { tag } = mention(taker);
    const entity = { type: "mention", text: tag, mentioned: { id: taker.id, aadObjectId: taker.aadObjectId, name: taker.name } };
    const card = only(await say(giver, `${botTag} rotation swap #${shift.id} ${tag}`, { entities: [botMention, entity] }));
    expect(textOf(card)).toContain(t("en", "rotation.swap.offeredTo", { id: shift.id, name: taker.name }));
    expect((await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id } })).toEmployeeId).toBe((await employee(taker)).id);
  });

  it("refuses a swap to someone the organisation file does not list, or named without a mention", async () => {
    const { shift, giver } = await offerable();
    const stranger = { id: "29:stranger", name: "Stranger Danger" };
    const { tag, entity } = mention(stranger);
    const unknown = only(await say(giver, `rotation swap #${shift.id} ${tag}`, { entities: [entity] }));
    expect(textOf(unknown)).toContain(t("en", "rotation.swap.unknownPerson", { name: "Stranger Danger" }));
    const plain = only(await say(giver, `rotation swap #${shift.id} @Moshe`));
    expect(textOf(plain)).toContain(t("en", "rotation.swap.unknownPerson", { name: "@Moshe" }));
    expect(await prisma().swapRequest.count({ where: { shiftId: shift.id } })).toBe(0);
  });

  it("offers `rotation swap #id` to everyone, and refuses someone else's shift", async () => {
    const { shift, giver, taker } = await offerable();
    const notYours = only(await say(taker, `rotation swap #${shift.id}`));
    expect(textOf(notYours)).toContain(t("en", "rotation.swap.notYours", { id: shift.id }));
    const card = only(await say(giver, `rotation swap #${shift.id}`));
    expect(textOf(card)).toContain(t("en", "rotation.swap.offeredAll", { id: shift.id }));
    expect(await prisma().swapRequest.findFirstOrThrow({ where: { shiftId: shift.id } })).toMatchObject({ status: "OFFERED", toEmployeeId: null });
  });

  it("answers `rotation assign` with its usage without a mention, and refuses it to a non-manager", async () => {
    const { shift, taker } = await offerable();
    expect(only(await say(DANA, `rotation assign #${shift.id}`))).toEqual(textCard("Write /rotation assign #\\<shift> @\\<colleague>."));
    const holder = await prisma().employee.findUniqueOrThrow({ where: { id: shift.employeeId! } });
    const outsider = [AVI, OMER, MOSHE, TAMAR].find((p) => p.name !== holder.name)!;
    const { tag, entity } = mention(taker === outsider ? DANA : taker);
    const refused = only(await say(outsider, `rotation assign #${shift.id} ${tag}`, { entities: [entity] }));
    expect(textOf(refused)).toContain(t("en", "rotation.assign.notAllowed", { id: shift.id }));
    expect((await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(shift.employeeId);
  });

  it("moves a complaint from the Move form, recording the move, and refuses a non-manager", async () => {
    const billing = await prisma().department.findUniqueOrThrow({ where: { key: "billing" } });
    const support = await prisma().department.findUniqueOrThrow({ where: { key: "support" } });
    const complaint = await prisma().complaint.create({ data: { receivedAt: new Date(), text: "Charged twice for one delivery", departmentId: billing.id } });

    const refused = only(await click(MOSHE, "complaint.move", String(complaint.id)));
    expect(inputIds(refused)).toEqual([]);
    expect(textOf(refused)).toContain(t("en", "complaintMoves.notAllowed", { names: "Dana Levi" }));

    const form = only(await click(DANA, "complaint.move", String(complaint.id)));
    expect(inputIds(form)).toEqual(["department"]);
    const [moved] = await submit(DANA, form, { department: "support" });
    expect(textOf(cardOf(moved))).toContain(t("en", "complaintMoves.moved", { id: complaint.id, department: "Support" }));
    expect((await prisma().complaint.findUniqueOrThrow({ where: { id: complaint.id } })).departmentId).toBe(support.id);
    const moves = await prisma().complaintMove.findMany({ where: { complaintId: complaint.id } });
    expect(moves).toEqual([expect.objectContaining({ fromDepartmentId: billing.id, toDepartmentId: support.id, movedById: (await employee(DANA)).id })]);
  });

  it("lists the complaints waiting for a department, with a Move button each", async () => {
    const waiting = await prisma().complaint.create({ data: { receivedAt: new Date(), text: "Nobody knows whose fault this is" } });
    const card = only(await click(SHIRA, "complaint.unassigned", "queue"));
    expect(textOf(card)).toContain(`#${waiting.id}`);
    expect(buttonsOf(card)).toEqual(expect.arrayContaining([expect.objectContaining({ data: { action: "complaint.move", value: String(waiting.id) } })]));
    // Someone who manages nothing is refused.
    const refused = textOf(only(await click(MOSHE, "complaint.unassigned", "queue")));
    expect(refused).toContain(t("en", "complaintMoves.notAllowed", { names: "Dana Levi, Shira Azulay" }));
    expect(refused).not.toContain(`#${waiting.id}`);
  });

  async function heldStory(person: object, text: string) {
    const card = only(await say(person, `story ${text}`));
    const story = await prisma().serviceStory.findFirstOrThrow({ where: { text } });
    expect(story.status).toBe("DRAFT");
    expect(buttonsOf(card).map((b) => b.data.action)).toEqual(["story.post_anyway", "story.discard"]);
    return story;
  }

  it("publishes a held story with Post anyway, and only for its author", async () => {
    const story = await heldStory(SHIRA, "Omer wrote back to jane.doe@gmail.com within minutes");
    await click(DANA, "story.post_anyway", String(story.id));
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id: story.id } })).status).toBe("DRAFT");
    const [posted] = await click(SHIRA, "story.post_anyway", String(story.id));
    expect(posted!.method).toBe("PUT");
    const after = await prisma().serviceStory.findUniqueOrThrow({ where: { id: story.id } });
    expect(after).toMatchObject({ status: "PUBLISHED", personalDataConfirmed: true });
  });

  it("discards a held story", async () => {
    const story = await heldStory(OMER, "Avi called the customer at ron.katz@gmail.com back twice");
    const [discarded] = await click(OMER, "story.discard", String(story.id));
    expect(textOf(cardOf(discarded))).toContain(t("en", "stories.personalData.discarded"));
    expect(await prisma().serviceStory.findUnique({ where: { id: story.id } })).toBeNull();
  });
});
