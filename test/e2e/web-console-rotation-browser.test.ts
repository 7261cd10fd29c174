/**
 * The console's rotation calendar in a real browser (Debian's Chromium, headless), on a bot
 * that runs as in production: Slack (its Web API stand-in, every request signed) and sign-in
 * through a local OpenID Connect provider. A swap made in Slack a moment before, with the
 * slash command and the taker's Accept button, is what the manager sees in the calendar.
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { loadOrganisationFile } from "../../src/config/organisation";
import { createLogger } from "../../src/logger";
import { localDate } from "../../src/services/rotation/rotation-calendar";
import { refusalToTake } from "../../src/services/rotation/shift-eligibility";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { BROWSER_ACTION_TIMEOUT_MS, freePort, visibleText } from "../helpers/browser-page";
import { CLIENT, startOidcProvider } from "../helpers/oidc-provider";
import { postSlackCommand, postSlackInteraction } from "../helpers/slack";
import { eventually } from "../helpers/wait";

const ZONE = "Asia/Jerusalem";

describe("the console's rotation calendar in a browser", () => {
  let bot: RunningBot;
  let browser: Browser;
  let provider: Awaited<ReturnType<typeof startOidcProvider>>;

  beforeAll(async () => {
    browser = await launchChromium();
    provider = await startOidcProvider();
    const port = await freePort();
    bot = await startBot(
      "pglite",
      "examples/org.yml",
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SIGN_IN_SLACK_CLIENT_ID: CLIENT.id,
        SIGN_IN_SLACK_CLIENT_SECRET: CLIENT.secret,
        SIGN_IN_SLACK_ISSUER: provider.issuer,
      },
      createLogger("silent"),
    );
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await provider?.close();
  }, BOT_START_TIMEOUT_MS);

  const prisma = () => bot.app.db.prisma;

  it("shows the calendar with a swap made in Slack a moment before", async () => {
    // A published shift of someone on Slack, and a colleague on Slack the rules let take it.
    const { organisation } = await loadOrganisationFile(bot.orgFile);
    const shifts = await prisma().shift.findMany({
      where: { status: "PUBLISHED", isOnboarding: false, startsAt: { gt: new Date(Date.now() + 86_400_000) }, employee: { slackUserId: { not: null } } },
      include: { employee: true, template: true },
      orderBy: { startsAt: "asc" },
    });
    const slackPeople = await prisma().employee.findMany({ where: { slackUserId: { not: null }, active: true }, orderBy: { name: "asc" } });
    let pair: { shift: (typeof shifts)[number]; taker: (typeof slackPeople)[number] } | undefined;
    for (const shift of shifts) {
      for (const person of slackPeople.filter((p) => p.id !== shift.employeeId)) {
        const refused = await prisma().$transaction((tx) => refusalToTake(tx, organisation, { id: shift.id, startsAt: shift.startsAt, templateKey: shift.template!.key }, person.id));
        if (!refused) {
          pair = { shift, taker: person };
          break;
        }
      }
      if (pair) break;
    }
    if (!pair) throw new Error("no swappable pair in the plan");
    const { shift, taker } = pair;
    const giver = shift.employee!;

    // In Slack: the giver offers the shift to the taker, who accepts with the offer's button.
    const command = await postSlackCommand(bot.base, { command: "/rotation", text: `swap #${shift.id} <@${taker.slackUserId}|${taker.name}>`, user_id: giver.slackUserId!, response_url: bot.slackApi.responseUrl });
    expect(command.status).toBe(200);
    const swap = await eventually(() => prisma().swapRequest.findFirst({ where: { shiftId: shift.id, status: "OFFERED" } }));
    const click = await postSlackInteraction(bot.base, {
      type: "block_actions",
      user: { id: taker.slackUserId, username: taker.slackUserId, team_id: "T0TEST" },
      container: { type: "message", message_ts: "1.000001", channel_id: "D0DM", is_ephemeral: false },
      message: { ts: "1.000001", text: "offer" },
      response_url: bot.slackApi.responseUrl,
      trigger_id: "trigger-console-rotation",
      actions: [{ type: "button", action_id: "rotation.accept", block_id: "b1", value: String(swap.id), action_ts: `${Date.now() / 1000}` }],
    });
    expect(click.status).toBe(200);
    await eventually(async () => (await prisma().shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId === taker.id || undefined);

    // In the browser: an administrator (who reads Hebrew) signs in with Slack and opens the company's week.
    provider.signInAs({ email: "dana@acme.example", name: "דנה לוי" });
    const context = await browser.newContext({ baseURL: bot.base, locale: "en-US", viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(BROWSER_ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(BROWSER_ACTION_TIMEOUT_MS);
    try {
      const page = await context.newPage();
      await page.goto("/app");
      await page.getByRole("link", { name: "Sign in with Slack" }).click();
      await page.waitForURL(`${bot.base}/app`);
      const date = localDate(shift.startsAt, ZONE);
      await page.goto(`/app/console/rotation?view=week&start=${date}&department=company`);
      expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
      const day = page.locator("table.rotation-calendar tbody tr").filter({ has: page.locator(`time[datetime="${date}"]`) });
      const seat = day.locator("li.seat").filter({ hasText: `#${shift.id}` });
      await expect(visibleText(seat.locator("bdi"))).resolves.toBe(taker.name);
      await expect(visibleText(day)).resolves.not.toContain(giver.name);
      // The row and column headers tie the seat to its day and shift for a screen reader.
      await expect(day.locator('th[scope="row"]').count()).resolves.toBe(1);
    } finally {
      await context.close();
    }
  });
});
