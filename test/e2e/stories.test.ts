import { databaseKinds } from "../helpers/databases";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { postSlackCommand, postSlackInteraction, type SlackApiCall } from "../helpers/slack";
import { eventually } from "../helpers/wait";

/** Helpers shared by both organisations: commands, clicks and forms over signed HTTP. */
function storyDriver(bot: () => RunningBot, kind: string) {
  const base = () => bot().base;
  const api = () => bot().slackApi;
  let viewCount = 0;
  type StateValues = Record<string, Record<string, Record<string, unknown>>>;
  const json = (call: SlackApiCall) => JSON.stringify(call.body);
  return {
    json,
    prisma: () => bot().app.db.prisma,
    story: (text: string, user: string, extra: Record<string, string> = {}) =>
      postSlackCommand(base(), { command: "/story", text, user_id: user, response_url: api().responseUrl, ...extra }),
    click: (user: string, action: string, value: string) =>
      postSlackInteraction(base(), {
        type: "block_actions",
        user: { id: user, username: user, team_id: "T0TEST" },
        container: { type: "message", message_ts: "1.000001", channel_id: `D${user}`, is_ephemeral: false },
        channel: { id: `D${user}`, name: "directmessage" },
        message: { ts: "1.000001", text: "story" },
        response_url: api().responseUrl,
        actions: [{ type: "button", action_id: action, block_id: "b1", value, action_ts: `${Date.now() / 1000}` }],
      }),
    submitView: (user: string, privateMetadata: string, values: StateValues) =>
      postSlackInteraction(base(), {
        type: "view_submission",
        user: { id: user, username: user, team_id: "T0TEST" },
        view: {
          id: `VS${++viewCount}${kind}`,
          hash: `h${viewCount}`,
          type: "modal",
          callback_id: "story.submit",
          private_metadata: privateMetadata,
          team_id: "T0TEST",
          state: { values },
        },
      }),
    text: (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } }),
    postsTo: (channel: string) => api().callsOf("chat.postMessage").filter((c) => c.body.channel === channel),
    responsesSince: (count: number) => api().callsOf("response").slice(count),
    responseCount: () => api().callsOf("response").length,
  };
}

