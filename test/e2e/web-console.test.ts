/**
 * The managers' console over real HTTP: each person sees in its bar only the views they may
 * open, and a view for managers is refused to an employee with 403 in their language.
 * Each view has its own test file (web-console-*.test.ts).
 */
import type { RunningBot } from "../helpers/bot";
import { BOT_START_TIMEOUT_MS } from "../helpers/bot";
import { startWebDemo, WebClient } from "../helpers/web";

describe("the managers' console", () => {
  let bot: RunningBot;

  beforeAll(async () => {
    bot = await startWebDemo("pglite");
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  }, BOT_START_TIMEOUT_MS);

  const barOf = (html: string) => [...(/<nav class="console-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "").matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

  it("shows an employee the views every employee has, and refuses them the managers' views", async () => {
    const employee = new WebClient(bot.base);
    await employee.beAs("Daniel Green");
    const overview = await employee.get("/app/console");
    expect(overview.status).toBe(200);
    expect(overview.html).toContain('<a href="/app/console" aria-current="page">Console</a>');
    expect(barOf(overview.html)).toEqual(["/app/console/rotation", "/app/console/ideas", "/app/console/stories"]);
    for (const path of ["/app/console/complaints", "/app/console/quarterly"]) {
      const refused = await employee.get(path);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain("<h1>You are not allowed to do that.</h1>");
    }
  });

  it("shows a manager every view, in Hebrew and right to left", async () => {
    const manager = new WebClient(bot.base);
    await manager.beAs("דנה לוי");
    const overview = await manager.get("/app/console");
    expect(overview.html).toContain('<html lang="he" dir="rtl">');
    expect(overview.html).toContain("<h1>מסוף ניהול</h1>");
    expect(barOf(overview.html)).toEqual(["/app/console/rotation", "/app/console/ideas", "/app/console/stories", "/app/console/complaints", "/app/console/quarterly"]);
    expect((await manager.get("/app/console/complaints")).status).toBe(200);
  });

  it("sends a stranger to choose who they are", async () => {
    const stranger = await new WebClient(bot.base).get("/app/console/complaints");
    expect(stranger.url).toBe(`${bot.base}/app/who`);
  });
});
