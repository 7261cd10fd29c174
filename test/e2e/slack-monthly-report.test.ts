/**
 * The monthly service report in Slack, through signed requests: /report preview for oneself
 * and, for a manager, for someone of their department; a colleague's refused; the stop button
 * under a report and the App Home's button to start it again.
 */
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { postSlackCommand, postSlackInteraction } from "../helpers/slack";
import { eventually } from "../helpers/wait";

describe("the monthly report in Slack", () => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startBot("pglite", "examples/org.yml", { PUBLIC_URL: "https://bot.acme.example" });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  const report = async (text: string, user: string) => {
    const before = bot.slackApi.callsOf("response").length;
    const res = await postSlackCommand(bot.base, { command: "/report", text, user_id: user, response_url: bot.slackApi.responseUrl });
    expect(res.status).toBe(200);
    return JSON.stringify((await eventually(() => bot.slackApi.callsOf("response")[before])).body);
  };
  const click = (user: string, action: string, value: string, container: Record<string, unknown>) =>
    postSlackInteraction(bot.base, {
      type: "block_actions",
      user: { id: user, username: user.toLowerCase(), team_id: "T0TEST" },
      container,
      response_url: bot.slackApi.responseUrl,
      actions: [{ type: "button", action_id: action, block_id: "b1", value, action_ts: `${Date.now() / 1000}` }],
    });
  const wants = async (email: string) => (await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email } })).monthlyReport;

  it("previews one's own report, and a manager's person's, in the reader's language; refuses a colleague's", async () => {
    expect(await report("preview 2026-11", "U0DANIEL")).toContain("Your service report · November 2026");
    // Yossi manages marketing, Daniel's department: the preview is Daniel's, in Daniel's English.
    expect(await report("preview <@U0DANIEL|daniel> 2026-11", "U0YOSSI")).toContain("Preview of Daniel Green's report");
    expect(await report("preview <@U0DANA|dana>", "U0DANIEL")).toContain("Only managers and admins may preview other people's reports");
    expect(await report("now", "U0DANIEL")).toContain("Use: report preview [@person] [YYYY-MM]");
  });

  it("stops the report from its button and starts it again from the App Home", async () => {
    const answered = bot.slackApi.callsOf("response").length;
    const stop = await click("U0DANIEL", "report.optOut", "2026-11", { type: "message", message_ts: "1.000001", channel_id: "D0DANIEL" });
    expect(stop.status).toBe(200);
    const answer = JSON.stringify((await eventually(() => bot.slackApi.callsOf("response")[answered])).body);
    expect(answer).toContain("You will not get the monthly report any more. You can start it again from your home page.");
    expect(await wants("daniel@acme.example")).toBe(false);
    const published = bot.slackApi.callsOf("views.publish").length;
    await click("U0DANIEL", "report.optIn", "home", { type: "view", view_id: "VHOME" });
    await eventually(async () => ((await wants("daniel@acme.example")) ? true : undefined));
    const home = JSON.stringify((await eventually(() => bot.slackApi.callsOf("views.publish")[published])).body);
    expect(home).toContain("You get the monthly service report on the first working day of each month.");
    expect(home).toContain('"action_id":"report.optOut"');
  });
});
