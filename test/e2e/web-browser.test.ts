/**
 * The web surface in a real browser (Debian's Chromium, headless): what people see and do
 * with a keyboard and a mouse, on the bot started as the demo runs. A form filled and sent
 * with the keyboard alone; a Hebrew page drawn right to left, read back from its pixels; a
 * manager's Approve clicked and a colleague's refused; a support-line shift offered and
 * taken; the weekly digest's chart loaded; markup typed into a form shown as text.
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { BOT_START_TIMEOUT_MS, type RunningBot } from "../helpers/bot";
import { readable, reloadUntilVisible, textBox, visibleText, visitAs, type Visitor, type VisitorOptions } from "../helpers/browser-page";
import { ocrWords } from "../helpers/ocr";
import { startWebDemo } from "../helpers/web";

/** Starting Chromium and the bot, on a busy machine. */
const HOOK_TIMEOUT_MS = BOT_START_TIMEOUT_MS;

describe("the web surface in a browser", () => {
  let bot: RunningBot;
  let browser: Browser;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    // In demo mode the bot links the digest's chart at its own address (PUBLIC_URL unset).
    bot = await startWebDemo("pglite");
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    for (const visitor of visitors) await visitor.context.close().catch(() => undefined);
    await browser?.close();
    await bot?.stop();
  }, HOOK_TIMEOUT_MS);

  /** Someone at a browser of their own who has chosen who to be. */
  const visit = async (name: string, options?: VisitorOptions) => {
    const visitor = await visitAs(browser, bot.base, name, options);
    visitors.push(visitor);
    return visitor;
  };
  const ideasTitled = (title: string) =>
    bot.app.db.prisma.idea.findMany({ where: { title }, select: { id: true, status: true, problem: true, department: { select: { key: true } } } });

  it("lets a person file an idea with the keyboard alone, sent with Enter, and saves it once", async () => {
    const { page, dialogs } = await visit("Daniel Green");
    await page.goto("/app/idea");
    // The first Tab reaches the skip link; following it puts the next Tab on the form's first field.
    await page.keyboard.press("Tab");
    expect(await visibleText(page.locator(":focus"))).toBe("Skip to the content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("field-title");
    await page.keyboard.type("Print the refund rules on every receipt");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("field-problem");
    await page.keyboard.type("Customers come back to the counter to ask how refunds work.");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("field-proposal");
    await page.keyboard.press("Tab");
    const department = page.locator(":focus");
    expect(await department.getAttribute("id")).toBe("field-department");
    // Daniel's own department comes chosen; the arrow keys move the choice to billing (חשבונות).
    await page.keyboard.press("Home");
    for (let i = 0; i < 4 && (await department.inputValue()) !== "billing"; i++) await page.keyboard.press("ArrowDown");
    expect(await department.locator("option:checked").innerText()).toBe("חשבונות");
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").getAttribute("id")).toBe("field-anonymous");
    await page.keyboard.press("Tab");
    expect(await visibleText(page.locator(":focus"))).toBe("Submit");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${bot.base}/app/form`);

    const saved = await ideasTitled("Print the refund rules on every receipt");
    expect(saved).toEqual([
      { id: expect.any(Number), status: "SUBMITTED", problem: "Customers come back to the counter to ask how refunds work.", department: { key: "billing" } },
    ]);
    expect(await visibleText(page.locator("main"))).toBe(
      `Thanks! Your idea is #${saved[0]!.id}. חשבונות's managers will review it, and I'll message you whenever it moves.`,
    );
    expect(dialogs).toEqual([]);
  });

  it("draws a Hebrew page right to left: headings on the right, a mixed title read in order from the pixels", async () => {
    const { page } = await visit("דנה לוי", { scale: 2 });
    await page.goto("/app/idea");
    await page.getByLabel("כותרת").fill("החזר כספי תוך 3 ימים דרך PayPal");
    await page.getByLabel("המחלקה הנוגעת בדבר").selectOption({ label: "חשבונות" });
    await page.getByRole("button", { name: "הגשה", exact: true }).click();
    await page.waitForURL(`${bot.base}/app/form`);
    expect(await visibleText(page.locator("main"))).toMatch(/^תודה! מספר הרעיון שלך הוא #\d+\. המנהלים של חשבונות יבחנו אותו, ואעדכן אותך בכל שינוי\.$/);

    await page.goto("/app/ideas?filter=mine");
    expect(await page.evaluate("document.documentElement.dir")).toBe("rtl");
    expect(await page.evaluate("document.documentElement.lang")).toBe("he");
    const heading = page.locator("main h2", { hasText: "הרעיונות שלי" });
    const drawn = await textBox(heading);
    // The heading's words end at the column's right edge (the page's, less its margins), far from the left.
    expect(drawn.right).toBeGreaterThan(drawn.viewportWidth - 90);
    expect(drawn.left).toBeGreaterThan(drawn.viewportWidth / 2);

    const title = page.locator("main .section strong", { hasText: "החזר כספי" });
    expect(await visibleText(title)).toMatch(/^#\d+ החזר כספי תוך 3 ימים דרך PayPal$/);
    const words = await ocrWords(await title.screenshot());
    // From the right edge leftwards, as a Hebrew reader's eye goes: the idea's number first
    // (tesseract reads "#12" variously, so it is left out), then the Hebrew words with the 3
    // among them, then the English name at the far left. Drawn left to right, the name would
    // come first from the right and the number last.
    const fromTheRight = words
      .filter((w) => /[\p{L}\d]/u.test(w.text))
      .sort((a, b) => b.left - a.left)
      .map((w) => w.text);
    expect(fromTheRight.length).toBeLessThanOrEqual(8);
    expect(fromTheRight.slice(-7)).toEqual(["החזר", "כספי", "תוך", "3", "ימים", "דרך", "PayPal"]);
  });

  it("lets the department's manager approve with a click, which the proposer then sees; a colleague's click is refused", async () => {
    const title = "Text customers the moment a refund is paid";
    const proposer = await visit("Daniel Green");
    await proposer.page.goto("/app/idea");
    await proposer.page.getByLabel("Title").fill(title);
    await proposer.page.getByLabel("Department it concerns").selectOption({ label: "חשבונות" });
    await proposer.page.getByRole("button", { name: "Submit", exact: true }).click();
    await proposer.page.waitForURL(`${bot.base}/app/form`);
    const [idea] = await ideasTitled(title);
    expect(idea).toMatchObject({ status: "SUBMITTED" });

    // The review card the bot posted in billing's channel, which shows new posts by itself.
    const reviewCard = (visitor: Visitor) => visitor.page.locator("#posts .post", { hasText: title });
    const colleague = await visit("משה כהן", { locale: "he-IL" });
    await colleague.page.goto("/app/channels/C0BILLING");
    await reviewCard(colleague).waitFor();
    await reviewCard(colleague).getByRole("button", { name: "אישור", exact: true }).click();
    await colleague.page.waitForURL(`${bot.base}/app/action`);
    expect(await visibleText(colleague.page.locator("main"))).toBe("רק המנהלים של חשבונות ומנהלי המערכת יכולים להחליט על הרעיון הזה. שום דבר לא השתנה.");
    expect((await ideasTitled(title))[0]!.status).toBe("SUBMITTED");

    const manager = await visit("דנה לוי");
    await manager.page.goto("/app/channels/C0BILLING");
    await reviewCard(manager).waitFor();
    await reviewCard(manager).getByRole("button", { name: "אישור", exact: true }).click();
    await manager.page.waitForURL(`${bot.base}/app/action`);
    const form = manager.page.locator("main form");
    expect(await visibleText(manager.page.locator("main h2"))).toBe(`אישור רעיון #${idea!.id}`);
    // The owner comes chosen: the manager who approves.
    expect(await form.getByLabel("אחראי/ת").locator("option:checked").innerText()).toBe("דנה לוי");
    await form.getByLabel("הערה").fill("כן, מיום ראשון");
    await form.getByRole("button", { name: "אישור", exact: true }).click();
    await manager.page.waitForURL(`${bot.base}/app/form`);
    expect((await ideasTitled(title))[0]!.status).toBe("APPROVED");

    await proposer.page.goto("/app");
    expect(await visibleText(proposer.page.locator("main article.message").first())).toContain(`#${idea!.id} ${title} · Approved · חשבונות`);
    const news = proposer.page.locator("#inbox ~ .post", { hasText: "was approved by" });
    await reloadUntilVisible(proposer.page, news);
    expect(await visibleText(news.locator(".section"))).toBe(`Your idea #${idea!.id} “${title}” was approved by דנה לוי. Owner: דנה לוי.`);
  });

  it("lets a person offer a support-line shift to a colleague, who takes it from their messages", async () => {
    const prisma = bot.app.db.prisma;
    // The rotation was planned at start-up from today's date. The giver: Daniel, who reads
    // English, when he holds one of the published shifts ahead (else whoever holds the next one
    // and has no language of their own, so reads the browser's English too).
    const ahead = await prisma.shift.findMany({
      where: { status: "PUBLISHED", isOnboarding: false, startsAt: { gt: new Date(Date.now() + 3_600_000) }, employee: { isNot: null } },
      orderBy: { startsAt: "asc" },
      include: { employee: true },
    });
    const shift = ahead.find((s) => s.employee!.email === "daniel@acme.example") ?? ahead.find((s) => s.employee!.locale === null)!;
    const giver = shift.employee!;
    // The taker: a colleague with no language of their own (the bot writes to them in the
    // company's, Hebrew), free that day and with the fewest shifts that fortnight, so that
    // rest and the weekly maximum let them take it.
    const day = 86_400_000;
    const near = await prisma.shift.findMany({
      where: { status: { not: "CANCELLED" }, startsAt: { gt: new Date(shift.startsAt.getTime() - 8 * day), lt: new Date(shift.startsAt.getTime() + 8 * day) } },
    });
    const shiftsOf = (id: number) => near.filter((s) => s.employeeId === id);
    const people = await prisma.employee.findMany({ where: { active: true, locale: null, id: { not: giver.id } }, orderBy: { id: "asc" } });
    const taker = people
      .filter((p) => !p.startDate || p.startDate.getTime() < shift.startsAt.getTime() - 30 * day)
      .filter((p) => !shiftsOf(p.id).some((s) => Math.abs(s.startsAt.getTime() - shift.startsAt.getTime()) < 1.5 * day))
      .sort((a, b) => shiftsOf(a.id).length - shiftsOf(b.id).length)[0]!;

    // The answer to the form is in the giver's language, the company's (Hebrew) when they have none.
    const english = giver.locale === "en";
    const offering = await visit(giver.name, { locale: english ? "en-US" : "he-IL" });
    await offering.page.goto("/app/swap");
    await offering.page.getByLabel(english ? "Your shift" : "המשמרת שלך").selectOption(String(shift.id));
    await offering.page.getByLabel(english ? "To a colleague" : "לעמית/ה").selectOption({ label: taker.name });
    await offering.page.getByRole("button", { name: english ? "Offer" : "להציע", exact: true }).click();
    await offering.page.waitForURL(`${bot.base}/app/form`);
    expect(await visibleText(offering.page.locator("main"))).toBe(
      english ? `Shift #${shift.id} is offered to ${taker.name}. You stay on it until they accept.` : `משמרת #${shift.id} הוצעה ל${taker.name}. היא נשארת שלך עד שיאשרו.`,
    );

    const colleague = await visit(taker.name, { locale: "he-IL" });
    const offer = colleague.page.locator("#inbox ~ .post", { hasText: "שואל/ת אם תוכל/י לקחת את המשמרת הזו" });
    await reloadUntilVisible(colleague.page, offer);
    expect(await visibleText(offer.locator(".section"))).toMatch(new RegExp(`^${giver.name} שואל/ת אם תוכל/י לקחת את המשמרת הזו: .+ · #${shift.id}\\.$`));
    await offer.getByRole("button", { name: "אני לוקח/ת", exact: true }).click();
    await colleague.page.waitForURL(`${bot.base}/app/action`);
    expect(await visibleText(colleague.page.locator("main"))).toMatch(new RegExp(`^ההחלפה בוצעה: ${taker.name} לוקח/ת את .+ · #${shift.id} במקום ${giver.name}\\.$`));
    expect((await prisma.shift.findUniqueOrThrow({ where: { id: shift.id } })).employeeId).toBe(taker.id);

    // The giver's shifts no longer list it; the colleague's do.
    await offering.page.goto("/app/rotation");
    expect(await visibleText(offering.page.locator("main"))).not.toMatch(new RegExp(`#${shift.id}(?!\\d)`));
    await colleague.page.goto("/app/rotation");
    expect(await visibleText(colleague.page.locator("main"))).toMatch(new RegExp(`#${shift.id}(?!\\d)`));
  });

  it("shows a manager the weekly digest with its chart, an image that loads", async () => {
    const { page } = await visit("דנה לוי");
    await page.goto("/app/digest");
    expect(await visibleText(page.locator("main"))).toMatch(/^התלונות השבוע · חשבונות · /);
    const chart = page.locator("main img.chart");
    expect(await chart.count()).toBe(1);
    expect(readable((await chart.getAttribute("alt")) ?? "")).toMatch(/^תלונות בשבוע ב־12 השבועות האחרונים; השבוע \d+\.$/);
    expect(await chart.getAttribute("src")).toMatch(new RegExp(`^${bot.base}/digest-charts/[\\w-]+\\.png$`));
    // The page's load event waits for its images: by now the chart has loaded, or failed to.
    const image = await chart.evaluate((img: { complete: boolean; naturalWidth: number; naturalHeight: number }) => ({
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      naturalHeight: img.naturalHeight,
    }));
    expect(image.complete).toBe(true);
    expect(image.naturalWidth).toBeGreaterThan(0);
    expect(image.naturalHeight).toBeGreaterThan(0);
  });

  it("shows markup typed into a form as text, keeps it when the form is shown again, and never runs it", async () => {
    const { page, dialogs } = await visit("Daniel Green");
    await page.goto("/app/idea");
    // No title: the form comes back with the problem's text as typed.
    await page.getByLabel("The problem").fill(`<script>alert("problem")</script>`);
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    await page.waitForURL(`${bot.base}/app/form`);
    expect(await page.getByLabel("The problem").inputValue()).toBe(`<script>alert("problem")</script>`);
    expect(await page.locator("#error-title").count()).toBe(1);

    const title = `Refund <script>alert("title")</script> <img src=x onerror=alert("img")>`;
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Submit", exact: true }).click();
    await page.waitForURL(`${bot.base}/app/form`);
    expect(await visibleText(page.locator("main"))).toMatch(/^Thanks! Your idea is #\d+\./);
    expect(await ideasTitled(title)).toHaveLength(1);

    await page.goto("/app/ideas?filter=mine");
    const shown = page.locator("main .section strong", { hasText: "Refund <script>" });
    expect(await visibleText(shown)).toMatch(/^#\d+ Refund <script>alert\("title"\)<\/script> <img src=x onerror=alert\("img"\)>$/);
    expect(await page.locator("main script, main img").count()).toBe(0);
    await page.goto("/app");
    expect(await visibleText(page.locator("main"))).toContain(`Refund <script>alert("title")</script> <img src=x onerror=alert("img")>`);
    expect(await page.locator("main script, main img").count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
