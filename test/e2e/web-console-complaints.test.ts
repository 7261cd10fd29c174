/**
 * The console's complaints view over real HTTP, on the demo: complaints sent through the
 * signed webhook into a week of May 2025 (long before the demo's sample weeks), then the
 * figures, trend table, spikes and themes read off the page as a manager sees them; the
 * complaints behind a figure shown without the customer's email, phone or reference; a
 * department that is not the manager's refused with 403; the page in Hebrew, right to left.
 */
import { createHmac } from "node:crypto";
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { startWebDemo, WebClient } from "../helpers/web";

const SECRET = "console-complaints-secret";

// Billing's digests are on Sundays at 09:00 in Jerusalem: the one of ISO week 2025-W20
// (Sunday 18 May 2025) covers Sunday 11 to Saturday 17 May, its twelve weeks from 23 February.
const complaints = [
  { id: "cc-1", received_at: "2025-05-11T07:00:00Z", channel: "phone", text: "חויבתי פעמיים בדמי משלוח על אותה הזמנה", customer: "cust-1", department: "billing", category: "משלוח" },
  { id: "cc-2", received_at: "2025-05-12T07:00:00Z", channel: "phone", text: "עדיין חויבתי פעמיים בדמי משלוח", customer: "cust-1", department: "billing", category: "משלוח" },
  {
    id: "cc-3",
    received_at: "2025-05-13T08:30:00Z",
    channel: "email",
    text: "Call me on 052-123-4567 or write to dana.customer@example.com, or my lawyer will hear about the double delivery fee",
    customer: "cust-secret-77",
    department: "billing",
    category: "invoice",
    outcomes: { legal_threat: true, credit: { amount: 120, currency: "ILS" } },
  },
  { id: "cc-4", received_at: "2025-05-14T09:00:00Z", channel: "chat", text: "I will move to another shop unless the delivery fee is refunded", customer: "cust-4", department: "billing", outcomes: { churn_threat: true, retained: true, credit: { amount: 25, currency: "USD" } } },
  { id: "cc-5", received_at: "2025-05-15T10:00:00Z", channel: "store", text: "Returned the kettle, the invoice <b>was</b> wrong", customer: "cust-5", department: "billing", outcomes: { returned: true, credit: { amount: 30.5, currency: "ILS" } } },
  { id: "cc-6", received_at: "2025-04-14T10:00:00Z", channel: "phone", text: "דמי משלוח גבוהים מדי", customer: "cust-6", department: "billing" },
  // No rule attributes it: it waits in the unassigned queue.
  { id: "cc-9", received_at: "2025-05-13T10:00:00Z", channel: "store", text: "Nobody could tell me anything" },
  // Outside the twelve weeks: the week after, and the week before they start.
  { id: "cc-7", received_at: "2025-05-18T10:00:00Z", channel: "phone", text: "דמי משלוח שוב", customer: "cust-7", department: "billing" },
  { id: "cc-8", received_at: "2025-02-20T10:00:00Z", channel: "phone", text: "דמי משלוח", customer: "cust-8", department: "billing" },
];

const WINDOW = "department=billing&weeks=12&week=2025-W20";

/** The page's text without tags and the isolates translations put around values. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/[\u2066-\u2069\u200e\u200f]/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");
/** The page's heading, as read. */
const headingOf = (html: string) => textOf(/<h1>(.*?)<\/h1>/.exec(html)?.[1] ?? "").trim();
const figure = (html: string, name: string) => new RegExp(`<div class="figure figure-${name}"><dt>([^<]*)</dt><dd><a href="([^"]*)">(.*?)</a>`).exec(html);

