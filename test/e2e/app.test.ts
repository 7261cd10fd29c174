import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type RunningApp } from "../../src/app";
import { loadConfig } from "../../src/config/env";
import { createLogger } from "../../src/logger";
import { createScratchPostgres, databaseKinds } from "../helpers/databases";
import { postSlackEvent, slackSignature, startSlackApiStandIn } from "../helpers/slack";

const logger = createLogger("silent");

describe.each(databaseKinds)("the running bot on %s", (kind) => {
  let app: RunningApp;
  let base: string;
  let slackApi: Awaited<ReturnType<typeof startSlackApiStandIn>>;
  let orgFile: string;
  let dropDatabase: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    slackApi = await startSlackApiStandIn();
    const dir = mkdtempSync(path.join(tmpdir(), "bot-"));
    orgFile = path.join(dir, "org.yml");
    copyFileSync("examples/org.yml", orgFile);
    const env: Record<string, string> = {
      PORT: "0",
      DATA_DIR: dir,
      ORG_FILE: orgFile,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "test-signing-secret",
      SLACK_API_URL: slackApi.url,
    };
    if (kind === "postgres") {
      const scratch = await createScratchPostgres();
      env.DATABASE_URL = scratch.url;
      dropDatabase = scratch.drop;
    }
    app = await startApp(loadConfig(env), logger);
    base = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app.stop();
    await slackApi.close();
    await dropDatabase();
  });

  it("is alive, ready and exposes metrics", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: true });
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
    const call = await slackApi.next("views.publish");
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
    const homes = () => slackApi.calls.filter((c) => c.method === "views.publish").length;
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
    writeFileSync(orgFile, original.replace("name: משה כהן", "name: Moshe Renamed"));
    await waitFor(async () => (await app.db.prisma.employee.findUnique({ where: { email: "moshe@acme.example" } }))?.name === "Moshe Renamed");

    writeFileSync(orgFile, original.replace("key: billing", "key: Bad Key"));
    await new Promise((r) => setTimeout(r, 3000));
    expect(await app.db.prisma.department.count({ where: { active: true } })).toBeGreaterThanOrEqual(3);
    expect(await app.db.prisma.department.findUnique({ where: { key: "billing" } })).toMatchObject({ active: true });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}
