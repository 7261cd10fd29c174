/**
 * The console's ideas board and idea page over real HTTP, on the demo's twelve weeks of
 * ideas: a freshly filed idea in the Submitted column, filters and the search narrowing the
 * board, markup in a title shown as text, an anonymous proposer never named, a manager's
 * approval from the idea's page moving it to Approved, and an employee given no decision
 * buttons and refused a forged one.
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { loadOrganisationFile } from "../../src/config/organisation";
import { seedSampleData } from "../../src/demo/sample-data";
import { testServiceDeps } from "../helpers/service-deps";
import { formFor, startWebDemo, WebClient, type Page } from "../helpers/web";

const DAY_MS = 86_400_000;

describe.each(databaseKinds)("the console's ideas board on %s", (kind) => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startWebDemo(kind);
    // The twelve weeks of ideas and complaints that `npm run demo` shows, as it seeds them (web only).
    const file = await loadOrganisationFile("examples/org.yml");
    await seedSampleData(testServiceDeps(bot.app.db.prisma, file.organisation, { platforms: ["WEB"] }), { now: new Date() });
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const idOf = async (title: string) => (await bot.app.db.prisma.idea.findFirstOrThrow({ where: { title }, select: { id: true } })).id;
  const statusOf = async (title: string) => (await bot.app.db.prisma.idea.findFirstOrThrow({ where: { title }, select: { status: true } })).status;

  /** Files an idea through the web form, past the similar ideas if any are shown. */
  async function fileIdea(client: WebClient, fields: Record<string, string>): Promise<void> {
    const form = await client.get("/app/idea");
    const saved = await client.submit(form, formFor(form.html, "idea.submit")!, fields);
    const anyway = formFor(saved.html, "idea.submit_draft");
    if (anyway) await client.submit(saved, anyway);
  }

  /** The section of one status's column. */
  const column = (page: Page, status: string) => new RegExp(`<section class="idea-column" aria-labelledby="column-${status}"[\\s\\S]*?</section>`).exec(page.html)?.[0] ?? "";
  /** The titles listed in a piece of the board, as shown (escaped). */
  const titlesIn = (piece: string) => [...piece.matchAll(/<li class="idea-item"><a href="\/app\/console\/ideas\/\d+"><bdi>([^<]*)<\/bdi>/g)].map((m) => m[1]);
  const boardTitles = (page: Page) => titlesIn(page.html);

  it("shows a freshly filed idea at the top of the Submitted column, its title written out", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    await fileIdea(employee, { title: "Quokka badges for billing callers", problem: "Customers forget whom they spoke to.", department: "billing" });
    const board = await employee.get("/app/console/ideas");
    expect(board.status).toBe(200);
    expect(board.html).toContain("<h1>Ideas board</h1>");
    expect(titlesIn(column(board, "SUBMITTED"))[0]).toBe("Quokka badges for billing callers");
    expect(column(board, "SUBMITTED")).toMatch(/<h2 id="column-SUBMITTED">Submitted <span class="idea-count">\(\d+\)<\/span><\/h2>/);
    for (const status of ["APPROVED", "IN_PROGRESS", "DONE"]) expect(column(board, status)).toContain(`<h2 id="column-${status}">`);
    const closed = /<section class="idea-closed"[\s\S]*$/.exec(board.html)?.[0] ?? "";
    expect(closed).toContain('<h2 id="closed-ideas">Rejected and merged</h2>');
    expect(closed).toContain('<h3 id="column-REJECTED">Rejected');
    expect(closed).toContain('<h3 id="column-MERGED">Merged');
  });

  it("narrows the board by search, department, votes and age", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    await fileIdea(employee, { title: "Wombat badges for billing callers", problem: "Callers cannot tell who answered them.", department: "billing" });
    await fileIdea(employee, { title: "Wombat stickers on support tickets", department: "support" });
    expect(boardTitles(await employee.get("/app/console/ideas?q=wombat")).sort()).toEqual(["Wombat badges for billing callers", "Wombat stickers on support tickets"]);
    // Part of a word, as typed, finds it too.
    expect(boardTitles(await employee.get("/app/console/ideas?q=Womb")).sort()).toEqual(["Wombat badges for billing callers", "Wombat stickers on support tickets"]);
    expect(boardTitles(await employee.get("/app/console/ideas?q=wombat&department=billing"))).toEqual(["Wombat badges for billing callers"]);
    expect(boardTitles(await employee.get("/app/console/ideas?q=wombat+sticker"))).toEqual(["Wombat stickers on support tickets"]);
    // The problem's words are searched as well as the title's.
    expect(boardTitles(await employee.get("/app/console/ideas?q=cannot+tell"))).toEqual(["Wombat badges for billing callers"]);

    const page = await employee.get(`/app/console/ideas/${await idOf("Wombat stickers on support tickets")}`);
    await employee.submit(page, formFor(page.html, "idea.vote")!);
    expect(boardTitles(await employee.get("/app/console/ideas?q=wombat&votes=1"))).toEqual(["Wombat stickers on support tickets"]);
    const old = await employee.get("/app/console/ideas?q=wombat&older=1");
    expect(boardTitles(old)).toEqual([]);
    // The form shows the filters it was given.
    expect(old.html).toContain('<input type="search" id="idea-q" name="q" maxlength="200" dir="auto" value="wombat">');
    expect(old.html).toContain('name="older" min="1" max="3650" inputmode="numeric" value="1">');
  });

  it("shows markup in a title as text", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const title = "Refund <script>alert(1)</script> within a week";
    await fileIdea(employee, { title, department: "billing" });
    const board = await employee.get("/app/console/ideas?q=refund+within+a+week");
    expect(board.html).not.toContain("<script>alert(1)</script>");
    expect(boardTitles(board)).toEqual(["Refund &lt;script&gt;alert(1)&lt;/script&gt; within a week"]);
    const page = await employee.get(`/app/console/ideas/${await idOf(title)}`);
    expect(page.html).not.toContain("<script>alert(1)</script>");
    expect(page.html).toContain("<bdi>Refund &lt;script&gt;alert(1)&lt;/script&gt; within a week</bdi></h1>");
  });

  it("never names the proposer of an anonymous idea, not even to a manager of its department", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const title = "Quiet room for the billing team";
    await fileIdea(employee, { title, department: "billing", anonymous: "true" });
    const id = await idOf(title);
    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const page = await manager.get(`/app/console/ideas/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("<dt>הוצע על ידי</dt><dd><bdi>אנונימי</bdi></dd>");
    expect(page.html).not.toContain("Daniel Green");
    // Filing it is in the history, by nobody named.
    expect(page.html).toMatch(/· הוגש על ידי \u2068אנונימי\u2069<\/li>/);
  });

  it("lets a manager of the idea's department approve it from its page, and the board then shows it under Approved", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const title = "Quokka mascot on billing invoices";
    await fileIdea(employee, { title, department: "billing" });
    const id = await idOf(title);

    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const page = await manager.get(`/app/console/ideas/${id}`);
    expect(page.html).toContain('<html lang="he" dir="rtl">');
    expect(page.html).toContain("<bdi>Daniel Green</bdi>");
    for (const action of ["idea.approve", "idea.reject", "idea.ask", "idea.merge", "idea.vote"]) expect(formFor(page.html, action)).toBeDefined();
    const approveForm = await manager.submit(page, formFor(page.html, "idea.approve")!);
    const dana = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "dana@acme.example" } });
    const decided = await manager.submit(approveForm, formFor(approveForm.html, "idea.approve")!, { owner: String(dana.id), note: "From next month" });
    expect(decided.status).toBe(200);
    expect(await statusOf(title)).toBe("APPROVED");

    const board = await manager.get("/app/console/ideas?q=quokka+mascot");
    expect(titlesIn(column(board, "APPROVED"))).toEqual(["Quokka mascot on billing invoices"]);
    expect(titlesIn(column(board, "SUBMITTED"))).toEqual([]);
    // Its owner is now a choice of the owner filter, and filters to it.
    expect(boardTitles(await manager.get(`/app/console/ideas?q=quokka&owner=${dana.id}`))).toEqual(["Quokka mascot on billing invoices"]);

    const after = await manager.get(`/app/console/ideas/${id}`);
    expect(after.html).toContain("\u2068הוגש\u2069 ← \u2068אושר\u2069 על ידי \u2068דנה לוי\u2069");
    expect(after.html).toContain("הערה: \u2068From next month\u2069");
    expect(formFor(after.html, "idea.start")).toBeDefined();
  });

  it("gives an employee the vote and no decision buttons, and refuses a forged decision", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const title = "Quokka hold music for billing";
    await fileIdea(employee, { title, department: "billing" });
    const id = await idOf(title);
    const page = await employee.get(`/app/console/ideas/${id}`);
    expect(formFor(page.html, "idea.vote")).toBeDefined();
    expect(page.html).toContain("Everyone in the company may vote while the idea is open.");
    for (const action of ["idea.approve", "idea.reject", "idea.ask", "idea.merge", "idea.start", "idea.done"]) expect(formFor(page.html, action)).toBeUndefined();

    const vote = formFor(page.html, "idea.vote")!;
    const forged = await employee.submit(page, vote.replace('value="idea.vote"', 'value="idea.approve"'));
    expect(forged.html).toContain("Only");
    // The approval form itself, posted without ever being given: the service refuses it too.
    const daniel = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    const tokens = { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.html)![1]!, request: crypto.randomUUID() };
    const forgedForm = await employee.request("/app/form", { form: { ...tokens, action: "idea.approve", state: `${id}:SUBMITTED`, owner: String(daniel.id) } });
    expect(forgedForm.html).toContain("Only");
    expect(await statusOf(title)).toBe("SUBMITTED");
  });

  it("shows a Hebrew reader the board right to left, in Hebrew", async () => {
    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const board = await manager.get("/app/console/ideas");
    expect(board.html).toContain('<html lang="he" dir="rtl">');
    expect(board.html).toContain("<h1>לוח רעיונות</h1>");
    expect(board.html).toContain('<h2 id="closed-ideas">נדחו ואוחדו</h2>');
    expect(board.html).toContain('<label for="idea-q">חיפוש בכותרות ובבעיות</label>');
  });

  it("shows on an idea's page the recurring complaint themes of its department that its words cover", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const before = new Date();
    const page = await employee.get(`/app/console/ideas/${await idOf("להציג דמי משלוח כבר בעגלה")}`);
    const after = new Date();
    const themes = /<ul class="idea-themes">[\s\S]*?<\/ul>/.exec(page.html)?.[0] ?? "";
    const shown = [...themes.matchAll(/<li><bdi>([^<]+)<\/bdi> · <span class="context">(\d+) complaints<\/span><\/li>/g)].map((m) => ({ theme: m[1]!, count: Number(m[2]) }));
    // The sample data is laid out from the day it is seeded, so which phrases lead and how often
    // they were said depends on the day: the spike's words are shown, each with as many of
    // billing's complaints of the 12 weeks before the request as carry it, most frequent first.
    expect(shown.map((t) => t.theme)).toEqual(expect.arrayContaining(["משלוח", "דמי"]));
    expect(shown.length).toBeLessThanOrEqual(5);
    expect(shown.map((t) => t.count)).toEqual([...shown.map((t) => t.count)].sort((a, b) => b - a));
    const saidIn12Weeks = async (theme: string, until: Date) => {
      const rows = await bot.app.db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM complaints c JOIN departments d ON d.id = c.department_id
         WHERE d.key = 'billing' AND ${theme} = ANY(c.themes) AND c.received_at >= ${new Date(until.getTime() - 12 * 7 * DAY_MS)} AND c.received_at < ${until}`;
      return rows[0]!.n;
    };
    for (const { theme, count } of shown) expect([await saidIn12Weeks(theme, before), await saidIn12Weeks(theme, after)]).toContain(count);
    await fileIdea(employee, { title: "Numbat plush toys in the office lobby", department: "marketing" });
    const unrelated = await employee.get(`/app/console/ideas/${await idOf("Numbat plush toys in the office lobby")}`);
    expect(unrelated.html).toContain("None of the department&#39;s recurring complaint themes of the last 12 weeks is in this idea&#39;s words.");
  });

  it("keeps a board of a thousand more ideas to a few per column, with each column's ideas a page at a time", async () => {
    const prisma = bot.app.db.prisma;
    const billing = await prisma.department.findUniqueOrThrow({ where: { key: "billing" } });
    const daniel = await prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    await prisma.idea.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({ title: `Platypus idea ${i + 1}`, departmentId: billing.id, proposerId: daniel.id, searchTerms: ["platypus", "idea", String(i + 1)] })),
    });
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const board = await employee.get("/app/console/ideas?q=platypus");
    const submitted = column(board, "SUBMITTED");
    expect(submitted).toContain('<h2 id="column-SUBMITTED">Submitted <span class="idea-count">(1000)</span></h2>');
    expect(titlesIn(submitted)).toEqual(Array.from({ length: 12 }, (_, i) => `Platypus idea ${1000 - i}`));
    expect(submitted).toContain('<a href="/app/console/ideas?q=platypus&amp;status=SUBMITTED">All 1000 ideas in Submitted</a>');

    const last = await employee.get("/app/console/ideas?q=platypus&status=SUBMITTED&page=20");
    expect(last.html).toContain("<p>Page 20 of 20</p>");
    expect(titlesIn(column(last, "SUBMITTED"))).toEqual(Array.from({ length: 50 }, (_, i) => `Platypus idea ${50 - i}`));
    expect(last.html).toContain('<a href="/app/console/ideas?q=platypus&amp;status=SUBMITTED&amp;page=19">Previous page</a>');
    expect(last.html).not.toContain("Next page");
  });
});
