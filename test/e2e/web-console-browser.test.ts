/**
 * The managers' console in Chromium: every view drawn right to left in Hebrew, its heading at
 * the right edge; an employee's bar without the managers' views, those views refused, and no
 * decision button on an idea's page.
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { BOT_START_TIMEOUT_MS, type RunningBot } from "../helpers/bot";
import { textBox, visibleText, visitAs, type Visitor } from "../helpers/browser-page";
import { startWebDemo } from "../helpers/web";

describe("the managers' console in a browser", () => {
  let bot: RunningBot;
  let browser: Browser;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    bot = await startWebDemo("pglite");
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const visitor of visitors) await visitor.context.close().catch(() => undefined);
    await browser?.close();
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const visit = async (name: string) => {
    const visitor = await visitAs(browser, bot.base, name);
    visitors.push(visitor);
    return visitor;
  };

  it("draws every view right to left in Hebrew, its heading against the right edge", async () => {
    const { page } = await visit("דנה לוי");
    const headings: string[] = [];
    for (const view of ["rotation", "ideas", "stories", "complaints?department=billing", "quarterly?department=billing&quarter=2026-Q4"]) {
      const response = await page.goto(`/app/console/${view}`);
      expect(response?.status()).toBe(200);
      expect(await page.evaluate("document.documentElement.dir")).toBe("rtl");
      const heading = page.locator("main h1").first();
      headings.push(await visibleText(heading));
      const drawn = await textBox(heading);
      expect(drawn.right).toBeGreaterThan(drawn.viewportWidth - 90);
      expect(drawn.left).toBeGreaterThan(drawn.viewportWidth / 3);
    }
    expect(headings).toEqual(["תורנות", "לוח רעיונות", "קיר הסיפורים", "תלונות · חשבונות", "סיכום רבעוני · חשבונות · רבעון 4 2026"]);
  });

  it("shows an employee no managers' views and refuses them, and no decision button on an idea's page", async () => {
    const { page } = await visit("Daniel Green");
    await page.goto("/app/console");
    expect(await page.locator(".console-nav a").allInnerTexts()).toEqual(["Rotation", "Ideas board", "Stories wall"]);
    const refused = await page.goto("/app/console/complaints?department=marketing");
    expect(refused?.status()).toBe(403);
    expect(await visibleText(page.locator("main h1"))).toBe("You are not allowed to do that.");
    const prisma = bot.app.db.prisma;
    const billing = await prisma.department.findUniqueOrThrow({ where: { key: "billing" } });
    const proposer = await prisma.employee.findUniqueOrThrow({ where: { email: "moshe@acme.example" } });
    const idea = await prisma.idea.create({ data: { title: "Send the invoice before the parcel", departmentId: billing.id, proposerId: proposer.id } });
    await page.goto(`/app/console/ideas/${idea.id}`);
    expect(await visibleText(page.locator("main h1"))).toContain("Send the invoice before the parcel");
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Reject" }).count()).toBe(0);
    // The department's manager, on the same page, has them.
    const manager = await visit("דנה לוי");
    await manager.page.goto(`/app/console/ideas/${idea.id}`);
    expect(await manager.page.getByRole("button", { name: "אישור" }).count()).toBe(1);
  });
});
