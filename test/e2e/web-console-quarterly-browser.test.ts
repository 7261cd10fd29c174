/**
 * The quarterly review as it is handed out: printed by Chromium to A4 PDF (playwright-core's
 * page.pdf) and read back with poppler's pdftotext and pdfinfo (Debian's poppler-utils, which
 * .ci/run installs). The quarter is asked for (2025-Q2, long before the demo's sample weeks),
 * its complaints sent through the signed webhook, so the figures are known: billing's page
 * holds its name and its figures against the quarter before, on one or two pages, without
 * the site's navigation, the console's bar or the demo's banner.
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { BOT_START_TIMEOUT_MS, type RunningBot } from "../helpers/bot";
import { visitAs, type Visitor } from "../helpers/browser-page";
import { startWebDemo, WebClient } from "../helpers/web";

const SECRET = "console-quarterly-secret";
const HOOK_TIMEOUT_MS = BOT_START_TIMEOUT_MS;

// Four complaints in April to June 2025 and two in the quarter before, all billing's.
const complaints = [
  { id: "q-1", received_at: "2025-04-02T08:00:00Z", channel: "phone", text: "חויבתי פעמיים בדמי משלוח", department: "billing", outcomes: { legal_threat: true } },
  { id: "q-2", received_at: "2025-05-06T08:00:00Z", channel: "email", text: "חויבתי פעמיים בדמי משלוח שוב", department: "billing", outcomes: { credit: { amount: 80, currency: "ILS" } } },
  { id: "q-3", received_at: "2025-05-20T08:00:00Z", channel: "chat", text: "The invoice is wrong again", department: "billing", outcomes: { churn_threat: true, retained: true } },
  { id: "q-4", received_at: "2025-06-24T08:00:00Z", channel: "store", text: "Nobody explained the invoice", department: "billing" },
  { id: "q-5", received_at: "2025-02-10T08:00:00Z", channel: "phone", text: "The invoice came late", department: "billing" },
  { id: "q-6", received_at: "2025-03-11T08:00:00Z", channel: "phone", text: "The invoice came late again", department: "billing" },
];

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command}: ${stderr || error.message}`)) : resolve(stdout)));
  });
}

describe("the quarterly review printed from the browser", () => {
  let bot: RunningBot;
  let browser: Browser;
  let folder: string;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "quarterly-pdf-"));
    browser = await launchChromium();
    bot = await startWebDemo("pglite", "examples/org.yml", (c) => ({ ...c, complaintsWebhookSecret: SECRET }));
    const body = JSON.stringify({ complaints });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v1=${createHmac("sha256", SECRET).update(`v1:${timestamp}:${body}`).digest("hex")}`;
    const sent = await fetch(`${bot.base}/api/complaints`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Complaints-Timestamp": timestamp, "X-Complaints-Signature": signature },
      body,
    });
    expect(sent.status).toBe(200);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    for (const visitor of visitors) await visitor.context.close().catch(() => undefined);
    await browser?.close();
    await bot?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it("prints billing's quarter on A4 with its name and figures, and without the navigation", async () => {
    const visitor = await visitAs(browser, bot.base, "מיכל ביטון");
    visitors.push(visitor);
    const { page, dialogs } = visitor;
    await page.goto("/app/console/quarterly?department=billing&quarter=2025-Q2");
    // On screen the navigation is there; on paper it is not.
    expect(await page.locator("nav.console-nav").isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const file = join(folder, "billing-2025-Q2.pdf");
    await writeFile(file, pdf);

    const info = await run("pdfinfo", [file]);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    // A4 is 595 × 842 points.
    expect(info).toMatch(/^Page size:\s+595\.\d* x 841\.\d*|^Page size:\s+595\.\d* x 842/m);

    const text = (await run("pdftotext", ["-layout", file, "-"])).replace(/[\u2066-\u2069\u200e\u200f]/g, "");
    const lines = text.split("\n").map((l) => l.trim().replace(/\s+/g, " "));
    expect(text).toContain("חשבונות");
    expect(lines).toContain("The quarter in figures");
    expect(lines).toContain("Figure Q2 2025 Q1 2025 Change");
    expect(lines).toContain("Complaints 4 2 +2 (+100%)");
    expect(lines).toContain("Legal threats 1 0 +1");
    expect(lines).toContain("Credits 80.00 ILS none");
    expect(text).toContain("1 Apr 2025 to 30 Jun 2025.");
    for (const navigation of ["Skip to the content", "Switch person", "Log a complaint", "Ideas board", "Stories wall", "Made to print on A4"]) {
      expect(text).not.toContain(navigation);
    }
    expect(dialogs).toEqual([]);
  });

  it("refuses the review to an employee, and another department's to a manager", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    expect((await employee.get("/app/console/quarterly?quarter=2025-Q2")).status).toBe(403);
    const manager = new WebClient(bot.base);
    await manager.beAs("יוסי אברהם");
    expect((await manager.get("/app/console/quarterly?department=billing&quarter=2025-Q2")).status).toBe(403);
    expect((await manager.get("/app/console/quarterly?department=marketing&quarter=2025-Q2")).status).toBe(200);
    const admin = new WebClient(bot.base);
    await admin.beAs("דנה לוי");
    const company = await admin.get("/app/console/quarterly?department=company&quarter=2025-Q2");
    expect(company.status).toBe(200);
    expect(company.html).toContain('<html lang="he" dir="rtl">');
    expect(company.html).toContain("<h1>סיכום רבעוני · <bdi>כל החברה</bdi> · <bdi>רבעון 2 2025</bdi></h1>");
  });
});
