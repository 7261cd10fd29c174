import { readFileSync, writeFileSync } from "node:fs";
import pino from "pino";
import type { RunningApp } from "../../src/app";
import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";
import { databaseKinds } from "../helpers/databases";
import { postSlackEvent, slackSignature } from "../helpers/slack";

describe.each(databaseKinds)("the running bot on %s", (kind) => {
  let bot: RunningBot;
  let app: RunningApp;
  let base: string;
  let orgFile: string;
  /** What the bot logged at warn and above, one JSON object a line. */
  const logged: string[] = [];

  beforeAll(async () => {
    bot = await startBot(kind, "examples/org.yml", {}, pino({ level: "warn" }, { write: (line: string) => void logged.push(line) }));
    ({ app, base, orgFile } = bot);
  }, BOT_START_TIMEOUT_MS);

  afterAll(async () => {
    await bot?.stop();
  });

  it("is alive, ready and exposes metrics", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: true, organisation: true });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(metrics).toContain("process_cpu_seconds_total");
  });

  it("imported the organisation file at start-up", async () => {
    const employees = await app.db.prisma.employee.count({ where: { active: true } });
    expect(employees).toBeGreaterThanOrEqual(12);
    const billing = await app.db.prisma.department.findUnique({ where: { key: "billing" }, include: { managers: true } });
    expect(billing?.slackChannel).toBe("C0BILLING");
    expect(billing?.managers).toHaveLength(1);
  });

  it("answers a correctly signed Slack event through the Web API given by SLACK_API_URL", async () => {
    const response = await postSlackEvent(base, { type: "app_home_opened", user: "U0DANA", tab: "home", channel: "D0DANA" });
    expect(response.status).toBe(200);
    const call = await bot.slackApi.next("views.publish");
    expect(call.body.user_id).toBe("U0DANA");
    const view = call.body.view as { type: string; blocks: { text?: { text: string } }[] };
    expect(view.type).toBe("home");
    // Dana's locale is Hebrew in the example organisation.
    expect(JSON.stringify(view.blocks)).toContain("תרבות שירות");
    // Her next shifts on the support line, planned at start-up.
    expect(JSON.stringify(view.blocks)).toContain("המשמרות הבאות שלך בקו השירות");
  });

  it("refuses Slack requests with a wrong or stale signature", async () => {
    // Only the home tab would answer these events; other calls (the outbox) go on meanwhile.
    const homes = () => bot.slackApi.calls.filter((c) => c.method === "views.publish").length;
    const before = homes();
    const body = JSON.stringify({ type: "event_callback", event: { type: "app_home_opened", user: "U0DANA", tab: "home" } });
    const forged = await fetch(`${base}/slack/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...slackSignature(body, "not-the-secret") },
      body,
    });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${base}/slack/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...slackSignature(body, undefined, Math.floor(Date.now() / 1000) - 600) },
      body,
    });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(homes()).toBe(before);
  });

  it("keeps Teams closed without credentials", async () => {
    const response = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "message", text: "help" }),
    });
    expect(response.status).toBe(503);
  });

  it("re-imports the organisation file when it changes, and keeps the last good one when it breaks", async () => {
    const original = readFileSync(orgFile, "utf8");
    const activeDepartments = async () =>
      (await app.db.prisma.department.findMany({ where: { active: true }, select: { key: true }, orderBy: { key: "asc" } })).map((d) => d.key);
    const departments = await activeDepartments();
    expect(departments).toContain("billing");
    writeFileSync(orgFile, original.replace("name: משה כהן", "name: Moshe Renamed"));
    await waitFor(async () => (await app.db.prisma.employee.findUnique({ where: { email: "moshe@acme.example" } }))?.name === "Moshe Renamed");

    writeFileSync(orgFile, original.replace("key: billing", "key: Bad Key"));
    // Once the bot has read the broken file and said so, nothing it imported before may have changed.
    await waitFor(async () => logged.some((line) => line.includes("Organisation file not re-imported")));
    expect(await activeDepartments()).toEqual(departments);
    expect(await app.db.prisma.employee.findUnique({ where: { email: "moshe@acme.example" } })).toMatchObject({ name: "Moshe Renamed", active: true });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}