describe.each(databaseKinds)("service stories, published at once, on %s", (kind) => {
  let bot: RunningBot;
  const d = storyDriver(() => bot, kind);
  const { json, prisma, postsTo } = d;

  beforeAll(async () => {
    bot = await startBot(kind, "test/fixtures/org-stories-open.yml");
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const latestStory = () => prisma().serviceStory.findFirstOrThrow({ orderBy: { id: "desc" }, include: { colleagues: true, posts: true } });

  it("publishes /story <text> to the stories channel and the colleague's department, records the posts and tells the colleague", async () => {
    const before = d.responseCount();
    const response = await d.story("A customer's flight was cancelled and <@U0DANA|dana> rebooked it by phone in ten minutes", "U0DANIEL");
    expect(response.status).toBe(200);
    const reply = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("published")));
    expect(reply.body.response_type).toBe("ephemeral");
    const story = await latestStory();
    expect(story.status).toBe("PUBLISHED");
    expect(story.text).toBe("A customer's flight was cancelled and @דנה לוי rebooked it by phone in ten minutes");
    const dana = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0DANA" } });
    expect(story.colleagues.map((c) => c.employeeId)).toEqual([dana.id]);
    expect(json(reply)).toContain(`#${story.id}`);

    // The company channel and Dana's department each get the story once; Daniel's own department does not.
    const company = await eventually(() => postsTo("C0STORIES").find((c) => json(c).includes("rebooked it by phone")));
    const billing = await eventually(() => postsTo("C0BILLING").find((c) => json(c).includes("rebooked it by phone")));
    expect(json(company)).toContain("<@U0DANA>"); // the colleague is mentioned by the bot, as a person
    expect(json(billing)).toContain("<@U0DANIEL>");
    expect(postsTo("C0MARKETING").filter((c) => json(c).includes("rebooked it by phone"))).toHaveLength(0);
    const told = await eventually(() => postsTo("U0DANA").find((c) => json(c).includes("rebooked it by phone")));
    expect(json(told)).toContain("Daniel Green");
    expect(json(told)).toMatch(/[\u0590-\u05FF]/); // in Dana's Hebrew

    // Each post's channel and message ts are recorded, as the Slack stand-in returned them.
    const posts = await eventually(async () => {
      const rows = await prisma().storyPost.findMany({ where: { storyId: story.id }, orderBy: { channel: "asc" } });
      return rows.length === 2 ? rows : undefined;
    });
    expect(posts.map((p) => [p.platform, p.channel])).toEqual([
      ["SLACK", "C0BILLING"],
      ["SLACK", "C0STORIES"],
    ]);
    for (const post of posts) {
      expect(post.messageId).toMatch(/^\d+\.\d{6}$/);
      const sent = await prisma().outboxMessage.findFirstOrThrow({ where: { dedupeKey: `SLACK:story:${story.id}:post:${post.channel}` } });
      expect(sent).toMatchObject({ status: "SENT", sentMessageId: post.messageId });
    }
  });

  it("posts user text literally: no broadcast, mention or disguised link from a story", async () => {
    await d.story("Ping <!channel> and <https://evil.example|the bank> about our hero", "U0DANIEL");
    const card = await eventually(() => postsTo("C0STORIES").find((c) => json(c).includes("evil.example")));
    const posted = json(card);
    expect(posted).not.toContain("<!channel>");
    expect(posted).not.toContain("<https://evil.example");
    expect(posted).toContain("&lt;!channel&gt;");
  });

  it("holds /story <text> with a customer's personal data until its author posts it anyway, once", async () => {
    const before = d.responseCount();
    const postsBefore = postsTo("C0STORIES").length;
    await d.story("Shira called the customer back at dana.cohen@example.com and 052-1234567 the same day <@U0SHIRA>", "U0DANIEL");
    const hold = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("story.post_anyway")));
    expect(json(hold)).toContain("d…@example.com");
    expect(json(hold)).toContain("…67");
    expect(json(hold)).not.toContain("dana.cohen@example.com");
    expect(json(hold)).not.toContain("1234567");
    const draft = await latestStory();
    expect(draft.status).toBe("DRAFT");
    const button = (hold.body.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === "story.post_anyway");
    expect(button?.value).toBe(String(draft.id)); // only the id, never the text

    // Someone else cannot post it; the author can, and a double click posts once.
    await d.click("U0MOSHE", "story.post_anyway", String(draft.id));
    await eventually(() => d.responsesSince(before).find((c) => json(c).includes("כבר פורסם או בוטל")));
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
    await Promise.all([d.click("U0DANIEL", "story.post_anyway", String(draft.id)), d.click("U0DANIEL", "story.post_anyway", String(draft.id))]);
    await eventually(() => postsTo("C0STORIES").slice(postsBefore).find((c) => json(c).includes("called the customer back")));
    await eventually(() => postsTo("C0SUPPORT").find((c) => json(c).includes("called the customer back")));
    await new Promise((r) => setTimeout(r, 500));
    expect(postsTo("C0STORIES").filter((c) => json(c).includes("called the customer back"))).toHaveLength(1);
    expect(await prisma().serviceStory.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "PUBLISHED", personalDataConfirmed: true });
  });

  it("discards a held story when its author says so", async () => {
    const before = d.responseCount();
    await d.story("The customer paid with 4111 1111 1111 1111 and got a refund from <@U0MOSHE>", "U0DANIEL");
    const hold = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("story.discard")));
    expect(json(hold)).toContain("a card number (…1111)");
    const draft = await latestStory();
    expect(draft.status).toBe("DRAFT");
    await d.click("U0DANIEL", "story.discard", String(draft.id));
    await eventually(async () => (await prisma().serviceStory.findUnique({ where: { id: draft.id } })) === null);
  });

  it("opens the form for /story alone, refuses personal data in the fields until confirmed, then publishes", async () => {
    const trigger = `trig.story-form-${kind}`;
    await d.story("  ", "U0DANIEL", { trigger_id: trigger });
    const opened = await eventually(() => bot.slackApi.callsOf("views.open").find((c) => c.body.trigger_id === trigger));
    const view = opened.body.view as { callback_id: string; blocks: { block_id?: string; element?: { type: string } }[] };
    expect(view.callback_id).toBe("story.submit");
    expect(view.blocks.find((b) => b.block_id === "colleagues")?.element?.type).toBe("multi_users_select");
    expect(view.blocks.find((b) => b.block_id === "confirm")?.element?.type).toBe("checkboxes");

    const count = await prisma().serviceStory.count();
    const values = {
      ...d.text("text", "Moshe drove the replacement router to the customer himself"),
      ...d.text("impact", "The customer, ID 123456782, was online before the weekend"),
      colleagues: { colleagues: { type: "multi_users_select", selected_users: ["U0MOSHE", "U0SHIRA"] } },
      department: { department: { type: "static_select", selected_option: { value: "marketing" } } },
    };
    const refused = await d.submitView("U0DANIEL", "", values);
    const errors = (await refused.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe("errors");
    expect(errors.errors).toEqual({
      impact: "This looks like a customer's personal data: an ID number (…82). Remove it, or tick the box below if it is not.",
      confirm: "Tick this if what was found is not a customer's personal data.",
    });
    expect(await prisma().serviceStory.count()).toBe(count);

    const accepted = await d.submitView("U0DANIEL", "", { ...values, confirm: { confirm: { type: "checkboxes", selected_options: [{ value: "yes" }] } } });
    expect(((await accepted.json()) as { response_action: string }).response_action).toBe("update");
    const story = await eventually(async () => ((await prisma().serviceStory.count()) === count + 1 ? latestStory() : undefined));
    expect(story).toMatchObject({ status: "PUBLISHED", personalDataConfirmed: true, customerImpact: "The customer, ID 123456782, was online before the weekend" });
    expect(story.colleagues).toHaveLength(2);
    // Colleagues' departments and the story's own, each once.
    for (const channel of ["C0STORIES", "C0BILLING", "C0SUPPORT", "C0MARKETING"]) {
      await eventually(() => postsTo(channel).find((c) => json(c).includes("replacement router")));
    }
    await eventually(() => postsTo("U0SHIRA").find((c) => json(c).includes("replacement router")));
    await eventually(async () => (await prisma().storyPost.count({ where: { storyId: story.id } })) === 4);
  });

  it("says in the field what is missing, in the author's language", async () => {
    const response = await d.submitView("U0DANA", "", d.text("text", null));
    const body = (await response.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors.text).toMatch(/[\u0590-\u05FF]/);
  });

  it("answers a Hebrew speaker in Hebrew", async () => {
    const before = d.responseCount();
    await d.story("משה נשאר אחרי שעות העבודה כדי לעזור ללקוח מבוגר <@U0MOSHE>", "U0DANA");
    const reply = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("ephemeral")));
    expect(json(reply)).toContain("פורסם");
  });

  it("prefills the form from a message with its text, its author and a link back", async () => {
    await postSlackInteraction(bot.base, {
      type: "message_action",
      callback_id: "story_from_message",
      user: { id: "U0DANIEL", username: "daniel", team_id: "T0TEST" },
      channel: { id: "C0SUPPORT", name: "support" },
      message: { type: "message", user: "U0SHIRA", ts: "1763800000.000200", text: "I drove the spare part to the customer in Haifa myself" },
      message_ts: "1763800000.000200",
      response_url: bot.slackApi.responseUrl,
    });
    const opened = await eventually(() => bot.slackApi.callsOf("views.open").find((c) => json(c).includes("spare part to the customer")));
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_users?: string[] } }[] };
    expect(view.callback_id).toBe("story.submit");
    expect(view.blocks.find((b) => b.block_id === "colleagues")?.element?.initial_users).toEqual(["U0SHIRA"]);
    expect(view.private_metadata).toBe("https://acme.slack.com/archives/C0SUPPORT/p1763800000000200");

    await d.submitView("U0DANIEL", view.private_metadata, {
      ...d.text("text", "I drove the spare part to the customer in Haifa myself"),
      colleagues: { colleagues: { type: "multi_users_select", selected_users: ["U0SHIRA"] } },
    });
    const story = await eventually(() => prisma().serviceStory.findFirst({ where: { text: { contains: "spare part" } } }));
    expect(story.sourceMessageUrl).toBe(view.private_metadata);
  });

  it("answers /story top (built with the story highlights) instead of recording a story named \"top\"", async () => {
    const before = await prisma().serviceStory.count();
    const responses = d.responseCount();
    await d.story("top", "U0DANIEL");
    const reply = await eventually(() => d.responsesSince(responses)[0]);
    expect(reply.body.response_type).toBe("ephemeral");
    expect(await prisma().serviceStory.count()).toBe(before);
  });

  it("does nothing twice when Slack retries a command", async () => {
    const before = await prisma().serviceStory.count();
    const fields = { trigger_id: `trig.story-retry-${kind}` };
    await d.story("Dana stayed on the line until the refund went through <@U0DANA>", "U0DANIEL", fields);
    await eventually(async () => (await prisma().serviceStory.count()) === before + 1);
    const retry = await postSlackCommand(
      bot.base,
      { command: "/story", text: "Dana stayed on the line until the refund went through <@U0DANA>", user_id: "U0DANIEL", ...fields },
      { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" },
    );
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await prisma().serviceStory.count()).toBe(before + 1);
  });
});

