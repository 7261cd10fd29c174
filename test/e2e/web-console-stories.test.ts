/**
 * The console's stories wall over real HTTP, on the demo's twelve weeks of stories: the
 * story of the week highlighted, the quarter's top, the published stories newest first as
 * cards, appreciated from the wall (and back to it), markup shown as text, Hebrew right to
 * left, and a page at a time.
 */
import { loadOrganisationFile } from "../../src/config/organisation";
import { seedSampleData } from "../../src/demo/sample-data";
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { testServiceDeps } from "../helpers/service-deps";
import { startWebDemo, WebClient, type Page } from "../helpers/web";

describe.each(databaseKinds)("the console's stories wall on %s", (kind) => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startWebDemo(kind);
    const file = await loadOrganisationFile("examples/org.yml");
    await seedSampleData(testServiceDeps(bot.app.db.prisma, file.organisation, { platforms: ["WEB"] }), { now: new Date() });
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const cards = (page: Page) => [...page.html.matchAll(/<li><article class="message story-card[^"]*" aria-labelledby="story-(\d+)">[\s\S]*?<\/article><\/li>/g)].map((m) => ({ id: Number(m[1]), html: m[0] }));
  const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

  it("highlights the latest story of the week, as the stories channel shows it, and marks its card", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const wall = await employee.get("/app/console/stories");
    expect(wall.status).toBe(200);
    expect(wall.html).toContain("<h1>Stories wall</h1>");
    const chosen = await bot.app.db.prisma.serviceStory.findFirstOrThrow({ where: { storyOfWeek: { not: null } }, orderBy: { storyOfWeek: "desc" }, select: { id: true, text: true, storyOfWeek: true } });
    const highlight = /<div class="story-week">[\s\S]*?<\/article><p class="context">[^<]*<\/p><\/div>/.exec(wall.html)?.[0] ?? "";
    expect(highlight).toContain("<h2>🌟 Story of the week</h2>");
    expect(highlight).toContain(escaped(chosen.text.split("\n")[0]!.slice(0, 60)));
    expect(highlight).toContain(`<p class="context">Chosen for week ${chosen.storyOfWeek}</p>`);
    const card = cards(wall).find((c) => c.id === chosen.id);
    expect(card?.html).toContain(`<p class="story-badge">🌟 Story of the week ${chosen.storyOfWeek}</p>`);
    expect(card?.html).toContain('class="message story-card story-of-week"');
  });

  it("shows the quarter's most appreciated stories and the published stories newest first", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const wall = await employee.get("/app/console/stories");
    expect(wall.html).toMatch(/<div class="story-top"><article class="message"[^>]*><h2>Most appreciated stories · Q[1-4] 20\d\d<\/h2>/);
    const published = await bot.app.db.prisma.serviceStory.findMany({ where: { status: "PUBLISHED" }, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(published).toHaveLength(12);
    expect(cards(wall).map((c) => c.id)).toEqual(published.map((p) => p.id));
    expect(wall.html).toContain('<h2 id="story-wall">All published stories <span class="story-count">(12)</span></h2>');
  });

  it("counts an emoji pressed on the wall as a reaction to the story, and comes back to the wall", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const wall = await employee.get("/app/console/stories");
    const [first] = cards(wall);
    const clap = (first!.html.match(/<form method="post" action="\/app\/react"[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes('name="emoji" value="clap"'))!;
    expect(clap).toContain('<input type="hidden" name="back" value="/app/console/stories">');
    const before = Number(/<bdi>(\d+)<\/bdi><\/button>/.exec(clap)![1]);
    const after = await employee.submit(wall, clap);
    expect(after.url).toBe(`${bot.base}/app/console/stories`);
    const again = cards(after).find((c) => c.id === first!.id)!;
    const pressed = (again.html.match(/<form method="post" action="\/app\/react"[\s\S]*?<\/form>/g) ?? []).find((f) => f.includes('name="emoji" value="clap"'))!;
    expect(pressed).toContain('aria-pressed="true"');
    expect(pressed).toContain(`<bdi>${before + 1}</bdi></button>`);
  });

  it("shows a story's markup as text, and a Hebrew reader the wall right to left", async () => {
    const author = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    await bot.app.db.prisma.serviceStory.create({ data: { authorId: author.id, text: "Stayed late <script>alert(1)</script> to fix an order", status: "PUBLISHED", publishedAt: new Date() } });
    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const wall = await manager.get("/app/console/stories");
    expect(wall.html).toContain('<html lang="he" dir="rtl">');
    expect(wall.html).toContain("<h1>קיר הסיפורים</h1>");
    expect(wall.html).not.toContain("<script>alert(1)</script>");
    expect(cards(wall)[0]!.html).toContain('<p class="story-text" dir="auto" id="story-');
    expect(cards(wall)[0]!.html).toContain(">Stayed late &lt;script&gt;alert(1)&lt;/script&gt; to fix an order</p>");
    // A story never posted on the web shows its counts, with no buttons.
    expect(cards(wall)[0]!.html).toContain('<p class="appreciated">אנשים שהגיבו: 0 · תגובות: 0</p>');
  });

  it("shows the stories a page at a time", async () => {
    const author = await bot.app.db.prisma.employee.findUniqueOrThrow({ where: { email: "daniel@acme.example" } });
    const long = new Date(Date.now() - 400 * 24 * 60 * 60_000);
    await bot.app.db.prisma.serviceStory.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({ authorId: author.id, text: `An old story number ${i + 1}`, status: "PUBLISHED" as const, publishedAt: new Date(long.getTime() + i * 60_000) })),
    });
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const first = await employee.get("/app/console/stories");
    expect(cards(first)).toHaveLength(20);
    expect(first.html).toContain("<p>Page 1 of 2</p>");
    expect(first.html).toContain('<a href="/app/console/stories?page=2">Older stories</a>');
    const second = await employee.get("/app/console/stories?page=2");
    expect(second.html).toContain("<p>Page 2 of 2</p>");
    expect(cards(second).map((c) => /<p class="story-text" dir="auto" id="story-\d+">([^<]*)<\/p>/.exec(c.html)![1])).toEqual(["An old story number 3", "An old story number 2", "An old story number 1"]);
    expect(second.html).toContain('<a href="/app/console/stories">Newer stories</a>');
  });
});
