import { loadOrganisationFile } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { nudgeStaleIdeaOwners } from "../../src/services/ideas/stale-ideas";
import { searchTermsOf } from "../../src/domain/similarity";
import { databaseKinds } from "../helpers/databases";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { postSlackCommand, postSlackEvent, postSlackInteraction, type SlackApiCall } from "../helpers/slack";
import { eventually } from "../helpers/wait";

/** Ideas in Slack, driven over signed HTTP against the Slack Web API stand-in. */
describe.each(databaseKinds)("ideas in Slack on %s", (kind) => {
  let bot: RunningBot;
  let base: string;
  const prisma = () => bot.app.db.prisma;

  beforeAll(async () => {
    bot = await startBot(kind);
    base = bot.base;
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const idea = (text: string, user: string, extra: Record<string, string> = {}) =>
    postSlackCommand(base, { command: "/idea", text, user_id: user, response_url: bot.slackApi.responseUrl, ...extra });

  async function submit(text: string, user: string): Promise<number> {
    const response = await idea(text, user);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { text: string };
    const number = /#(\d+)/.exec(body.text)?.[1];
    if (!number) throw new Error(`no idea number in ${body.text}`);
    return Number(number);
  }

  const click = (user: string, action: string, value: string, extra: Record<string, unknown> = {}) =>
    postSlackInteraction(base, {
      type: "block_actions",
      user: { id: user, username: user, team_id: "T0TEST" },
      container: { type: "message", message_ts: "1.000001", channel_id: "C0MARKETING", is_ephemeral: false },
      channel: { id: "C0MARKETING", name: "marketing" },
      message: { ts: "1.000001", text: "card" },
      response_url: bot.slackApi.responseUrl,
      actions: [{ type: "button", action_id: action, block_id: "b1", value, action_ts: `${Date.now() / 1000}` }],
      ...extra,
    });

  type StateValues = Record<string, Record<string, Record<string, unknown>>>;
  let viewCount = 0;
  const submitView = (user: string, callbackId: string, privateMetadata: string, values: StateValues) =>
    postSlackInteraction(base, {
      type: "view_submission",
      user: { id: user, username: user, team_id: "T0TEST" },
      view: {
        id: `V${++viewCount}${kind}`,
        hash: `h${viewCount}`,
        type: "modal",
        callback_id: callbackId,
        private_metadata: privateMetadata,
        team_id: "T0TEST",
        state: { values },
      },
    });
  const text = (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } });

  const postsTo = (channel: string) => bot.slackApi.callsOf("chat.postMessage").filter((c) => c.body.channel === channel);
  const json = (call: SlackApiCall) => JSON.stringify(call.body);
  const ideaRow = (id: number) => prisma().idea.findUniqueOrThrow({ where: { id }, include: { events: true, votes: true } });

  it("records /idea at once, answers with its number, and posts it for review", async () => {
    const id = await submit("Print the opening hours on every receipt", "U0DANIEL");
    const row = await ideaRow(id);
    expect(row).toMatchObject({ title: "Print the opening hours on every receipt", status: "SUBMITTED", anonymous: false });
    expect(row.events).toHaveLength(1);
    const review = await eventually(() => postsTo("C0MARKETING").find((c) => json(c).includes("opening hours on every receipt")));
    expect(json(review)).toContain("idea.approve");
    await eventually(() => prisma().ideaPost.findFirst({ where: { ideaId: id, channel: "C0MARKETING" } }));
  });

  it("shows similar open ideas before saving, and lets the proposer upvote one instead", async () => {
    const first = await submit("Explain the delivery fee on the checkout page", "U0DANIEL");
    const before = await prisma().idea.count();
    const response = await idea("Checkout page should explain the delivery fee", "U0YOSSI");
    const body = JSON.stringify(await response.json());
    expect(body).toContain(`#${first}`);
    expect(body).toContain("idea.upvote_similar");
    expect(await prisma().idea.count()).toBe(before);
    const draft = await prisma().ideaDraft.findFirstOrThrow({ orderBy: { createdAt: "desc" } });

    await click("U0YOSSI", "idea.upvote_similar", `${first}:${draft.id}`);
    await eventually(async () => (await ideaRow(first)).votes.length === 1);
    expect(await prisma().ideaDraft.findUnique({ where: { id: draft.id } })).toBeNull();
    expect(await prisma().idea.count()).toBe(before);
  });

  it("submits the draft anyway when the proposer insists, once", async () => {
    await submit("Wheelchair ramp at the Haifa store entrance", "U0DANIEL");
    const response = await idea("Build a wheelchair ramp for the Haifa store", "U0NOA");
    expect(JSON.stringify(await response.json())).toContain("idea.submit_draft");
    const draft = await prisma().ideaDraft.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    const before = await prisma().idea.count();
    await Promise.all([click("U0NOA", "idea.submit_draft", draft.id), click("U0NOA", "idea.submit_draft", draft.id)]);
    await eventually(async () => (await prisma().idea.count()) === before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await prisma().idea.count()).toBe(before + 1);
  });

  it("lets a manager approve with an owner and a target date, updates the card and tells the people concerned", async () => {
    const id = await submit("Add a FAQ link to the invoice email", "U0DANIEL");
    await click("U0YOSSI", "idea.approve", String(id));
    const opened = await eventually(() => bot.slackApi.callsOf("views.open").find((c) => json(c).includes(`"private_metadata":"${id}:SUBMITTED"`)));
    expect(json(opened)).toContain('"callback_id":"idea.approve"');

    const response = await submitView("U0YOSSI", "idea.approve", String(id), {
      owner: { owner: { type: "users_select", selected_user: "U0NOA" } },
      target: { target: { type: "datepicker", selected_date: "2099-01-31" } },
      ...text("note", "Go ahead"),
    });
    expect(response.status).toBe(200);
    const row = await ideaRow(id);
    const noa = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0NOA" } });
    expect(row).toMatchObject({ status: "APPROVED", ownerId: noa.id });
    expect(row.targetDate?.toISOString().slice(0, 10)).toBe("2099-01-31");
    expect(row.events.map((e) => e.toStatus)).toEqual(["SUBMITTED", "APPROVED"]);

    // The proposer (English), and the owner (Hebrew by company default) hear about it.
    await eventually(() => postsTo("U0DANIEL").find((c) => json(c).includes(`#${id}`) && json(c).includes("was approved")));
    await eventually(() => postsTo("U0NOA").find((c) => json(c).includes(`#${id}`)));
    // The review card shows the decision: updated in place, or posted with it if the decision came first.
    await eventually(() =>
      [...bot.slackApi.callsOf("chat.update"), ...postsTo("C0MARKETING")].find((c) => json(c).includes(`#${id}`) && json(c).includes("אושר")),
    );
  });

  it("refuses someone who is not the department's manager, and changes nothing", async () => {
    const id = await submit("Shorter hold music on the support line", "U0DANIEL");
    const opensBefore = bot.slackApi.callsOf("views.open").length;
    const responsesBefore = bot.slackApi.callsOf("response").length;
    await click("U0MOSHE", "idea.approve", String(id));
    const refusal = await eventually(() => bot.slackApi.callsOf("response").slice(responsesBefore).find((c) => json(c).includes("ephemeral")));
    expect(json(refusal)).toContain("שיווק"); // "only the managers of <marketing>", in Moshe's Hebrew
    expect(bot.slackApi.callsOf("views.open")).toHaveLength(opensBefore);

    // A forged form submission is checked again on the server.
    await submitView("U0MOSHE", "idea.reject", String(id), text("note", "no"));
    expect((await ideaRow(id)).status).toBe("SUBMITTED");
    expect((await ideaRow(id)).events).toHaveLength(1);
  });

  it("lets only one of two simultaneous decisions through; the other sees the first", async () => {
    const id = await submit("Call back customers who waited more than ten minutes", "U0DANIEL");
    // Both managers opened their forms while the idea was still submitted.
    const approve = submitView("U0YOSSI", "idea.approve", `${id}:SUBMITTED`, { owner: { owner: { type: "users_select", selected_user: "U0YOSSI" } } });
    const reject = submitView("U0NOA", "idea.reject", `${id}:SUBMITTED`, text("note", "Not now"));
    const answers = await Promise.all([approve, reject].map(async (r) => (await r).text()));
    const row = await ideaRow(id);
    expect(row.events).toHaveLength(2);
    expect(["APPROVED", "REJECTED"]).toContain(row.status);
    const loser = answers.find((a) => a.includes("response_action"));
    expect(loser).toMatch(/#\d+/);
  });

  it("rejects with a reason, and asks for one in the field when it is missing", async () => {
    const id = await submit("Free parking for store visitors", "U0DANIEL");
    const missing = await submitView("U0YOSSI", "idea.reject", String(id), text("note", null));
    expect(await missing.json()).toMatchObject({ response_action: "errors", errors: { note: expect.any(String) } });
    expect((await ideaRow(id)).status).toBe("SUBMITTED");

    await submitView("U0YOSSI", "idea.reject", String(id), text("note", "The lease does not allow it"));
    expect(await ideaRow(id)).toMatchObject({ status: "REJECTED", rejectionReason: "The lease does not allow it" });
    await eventually(() => postsTo("U0DANIEL").find((c) => json(c).includes("The lease does not allow it")));
  });

  it("toggles one vote per person and updates the count in place", async () => {
    const id = await submit("A quiet room for difficult phone conversations", "U0DANIEL");
    await click("U0MOSHE", "idea.vote", String(id));
    await eventually(async () => (await ideaRow(id)).votes.length === 1);
    await eventually(() => bot.slackApi.callsOf("chat.update").find((c) => json(c).includes(`#${id}`) && json(c).includes("· 1")));
    await click("U0MOSHE", "idea.vote", String(id));
    await eventually(async () => (await ideaRow(id)).votes.length === 0);
  });

  it("keeps an anonymous proposer hidden from everyone while still telling them", async () => {
    const response = await submitView("U0OMER", "idea.submit", "", {
      ...text("title", "Let agents refund small amounts themselves"),
      ...text("problem", "Customers wait a day for a 20 shekel refund"),
      department: { department: { type: "static_select", selected_option: { value: "billing" } } },
      anonymous: { anonymous: { type: "checkboxes", selected_options: [{ value: "yes" }] } },
    });
    expect(response.status).toBe(200);
    const row = await prisma().idea.findFirstOrThrow({ where: { title: "Let agents refund small amounts themselves" } });
    expect(row.anonymous).toBe(true);
    const card = await eventually(() => postsTo("C0BILLING").find((c) => json(c).includes("refund small amounts")));
    expect(json(card)).not.toContain("U0OMER");
    expect(json(card)).not.toContain("עומר");

    // The manager opens the approve form: still no name; the proposer is told of the decision.
    await submitView("U0DANA", "idea.approve", String(row.id), { owner: { owner: { type: "users_select", selected_user: "U0MOSHE" } } });
    await eventually(() => postsTo("U0OMER").find((c) => json(c).includes(`#${row.id}`) && json(c).includes("אושר")));
    const updates = bot.slackApi.callsOf("chat.update").filter((c) => json(c).includes(`#${row.id}`));
    for (const update of updates) expect(json(update)).not.toContain("עומר");

    const list = await postSlackCommand(base, { command: "/ideas", text: "", user_id: "U0DANA" });
    const listed = JSON.stringify(await list.json());
    expect(listed).toContain("refund small amounts");
    expect(listed).not.toContain("עומר");
  });

  it("does nothing twice when Slack retries a command", async () => {
    // A text without search terms, so the similar-idea check cannot catch the retry: only the request guards can.
    const text = "More of this, please!";
    expect(searchTermsOf(text)).toEqual([]);
    const fields = { trigger_id: "trig.retry-1" };
    const first = await idea(text, "U0DANIEL", fields);
    expect(first.status).toBe(200);
    const { text: answer } = (await first.json()) as { text: string };
    const [saved] = await prisma().idea.findMany({ where: { title: text } });
    expect(answer).toContain(`#${saved!.id}`);
    const retry = await postSlackCommand(
      base,
      { command: "/idea", text, user_id: "U0DANIEL", response_url: bot.slackApi.responseUrl, ...fields },
      { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" },
    );
    expect(retry.status).toBe(200);
    expect((await prisma().idea.findMany({ where: { title: text } })).map((i) => i.id)).toEqual([saved!.id]);
  });

  it("posts user text literally: no mention, broadcast or disguised link can be injected", async () => {
    const id = await submit("Ping <!channel> and <@U0DANA> at <https://evil.example|bank> now", "U0DANIEL");
    const card = await eventually(() => postsTo("C0MARKETING").find((c) => json(c).includes("evil.example")));
    const posted = json(card);
    expect(posted).toContain(`#${id}`);
    expect(posted).not.toContain("<!channel>");
    expect(posted).not.toContain("<@U0DANA>");
    expect(posted).not.toContain("<https://evil.example");
    expect(posted).toContain("&lt;!channel&gt;");
  });

  it("says in the field itself, in the proposer's language, what is wrong with the form", async () => {
    const response = await submitView("U0DANA", "idea.submit", "", {
      ...text("title", "x".repeat(151)),
      department: { department: { type: "static_select", selected_option: { value: "billing" } } },
    });
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors.title).toContain("150");
    expect(body.errors.title).toMatch(/[\u0590-\u05FF]/);
  });

  it("retries a post Slack rate-limited, after Retry-After, without posting twice", async () => {
    bot.slackApi.script("chat.postMessage", { status: 429, headers: { "Retry-After": "1" }, body: { ok: false, error: "ratelimited" } });
    const id = await submit("Show the queue length to callers", "U0DANIEL");
    await eventually(() => prisma().ideaPost.findFirst({ where: { ideaId: id } }));
    const outbox = await prisma().outboxMessage.findFirstOrThrow({ where: { dedupeKey: `SLACK:idea:${id}:review` } });
    expect(outbox).toMatchObject({ status: "SENT", attempts: 2 });
    expect(postsTo("C0MARKETING").filter((c) => json(c).includes("Show the queue length"))).toHaveLength(2); // one refused, one posted
    expect(await prisma().ideaPost.count({ where: { ideaId: id } })).toBe(1);
  });

  it("moves an approved idea through the work to done, by its owner only, and refuses invalid steps", async () => {
    const id = await submit("Label the returns shelf in Hebrew and Arabic", "U0DANIEL");
    const responses = bot.slackApi.callsOf("response").length;
    await click("U0YOSSI", "idea.done", String(id));
    await eventually(() => bot.slackApi.callsOf("response").slice(responses).length > 0);
    expect((await ideaRow(id)).status).toBe("SUBMITTED");

    await submitView("U0YOSSI", "idea.approve", String(id), { owner: { owner: { type: "users_select", selected_user: "U0DANIEL" } } });
    await click("U0DANIEL", "idea.start", String(id));
    await eventually(async () => (await ideaRow(id)).status === "IN_PROGRESS");
    await click("U0DANIEL", "idea.done", String(id));
    await eventually(async () => (await ideaRow(id)).status === "DONE");
    expect((await ideaRow(id)).events.map((e) => e.toStatus)).toEqual(["SUBMITTED", "APPROVED", "IN_PROGRESS", "DONE"]);
  });

  it("nudges each owner of ideas in progress too long, once per weekly run", async () => {
    const id = await submit("Translate the returns policy into Russian", "U0DANIEL");
    await submitView("U0YOSSI", "idea.approve", String(id), { owner: { owner: { type: "users_select", selected_user: "U0YOSSI" } } });
    await click("U0YOSSI", "idea.start", String(id));
    await eventually(async () => (await ideaRow(id)).status === "IN_PROGRESS");
    await prisma().idea.update({ where: { id }, data: { statusChangedAt: new Date(Date.now() - 30 * 86_400_000) } });

    const { organisation } = await loadOrganisationFile("examples/org.yml");
    const deps = { prisma: prisma(), logger: createLogger("silent"), organisation: () => organisation, platforms: ["SLACK" as const], outboxKick: () => undefined, shiftsChanged: () => undefined };
    expect(await nudgeStaleIdeaOwners(deps, "2026-11-22T07:00:00.000Z", new Date())).toBe(1);
    await nudgeStaleIdeaOwners(deps, "2026-11-22T07:00:00.000Z", new Date());
    const nudges = await eventually(() => {
      const found = postsTo("U0YOSSI").filter((c) => json(c).includes(`#${id}`) && json(c).includes("14"));
      return found.length ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 1200));
    expect(postsTo("U0YOSSI").filter((c) => json(c).includes(`#${id}`) && json(c).includes("14"))).toHaveLength(nudges.length);
    expect(nudges).toHaveLength(1);
    expect(json(nudges[0]!)).toContain("idea.done");
  });

  it("turns a message into an idea form, prefilled and linking back to it", async () => {
    await postSlackInteraction(base, {
      type: "message_action",
      callback_id: "idea_from_message",
      user: { id: "U0DANIEL", username: "daniel", team_id: "T0TEST" },
      channel: { id: "C0SUPPORT", name: "support" },
      message: { type: "message", ts: "1763800000.000100", text: "Customers keep asking where the tracking number is" },
      message_ts: "1763800000.000100",
      response_url: bot.slackApi.responseUrl,
    });
    const opened = await eventually(() => bot.slackApi.callsOf("views.open").find((c) => json(c).includes("tracking number")));
    expect(json(opened)).toContain("https://acme.slack.com/archives/C0SUPPORT/p1763800000000100");
    expect(json(opened)).toContain('"callback_id":"idea.submit"');
  });

  it("lets a manager ask for details and the proposer answer, shown on the card", async () => {
    const id = await submit("Send the invoice as a PDF attachment", "U0DANIEL");
    await submitView("U0YOSSI", "idea.ask", `${id}:SUBMITTED`, text("note", "Which customers asked for it?"));
    const question = await eventually(() => postsTo("U0DANIEL").find((c) => json(c).includes("Which customers asked")));
    expect(json(question)).toContain("idea.reply");
    // Only the proposer may answer.
    await submitView("U0MOSHE", "idea.reply", String(id), text("note", "Me!"));
    await submitView("U0DANIEL", "idea.reply", String(id), text("note", "Business customers"));
    const comments = await prisma().ideaComment.findMany({ where: { ideaId: id }, orderBy: { id: "asc" } });
    expect(comments.map((c) => c.text)).toEqual(["Which customers asked for it?", "Business customers"]);
    await eventually(() => postsTo("U0YOSSI").find((c) => json(c).includes("Business customers")));
  });

  it("merges an idea into another, carrying its votes over and telling its voters", async () => {
    const from = await submit("Greet returning customers by name at the till", "U0DANIEL");
    const into = await submit("Loyalty card scanner for every cash register", "U0NOA");
    await click("U0MOSHE", "idea.vote", String(from));
    await eventually(async () => (await ideaRow(from)).votes.length === 1);
    const wrong = await submitView("U0YOSSI", "idea.merge", `${from}:SUBMITTED`, text("into", String(from)));
    expect(await wrong.json()).toMatchObject({ response_action: "errors", errors: { into: expect.any(String) } });
    await submitView("U0YOSSI", "idea.merge", `${from}:SUBMITTED`, text("into", `#${into}`));
    expect(await ideaRow(from)).toMatchObject({ status: "MERGED", mergedIntoId: into });
    const daniel = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0DANIEL" } });
    const moshe = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0MOSHE" } });
    // Moshe's vote went with it, and its proposer now backs the idea it joined.
    expect((await ideaRow(into)).votes.map((v) => v.employeeId).sort()).toEqual([daniel.id, moshe.id].sort());
  });

  it("tells voters when an idea they voted for is approved, unless they muted it", async () => {
    const id = await submit("Birthday discount coupons by SMS", "U0DANIEL");
    await click("U0MOSHE", "idea.vote", String(id));
    await click("U0SHIRA", "idea.vote", String(id));
    await eventually(async () => (await ideaRow(id)).votes.length === 2);
    await click("U0SHIRA", "idea.mute", String(id));
    await eventually(async () => (await prisma().ideaVote.findMany({ where: { ideaId: id, mutedUpdates: true } })).length === 1);
    await submitView("U0YOSSI", "idea.approve", `${id}:SUBMITTED`, { owner: { owner: { type: "users_select", selected_user: "U0YOSSI" } } });
    // By the idea's title: "#<number>" alone also matches a shift of the same number in a roster.
    const aboutIt = (c: SlackApiCall) => json(c).includes(`#${id}`) && json(c).includes("Birthday discount coupons");
    const told = await eventually(() => postsTo("U0MOSHE").find(aboutIt));
    expect(json(told)).toContain("idea.mute");
    await new Promise((r) => setTimeout(r, 500));
    expect(postsTo("U0SHIRA").filter(aboutIt)).toHaveLength(0);
  });

  it("opens the idea form for /idea alone, with the proposer's department chosen", async () => {
    const trigger = `trig.form-${kind}`;
    const response = await idea("   ", "U0DANIEL", { trigger_id: trigger });
    expect(response.status).toBe(200);
    const opened = await eventually(() => bot.slackApi.callsOf("views.open").find((c) => c.body.trigger_id === trigger));
    const view = opened.body.view as { callback_id: string; blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] };
    expect(view.callback_id).toBe("idea.submit");
    expect(view.blocks.find((b) => b.block_id === "department")?.element?.initial_option?.value).toBe("marketing");
  });

  it("shows managers their review queue on the App Home tab", async () => {
    const id = await submit("Name badges in Hebrew and English", "U0DANIEL");
    const before = bot.slackApi.callsOf("views.publish").length;
    await postSlackEvent(base, { type: "app_home_opened", user: "U0YOSSI", tab: "home", channel: "D0YOSSI" });
    const home = await eventually(() => bot.slackApi.callsOf("views.publish").slice(before).find((c) => c.body.user_id === "U0YOSSI"));
    expect(json(home)).toContain("ממתינים להחלטה שלך");
    expect(json(home)).toMatch(new RegExp(`#${id} \u2068?Name badges in Hebrew and English`));
  });

  it("lists the backlog with filters", async () => {
    const mine = await postSlackCommand(base, { command: "/ideas", text: "mine", user_id: "U0DANIEL" });
    const body = JSON.stringify(await mine.json());
    expect(body).toContain("My ideas");
    const daniel = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0DANIEL" } });
    const his = await prisma().idea.findMany({ where: { proposerId: daniel.id }, orderBy: { id: "desc" } });
    expect(his.length).toBeGreaterThan(8);
    expect(body).toContain(his[0]!.title);
    expect(body).not.toContain(his[8]!.title);
    expect(body).toContain('"value":"mine:1"');
    const responses = bot.slackApi.callsOf("response").length;
    await click("U0DANIEL", "ideas.page", "mine:1");
    const page = await eventually(() => bot.slackApi.callsOf("response")[responses]);
    expect(json(page)).toContain(his[8]!.title);
    expect(page.body.replace_original).toBe(true);
    const billing = await postSlackCommand(base, { command: "/ideas", text: "department חשבונות", user_id: "U0DANIEL" });
    const billingList = JSON.stringify(await billing.json());
    expect(billingList).toContain("refund small amounts");
    expect(billingList).not.toContain("Print the opening hours");
    expect(billingList).not.toContain("department-billing:1"); // one page only
    const nowhere = await postSlackCommand(base, { command: "/ideas", text: "department nowhere", user_id: "U0DANIEL" });
    expect(JSON.stringify(await nowhere.json())).toContain("billing, marketing, stores, support");
    const unknown = await postSlackCommand(base, { command: "/ideas", text: "whatever", user_id: "U0DANIEL" });
    expect(JSON.stringify(await unknown.json())).toContain("/ideas mine");
  });
});
