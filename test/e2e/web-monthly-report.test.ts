/**
 * The monthly service report on the web: a person stops it from their home page and starts it
 * again there, and previews their own report from the command box; a forged value is refused.
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { formFor, startWebDemo, WebClient } from "../helpers/web";

describe("the monthly report on the web", () => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startWebDemo("pglite");
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const wanted = async () => (await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } })).monthlyReport;

  it("stops and restarts the report from the home page", async () => {
    const browser = new WebClient(bot.base);
    const home = await browser.beAs("Daniel Green");
    expect(home.html).toContain("You get the monthly service report on the first working day of each month.");
    const stopped = await browser.submit(home, formFor(home.html, "report.optOut")!);
    expect(stopped.html).toContain("You will not get the monthly report any more. You can start it again from your home page.");
    expect(await wanted()).toBe(false);
    const again = await browser.get("/app");
    expect(again.html).toContain("You do not get the monthly service report.");
    const restarted = await browser.submit(again, formFor(again.html, "report.optIn")!);
    expect(restarted.html).toContain("You will get the monthly report again from next month.");
    expect(await wanted()).toBe(true);
  });

  it("refuses a stop whose value the page did not give", async () => {
    const browser = new WebClient(bot.base);
    const home = await browser.beAs("Daniel Green");
    const refused = await browser.submit(home, formFor(home.html, "report.optOut")!, { value: "everyone" });
    expect(refused.html).toContain("You are not allowed to do that.");
    expect(await wanted()).toBe(true);
  });

  it("previews one's own report from the command box, sending nothing", async () => {
    const browser = new WebClient(bot.base);
    const home = await browser.beAs("Daniel Green");
    const before = await bot.app.db.prisma.outboxMessage.count({ where: { dedupeKey: { contains: ":report:" } } });
    const preview = await browser.submit(home, formFor(home.html, "/app/command")!, { text: "report preview 2026-11" });
    expect(preview.html).toContain("Your service report · November 2026");
    expect(preview.html).toContain("Preview of Daniel Green&#39;s report: not sent. Only you can see this.");
    expect(await bot.app.db.prisma.outboxMessage.count({ where: { dedupeKey: { contains: ":report:" } } })).toBe(before);
  });
});