describe("the console's complaints view", () => {
  let bot: RunningBot;

  beforeAll(async () => {
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
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  it("shows a department's twelve weeks: figures, the weeks, spikes and recurring themes", async () => {
    const admin = new WebClient(bot.base);
    await admin.beAs("מיכל ביטון");
    const page = await admin.get(`/app/console/complaints?${WINDOW}`);
    expect(page.status).toBe(200);
    expect(headingOf(page.html)).toBe("Complaints · חשבונות");
    const text = textOf(page.html);
    expect(text).toContain("23 Feb 2025 to 17 May 2025: the weeks of the weekly digests up to 2025-W20.");

    const values = Object.fromEntries(["complaints", "repeats", "returned", "credits", "legalThreats", "churnThreats", "retained"].map((f) => [f, textOf(figure(page.html, f)?.[3] ?? "").trim()]));
    expect(values).toEqual({ complaints: "6", repeats: "1", returned: "1", credits: "150.50 ILS · 25.00 USD", legalThreats: "1", churnThreats: "1", retained: "1" });
    expect(text).toContain("Customers retained 1 1 of 1 who threatened to leave");

    // The table beside the chart: 12 weeks from 23 Feb, one complaint in the week from 13 April, five in the last (a spike).
    const rows = [...page.html.matchAll(/<tr><th scope="row"><bdi>([^<]+)<\/bdi><\/th><td><a [^>]*><bdi>(\d+)<\/bdi><\/a><\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => `${m[1]}: ${m[2]}${m[3] ? ` ${m[3]}` : ""}`);
    expect(rows).toEqual([
      "23 Feb 2025: 0",
      "2 Mar 2025: 0",
      "9 Mar 2025: 0",
      "16 Mar 2025: 0",
      "23 Mar 2025: 0",
      "30 Mar 2025: 0",
      "6 Apr 2025: 0",
      "13 Apr 2025: 1",
      "20 Apr 2025: 0",
      "27 Apr 2025: 0",
      "4 May 2025: 0",
      "11 May 2025: 5 spike",
    ]);
    expect(page.html).toMatch(/<svg class="week-chart" viewBox="0 0 640 220" role="img" aria-labelledby="trend-chart-title"/);
    expect((page.html.match(/<rect class="chart-bar( chart-bar-marked)?"/g) ?? []).length).toBe(12);
    expect((page.html.match(/<rect class="chart-bar chart-bar-marked"/g) ?? []).length).toBe(1);
    expect(page.html).not.toMatch(/\sstyle="/);
    expect(text).toContain("Spikes");
    expect(text).toContain("Week from 11 May 2025: 5 complaints");
    // "משלוח" in three complaints, in two of the weeks; the English complaints' "delivery fee" in two, in one week.
    expect(text).toContain("משלוח 3 2");
    expect(text).toContain("delivery fee 2 1");
  });

  it("lists the complaints behind a figure without the customer's email, phone or reference", async () => {
    const admin = new WebClient(bot.base);
    await admin.beAs("מיכל ביטון");
    const page = await admin.get(`/app/console/complaints?${WINDOW}`);
    const legal = figure(page.html, "legalThreats")![2]!.replace(/&amp;/g, "&");
    const behind = await admin.get(legal);
    expect(behind.status).toBe(200);
    expect(headingOf(behind.html)).toBe("Legal threats · חשבונות");
    const text = textOf(behind.html);
    expect(text).toContain("1 complaints received from 23 Feb 2025 to 17 May 2025.");
    expect(text).toContain("13 May 2025, 11:30 email invoice Call me on [phone] or write to [email], or my lawyer will hear about the double delivery fee credit 120.00 ILS, legal threat");
    expect(behind.html).not.toContain("052-123-4567");
    expect(behind.html).not.toContain("dana.customer@example.com");
    expect(behind.html).not.toContain("cust-secret-77");
    expect(behind.html).not.toContain("cc-3");
    const hash = (await bot.app.db.prisma.complaint.findUniqueOrThrow({ where: { externalId: "cc-3" } })).customerHash;
    expect(hash).toEqual(expect.any(String));
    expect(behind.html).not.toContain(hash!);

    const all = await admin.get(figure(page.html, "complaints")![2]!.replace(/&amp;/g, "&"));
    expect((all.html.match(/<td class="excerpt">/g) ?? []).length).toBe(6);
    // Text the customer wrote is shown as text.
    expect(all.html).toContain("the invoice &lt;b&gt;was&lt;/b&gt; wrong");
    expect(textOf(all.html)).toContain("15 May 2025, 13:00 store — Returned the kettle, the invoice <b>was</b> wrong returned, credit 30.50 ILS");
  });

  it("shows the company's departments side by side, and the unassigned queue", async () => {
    const admin = new WebClient(bot.base);
    await admin.beAs("מיכל ביטון");
    const page = await admin.get("/app/console/complaints?department=company&weeks=12&week=2025-W20");
    expect(page.status).toBe(200);
    expect(headingOf(page.html)).toBe("Complaints · The company");
    expect(textOf(page.html)).toContain("חשבונות 6 1 1 1 1");
    expect(page.html).toContain('<h2 id="queue">Unassigned complaints</h2>');
    // The demo's unassigned complaints wait with the chat's Move… button.
    const queue = /<section aria-labelledby="queue"[\s\S]*?<\/section>/.exec(page.html)![0];
    expect(textOf(queue)).toContain("Nobody could tell me anything");
    expect(queue).toMatch(/name="action" value="complaint\.move">/);
  });

  it("refuses a manager another department's complaints and the company's", async () => {
    const manager = new WebClient(bot.base);
    await manager.beAs("יוסי אברהם");
    expect(headingOf((await manager.get("/app/console/complaints")).html)).toBe("Complaints · שיווק");
    for (const path of [`/app/console/complaints?${WINDOW}`, "/app/console/complaints?department=company", `/app/console/complaints/behind?${WINDOW}&figure=legalThreats`]) {
      const refused = await manager.get(path);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("<h1>You are not allowed to do that.</h1>");
    }
  });

  it("shows the view in Hebrew, right to left", async () => {
    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const page = await manager.get(`/app/console/complaints?${WINDOW}`);
    expect(page.html).toContain('<html lang="he" dir="rtl">');
    const text = textOf(page.html);
    expect(text).toContain("תלונות · חשבונות");
    expect(text).toContain("איומים בתביעה 1");
    expect(text).toContain("זיכויים 150.50 ILS · 25.00 USD");
    expect(text).toContain("נושאים חוזרים");
  });
});