describe.each(databaseKinds)("service stories with curators on %s", (kind) => {
  let bot: RunningBot;
  const d = storyDriver(() => bot, kind);
  const { json, prisma, postsTo } = d;

  beforeAll(async () => {
    bot = await startBot(kind); // examples/org.yml: curation by michal and yossi
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  async function submitForCuration(text: string): Promise<number> {
    const before = d.responseCount();
    await d.story(text, "U0DANIEL");
    const reply = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("curators")));
    const id = Number(/#(\d+)/.exec(json(reply))?.[1]);
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).status).toBe("AWAITING_CURATOR");
    return id;
  }

  it("sends a story to each curator with Publish and Decline, and posts nothing yet", async () => {
    const id = await submitForCuration("Omer found the lost parcel and delivered it himself <@U0OMER>");
    for (const curator of ["U0MICHAL", "U0YOSSI"]) {
      const dm = await eventually(() => postsTo(curator).find((c) => json(c).includes("lost parcel")));
      expect(json(dm)).toContain("story.publish");
      expect(json(dm)).toContain("story.decline");
      expect(json(dm)).toContain(`#${id}`);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(postsTo("C0STORIES").filter((c) => json(c).includes("lost parcel"))).toHaveLength(0);
  });

  it("refuses a non-curator, publishes once on a curator's double click, and tells a second curator who decided", async () => {
    const id = await submitForCuration("Omer rebuilt the order from scratch after our website lost it <@U0OMER>");
    const before = d.responseCount();
    await d.click("U0MOSHE", "story.publish", String(id));
    const refusal = await eventually(() => d.responsesSince(before).find((c) => json(c).includes("מיכל ביטון")));
    expect(refusal.body.replace_original).toBe(false);
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).status).toBe("AWAITING_CURATOR");

    await Promise.all([d.click("U0MICHAL", "story.publish", String(id)), d.click("U0MICHAL", "story.publish", String(id))]);
    const michal = await prisma().employee.findUniqueOrThrow({ where: { slackUserId: "U0MICHAL" } });
    await eventually(async () => (await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).status === "PUBLISHED");
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).curatorId).toBe(michal.id);
    await eventually(() => postsTo("C0STORIES").find((c) => json(c).includes("rebuilt the order")));
    await eventually(() => postsTo("C0SUPPORT").find((c) => json(c).includes("rebuilt the order")));
    await eventually(() => postsTo("U0DANIEL").find((c) => json(c).includes(`#${id}`) && json(c).includes("was published")));

    const second = d.responseCount();
    await d.click("U0YOSSI", "story.decline", String(id));
    const told = await eventually(() => d.responsesSince(second).find((c) => json(c).includes(`#${id}`)));
    expect(json(told)).toContain("מיכל ביטון");
    expect((await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).status).toBe("PUBLISHED");
    await new Promise((r) => setTimeout(r, 500));
    expect(postsTo("C0STORIES").filter((c) => json(c).includes("rebuilt the order"))).toHaveLength(1);
    expect(await prisma().storyPost.count({ where: { storyId: id } })).toBe(2);
  });

  it("tells the author when a curator declines, and posts nothing", async () => {
    const id = await submitForCuration("A story the curators will not publish <@U0SHIRA>");
    await d.click("U0YOSSI", "story.decline", String(id));
    await eventually(async () => (await prisma().serviceStory.findUniqueOrThrow({ where: { id } })).status === "DECLINED");
    const told = await eventually(() => postsTo("U0DANIEL").find((c) => json(c).includes(`#${id}`) && json(c).includes("not published")));
    expect(json(told)).toContain("יוסי אברהם");
    await new Promise((r) => setTimeout(r, 300));
    expect(postsTo("C0STORIES").filter((c) => json(c).includes("curators will not publish"))).toHaveLength(0);
    expect(await prisma().storyPost.count({ where: { storyId: id } })).toBe(0);
  });
});
