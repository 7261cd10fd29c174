/**
 * The web surface over real HTTP, as a browser uses it: the demo's choice of who to be, an
 * idea filed with a bad value and then a good one, a manager's decision and a colleague's
 * refused one, and the protections (CSRF, escaping, one submission done once, headers).
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { formFor, startWebDemo, WebClient } from "../helpers/web";

describe("the web surface in demo mode", () => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startWebDemo("pglite");
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const ideasTitled = (title: string) => bot.app.db.prisma.idea.findMany({ where: { title }, select: { id: true, status: true } });

  it("asks a stranger who they are, then shows that person's home in their language and direction", async () => {
    const browser = new WebClient(bot.base);
    const who = await browser.get("/app");
    expect(who.url).toBe(`${bot.base}/app/who`);
    expect(who.html).toContain("<bdi>Daniel Green</bdi>");
    const home = await browser.beAs("Daniel Green");
    expect(home.url).toBe(`${bot.base}/app`);
    expect(home.html).toContain('<html lang="en" dir="ltr">');
    expect(home.html).toContain("Demo: you are");
    const hebrew = await new WebClient(bot.base).beAs("דנה לוי");
    expect(hebrew.html).toContain('<html lang="he" dir="rtl">');
    expect(hebrew.html).toContain("דילוג לתוכן");
  });

  it("keeps what was typed and names the problem under its field; a good idea is saved once and shown as text", async () => {
    const browser = new WebClient(bot.base);
    await browser.beAs("Daniel Green");
    const form = await browser.get("/app/idea");
    const bad = await browser.submit(form, formFor(form.html, "idea.submit")!, { title: "", problem: "Refunds take <i>two</i> weeks", department: "billing" });
    expect(bad.html).toMatch(/<p class="error" id="error-title" role="alert">[^<]+<\/p>/);
    expect(bad.html).toContain('aria-invalid="true"');
    expect(bad.html).toContain("Refunds take &lt;i&gt;two&lt;/i&gt; weeks</textarea>");

    const title = "Refund damaged parcels <script>alert(1)</script>";
    const again = await browser.get("/app/idea");
    const submitForm = formFor(again.html, "idea.submit")!;
    const saved = await browser.submit(again, submitForm, { title, department: "billing" });
    expect(saved.status).toBe(200);
    expect(saved.html).not.toContain("<script>alert(1)</script>");
    // The same form submitted a second time (a double click) records nothing more.
    await browser.submit(again, submitForm, { title, department: "billing" });
    expect(await ideasTitled(title)).toEqual([{ id: expect.any(Number), status: "SUBMITTED" }]);
  });

  it("refuses a colleague's Approve and lets the department's manager approve, which the proposer's home then shows", async () => {
    const proposer = new WebClient(bot.base);
    await proposer.beAs("Daniel Green");
    const title = "Call customers back within a day";
    const form = await proposer.get("/app/idea");
    await proposer.submit(form, formFor(form.html, "idea.submit")!, { title, department: "billing" });
    const [idea] = await ideasTitled(title);

    const colleague = new WebClient(bot.base);
    await colleague.beAs("Daniel Green");
    const list = await colleague.get("/app/ideas?filter=open");
    expect(list.status).toBe(200);
    const refused = await colleague.request("/app/action", { form: { ...tokens(list.html), action: "idea.approve", value: String(idea!.id) } });
    expect(refused.html).toContain("Only");
    expect((await ideasTitled(title))[0]!.status).toBe("SUBMITTED");

    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const home = await manager.get("/app");
    const approveForm = await manager.request("/app/action", { form: { ...tokens(home.html), action: "idea.approve", value: String(idea!.id) } });
    // The owner picker comes chosen: the manager who approves (a browser submits the selected option).
    const dana = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "dana@acme.example" } });
    expect(approveForm.html).toContain(`<option value="${dana.id}" selected>דנה לוי</option>`);
    const decided = await manager.submit(approveForm, formFor(approveForm.html, "idea.approve")!, { owner: String(dana.id), note: "Yes, from Monday" });
    expect(decided.status).toBe(200);
    expect((await ideasTitled(title))[0]!.status).toBe("APPROVED");

    const proposerHome = await proposer.get("/app");
    expect(proposerHome.html).toContain("Call customers back within a day");
    expect(proposerHome.html).toContain("Approved");
  });

  it("refuses a form without the page's CSRF token, changing nothing, with no stack trace", async () => {
    const browser = new WebClient(bot.base);
    await browser.beAs("Daniel Green");
    const page = await browser.request("/app/form", { form: { action: "idea.submit", title: "Forged idea", department: "billing" } });
    expect(page.status).toBe(403);
    expect(page.html).toContain("This page had expired");
    expect(page.html).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(await ideasTitled("Forged idea")).toEqual([]);
  });

  it("sends security headers that allow only the server's own scripts and never frame the pages", async () => {
    const page = await new WebClient(bot.base).get("/app/who");
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("set-cookie")).toContain("httponly");
  });

  it("shows in the department's channel the review card it posted there", async () => {
    const browser = new WebClient(bot.base);
    await browser.beAs("Daniel Green");
    const title = "Print return labels at the counter";
    const form = await browser.get("/app/idea");
    await browser.submit(form, formFor(form.html, "idea.submit")!, { title, department: "billing" });
    let channel = await browser.get("/app/channels/C0BILLING");
    for (let tries = 0; tries < 100 && !channel.html.includes(title); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      channel = await browser.get("/app/channels/C0BILLING/posts");
    }
    expect(channel.html).toContain(title);
  });

  it("lets people appreciate a published story in the stories channel with an emoji, once each, and take it back", async () => {
    const storyteller = new WebClient(bot.base);
    await storyteller.beAs("Daniel Green");
    const text = "Omer drove a replacement router to a customer in Haifa the same evening";
    const form = await storyteller.get("/app/story");
    await storyteller.submit(form, formFor(form.html, "story.submit")!, { text, department: "support" });
    const story = await bot.app.db.prisma.serviceStory.findFirstOrThrow({ where: { text }, select: { id: true, status: true } });
    expect(story.status).toBe("AWAITING_CURATOR");

    const curator = new WebClient(bot.base);
    const curatorHome = await curator.beAs("מיכל ביטון");
    await curator.request("/app/action", { form: { ...tokens(curatorHome.html), action: "story.publish", value: String(story.id) } });

    const reader = new WebClient(bot.base);
    await reader.beAs("Daniel Green");
    let channel = await reader.get("/app/channels/C0STORIES/posts");
    for (let tries = 0; tries < 100 && !channel.html.includes(text); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      channel = await reader.get("/app/channels/C0STORIES/posts");
    }
    const post = channel.html.split('<div class="post"').find((p) => p.includes(text))!;
    expect(post).toContain('aria-label="Appreciate with 👏: 0 so far"');
    expect(post).toContain("People who appreciated this story: 0");
    const clap = (post.match(/<form[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes('name="emoji" value="clap"'))!;

    const clapped = await reader.submit(channel, clap);
    expect(clapped.url).toBe(`${bot.base}/app/channels/C0STORIES`);
    const after = clapped.html.split('<div class="post"').find((p) => p.includes(text))!;
    expect(after).toContain('aria-pressed="true" aria-label="Take back your 👏: 1 so far"');
    expect(after).toContain("People who appreciated this story: 1");
    // The same button pressed twice in a row (a double click) counts once.
    await reader.submit(channel, clap);
    const reactions = () => bot.app.db.prisma.storyReaction.findMany({ where: { storyId: story.id }, select: { emoji: true, employee: { select: { name: true } } } });
    expect(await reactions()).toEqual([{ emoji: "clap", employee: { name: "Daniel Green" } }]);

    const takeBack = (after.match(/<form[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes('name="emoji" value="clap"'))!;
    const undone = await reader.submit(clapped, takeBack);
    expect(undone.html.split('<div class="post"').find((p) => p.includes(text))).toContain('aria-pressed="false" aria-label="Appreciate with 👏: 0 so far"');
    expect(await reactions()).toEqual([]);
  });
});

/** The CSRF token and a fresh request id, as any form of the page carries them. */
function tokens(html: string): Record<string, string> {
  return { _csrf: /name="_csrf" value="([^"]*)"/.exec(html)![1]!, request: crypto.randomUUID() };
}

describe("the demo's choice of who to be is never offered outside the demo's conditions", () => {
  it.each([
    ["with Slack credentials", { withSlack: true, host: "127.0.0.1" }],
    ["listening on every interface", { withSlack: false, host: "0.0.0.0" }],
  ])("is refused %s", async (_why, setting) => {
    const { startBot } = await import("../helpers/bot");
    const { createLogger } = await import("../../src/logger");
    const bot = await startBot("pglite", "examples/org.yml", {}, createLogger("silent"), {
      withoutSlack: !setting.withSlack,
      configure: (config) => ({ ...config, host: setting.host, demo: true }),
    });
    try {
      const browser = new WebClient(bot.base);
      expect((await browser.get("/app/who")).status).toBe(404);
      const home = await browser.get("/app");
      expect(home.status).toBe(401);
      expect(home.url).toBe(`${bot.base}/app`);
      const chosen = await browser.request("/app/who", { form: { _csrf: "x", employee: "1" } });
      expect(chosen.status).toBe(403);
      expect((await browser.get("/app")).status).toBe(401);
    } finally {
      await bot.stop();
    }
  }, BOT_START_TIMEOUT_MS);
});
